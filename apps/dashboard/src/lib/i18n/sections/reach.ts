import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
// `map.*` is also read by WorldMap.svelte, whose only page is this one.
export const reachEn = {
  title: 'Reach',
  heading: 'Where participants come from',
  intro: 'Unique participants by country, World Bank region and income group, for the filters set.',
  headline: {
    label: 'Reach in a sentence',
    participantsOne: '{{value}} participant',
    participantsOther: '{{value}} participants',
    countriesOne: '{{value}} country',
    countriesOther: '{{value}} countries',
    sentence: '{{participants}} from {{countries}}.',
    topRegion: '{{share}} from {{region}}, the largest region.',
    topCountry: 'Most from {{country}}: {{value}} ({{share}}).',
  },
  axis: 'Unique participants',
  empty: 'No participants match these filters. Remove a filter or choose another period.',
  notClassified: 'Not classified',
  columns: {
    country: 'Country',
    code: 'ISO code',
    region: 'Region',
    incomeGroup: 'Income group',
    participants: 'Participants',
    attendances: 'Attendances',
    registrations: 'Registrations',
    minutes: 'Minutes attended',
    share: 'Share of participants',
  },
  map: {
    heading: 'Participants by country',
    caption: 'Unique participants by country',
    chartLabel:
      'World map of unique participants by country: {{count}} countries; the most from {{top}}, with {{value}}.',
    takeaway: 'Participants from {{countries}}; the darker the blue, the more participants.',
    legendScale: 'Darker blue: more participants (logarithmic scale).',
    legendNone: 'No participants',
    tooltipOne: '{{country}}: {{value}} participant',
    tooltipOther: '{{country}}: {{value}} participants',
    tooltipNone: '{{country}}: no participants',
    notDrawnOne:
      'One country is too small for the scale of this map and is only in the tables: {{names}}.',
    notDrawnOther:
      '{{count}} countries are too small for the scale of this map and are only in the tables: {{names}}.',
    noScript: 'The map needs JavaScript; the table below has the same figures.',
    failed: 'The map could not be drawn; the table below has the same figures.',
  },
  regions: {
    heading: 'Participants by region',
    chartLabel:
      'Bar chart of unique participants by World Bank region; largest: {{top}} with {{value}} ({{share}}).',
    takeaway: '{{share}} of participants come from {{top}}.',
  },
  income: {
    heading: 'Participants by income group',
    chartLabel:
      'Bar chart of unique participants by World Bank income group, from low to high income; largest: {{top}} with {{value}} ({{share}}).',
    takeaway:
      '{{low}} of participants come from low-income countries and {{lowerMiddle}} from lower-middle-income countries.',
    classification: 'World Bank classification, fiscal year {{year}}.',
  },
  table: {
    heading: 'All countries',
    caption: 'Unique participants, attendances, registrations and minutes by country',
    hint: 'Select a column heading to sort. Share: of all unique participants in this view.',
  },
};

export const reachEs: Catalogue<typeof reachEn> = {
  title: 'Alcance',
  heading: 'De dónde vienen los participantes',
  intro:
    'Participantes únicos por país, región e ingreso según el Banco Mundial, con los filtros aplicados.',
  headline: {
    label: 'El alcance en una frase',
    participantsOne: '{{value}} participante',
    participantsOther: '{{value}} participantes',
    countriesOne: '{{value}} país',
    countriesOther: '{{value}} países',
    sentence: '{{participants}} de {{countries}}.',
    topRegion: '{{share}} de {{region}}, la región con más participantes.',
    topCountry: 'El país con más: {{country}}, con {{value}} ({{share}}).',
  },
  axis: 'Participantes únicos',
  empty: 'Ningún participante coincide con estos filtros. Quite un filtro o elija otro período.',
  notClassified: 'Sin clasificar',
  columns: {
    country: 'País',
    code: 'Código ISO',
    region: 'Región',
    incomeGroup: 'Grupo de ingreso',
    participants: 'Participantes',
    attendances: 'Asistencias',
    registrations: 'Inscripciones',
    minutes: 'Minutos de asistencia',
    share: 'Proporción de participantes',
  },
  map: {
    heading: 'Participantes por país',
    caption: 'Participantes únicos por país',
    chartLabel:
      'Mapa mundial de participantes únicos por país: {{count}} países; la mayoría de {{top}}, con {{value}}.',
    takeaway: 'Participantes de {{countries}}; cuanto más oscuro el azul, más participantes.',
    legendScale: 'Azul más oscuro: más participantes (escala logarítmica).',
    legendNone: 'Sin participantes',
    tooltipOne: '{{country}}: {{value}} participante',
    tooltipOther: '{{country}}: {{value}} participantes',
    tooltipNone: '{{country}}: sin participantes',
    notDrawnOne:
      'Un país es demasiado pequeño para la escala de este mapa y solo figura en las tablas: {{names}}.',
    notDrawnOther:
      '{{count}} países son demasiado pequeños para la escala de este mapa y solo figuran en las tablas: {{names}}.',
    noScript: 'El mapa necesita JavaScript; la tabla de abajo tiene las mismas cifras.',
    failed: 'No se pudo dibujar el mapa; la tabla de abajo tiene las mismas cifras.',
  },
  regions: {
    heading: 'Participantes por región',
    chartLabel:
      'Gráfico de barras de participantes únicos por región del Banco Mundial; la mayor: {{top}}, con {{value}} ({{share}}).',
    takeaway: 'El {{share}} de los participantes viene de {{top}}.',
  },
  income: {
    heading: 'Participantes por grupo de ingreso',
    chartLabel:
      'Gráfico de barras de participantes únicos por grupo de ingreso del Banco Mundial, de ingreso bajo a alto; el mayor: {{top}}, con {{value}} ({{share}}).',
    takeaway:
      'El {{low}} de los participantes viene de países de ingreso bajo y el {{lowerMiddle}} de países de ingreso mediano bajo.',
    classification: 'Clasificación del Banco Mundial, año fiscal {{year}}.',
  },
  table: {
    heading: 'Todos los países',
    caption: 'Participantes únicos, asistencias, inscripciones y minutos por país',
    hint: 'Seleccione el título de una columna para ordenar. Proporción: del total de participantes únicos en esta vista.',
  },
};
