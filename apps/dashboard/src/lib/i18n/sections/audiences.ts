import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
export const audiencesEn = {
  title: 'Audiences',
  heading: 'Audiences',
  intro:
    'Who the webinars reach: their sectors, their gender where they gave it, the language of the sessions they attend, and how these cross with topics, countries and years.',
  empty: 'No data for these filters. Remove a filter or choose another period.',
  participants: 'Participants',
  share: 'Share of participants (%)',
  sectors: {
    heading: 'Participants by sector',
    takeaway:
      '{{sector}} is the largest group: {{count}} participants, {{share}} of everyone reached.',
    chartLabel:
      'Bar chart of unique participants by sector, with each sector’s share; largest: {{sector}} with {{count}} ({{share}}).',
    category: 'Sector',
  },
  gender: {
    heading: 'Gender',
    notCollected:
      'Gender is not collected for these participants: nobody in this view stated one, so there is nothing to chart.',
    takeaway: 'Largest stated group: {{gender}}, {{count}} participants ({{share}}).',
    unstated:
      '{{share}} of participants did not state a gender. Gender is self-described, never guessed.',
    chartLabel:
      'Bar chart of unique participants by self-described gender; largest: {{gender}} with {{count}} ({{share}}).',
    category: 'Gender',
    values: {
      woman: 'Woman',
      man: 'Man',
      nonBinary: 'Non-binary',
      notStated: 'Not stated',
    },
  },
  language: {
    heading: 'Language of the sessions attended',
    takeaway:
      'Sessions in {{language}} reached the most people: {{count}} participants ({{share}}).',
    note: 'Someone who attended sessions in both languages counts under both, so the shares can add up to more than 100 %.',
    chartLabel:
      'Bar chart of unique participants by the language of the sessions they attended; largest: {{language}} with {{count}} ({{share}}).',
    category: 'Language',
    notRecorded: 'Not recorded',
  },
  cross: {
    heading: 'Cross-tabulations',
    intro: 'Two dimensions at once. Darker cells are larger; sort by any column.',
    measureLabel: 'Count',
    measures: {
      participants: 'Participants',
      attendances: 'Attendances',
    },
    measureWords: {
      participants: 'participants',
      attendances: 'attendances',
    },
    notes: {
      participants:
        'Each person counts once in every cell they belong to, so cells can add up to more than the totals, which count each person once.',
      attendances:
        'One attendance is one person at one webinar; a webinar with two topics counts under both.',
    },
    total: 'Total',
    largest: 'Largest cell: {{row}} × {{column}}, {{count}} {{measure}}.',
    sector: 'Sector',
    topic: 'Topic',
    country: 'Country',
    region: 'Region',
    year: 'Year',
    noTopic: 'No topic',
    unknownCountry: 'Country not known',
    unknownRegion: 'Region not known',
    sectorTopic: {
      heading: 'Sector × topic',
      caption: '{{measure}} by sector and webinar topic',
    },
    countrySector: {
      heading: 'Country × sector',
      caption: '{{measure}} by country and sector: the {{count}} countries with most participants',
    },
    regionYear: {
      heading: 'Region × year',
      caption: '{{measure}} by World Bank region and year',
    },
  },
};

export const audiencesEs: Catalogue<typeof audiencesEn> = {
  title: 'Audiencias',
  heading: 'Audiencias',
  intro:
    'A quién llegan los webinarios: sus sectores, su género cuando lo indicaron, el idioma de las sesiones a las que asisten y cómo se cruzan con temas, países y años.',
  empty: 'No hay datos para estos filtros. Quite un filtro o elija otro período.',
  participants: 'Participantes',
  share: 'Proporción de participantes (%)',
  sectors: {
    heading: 'Participantes por sector',
    takeaway:
      '{{sector}} es el grupo más numeroso: {{count}} participantes, {{share}} de todas las personas alcanzadas.',
    chartLabel:
      'Gráfico de barras de participantes únicos por sector, con la proporción de cada uno; el mayor: {{sector}}, con {{count}} ({{share}}).',
    category: 'Sector',
  },
  gender: {
    heading: 'Género',
    notCollected:
      'No se recoge el género de estos participantes: nadie en esta vista lo indicó, así que no hay nada que graficar.',
    takeaway: 'Mayor grupo declarado: {{gender}}, {{count}} participantes ({{share}}).',
    unstated:
      '{{share}} de los participantes no indicó su género. El género es autodeclarado, nunca se deduce.',
    chartLabel:
      'Gráfico de barras de participantes únicos por género autodeclarado; el mayor: {{gender}}, con {{count}} ({{share}}).',
    category: 'Género',
    values: {
      woman: 'Mujer',
      man: 'Hombre',
      nonBinary: 'No binario',
      notStated: 'No indicado',
    },
  },
  language: {
    heading: 'Idioma de las sesiones a las que asistieron',
    takeaway:
      'Las sesiones en {{language}} llegaron a más personas: {{count}} participantes ({{share}}).',
    note: 'Quien asistió a sesiones en ambos idiomas cuenta en los dos, así que las proporciones pueden sumar más del 100 %.',
    chartLabel:
      'Gráfico de barras de participantes únicos según el idioma de las sesiones a las que asistieron; el mayor: {{language}}, con {{count}} ({{share}}).',
    category: 'Idioma',
    notRecorded: 'Sin registrar',
  },
  cross: {
    heading: 'Tablas cruzadas',
    intro:
      'Dos dimensiones a la vez. Las celdas más oscuras son mayores; ordene por cualquier columna.',
    measureLabel: 'Contar',
    measures: {
      participants: 'Participantes',
      attendances: 'Asistencias',
    },
    measureWords: {
      participants: 'participantes',
      attendances: 'asistencias',
    },
    notes: {
      participants:
        'Cada persona cuenta una vez en cada celda a la que pertenece, así que las celdas pueden sumar más que los totales, que cuentan a cada persona una sola vez.',
      attendances:
        'Una asistencia es una persona en un webinario; un webinario con dos temas cuenta en ambos.',
    },
    total: 'Total',
    largest: 'Celda mayor: {{row}} × {{column}}, {{count}} {{measure}}.',
    sector: 'Sector',
    topic: 'Tema',
    country: 'País',
    region: 'Región',
    year: 'Año',
    noTopic: 'Sin tema',
    unknownCountry: 'País desconocido',
    unknownRegion: 'Región desconocida',
    sectorTopic: {
      heading: 'Sector × tema',
      caption: '{{measure}} por sector y tema del webinario',
    },
    countrySector: {
      heading: 'País × sector',
      caption: '{{measure}} por país y sector: los {{count}} países con más participantes',
    },
    regionYear: {
      heading: 'Región × año',
      caption: '{{measure}} por región del Banco Mundial y año',
    },
  },
};
