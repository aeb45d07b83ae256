import type { Catalogue } from './en';

// Typed against the English catalogue: a missing or extra key is a compile error.
export const es: Catalogue = {
  app: {
    name: 'Ripple',
    tagline: 'Analítica de alcance e impacto para webinarios de aprendizaje entre pares',
    skipToContent: 'Saltar al contenido principal',
    pageTitle: '{{page}} — Ripple',
    footer:
      'Ripple es analítica de código abierto del alcance y el impacto de programas de webinarios de aprendizaje entre pares.',
  },
  nav: {
    label: 'Principal',
    overview: 'Resumen',
    reach: 'Alcance',
    audiences: 'Audiencias',
    topics: 'Temas',
    webinars: 'Webinarios',
    loyalty: 'Fidelidad',
    surveys: 'Encuestas',
    comingSoon: 'próximamente',
  },
  language: {
    label: 'Idioma',
    en: 'English',
    es: 'Español',
  },
  overview: {
    title: 'Resumen',
    heading: 'Resumen del programa',
    intro: 'El alcance del programa de webinarios, de un vistazo.',
    tilesLabel: 'Cifras principales',
    tiles: {
      webinarsHeld: 'Webinarios realizados',
      speakers: 'Ponentes',
      uniqueParticipants: 'Participantes únicos',
      attendances: 'Asistencias',
      countries: 'Países',
      sectors: 'Sectores',
    },
    growth: {
      heading: 'Crecimiento de participantes únicos',
      chartLabel:
        'Gráfico de líneas de participantes únicos acumulados por periodo ({{interval}}): {{total}} hasta {{last}}.',
      chartLabelEmpty: 'Gráfico de líneas de participantes únicos acumulados: aún no hay datos.',
      xAxis: 'Periodo',
      yAxis: 'Participantes acumulados',
      cumulative: 'Participantes acumulados',
      newParticipants: 'Participantes nuevos',
      intervalLabel: 'Agrupar por',
    },
    sectors: {
      heading: 'Participantes por sector',
      chartLabel:
        'Gráfico de barras de participantes únicos por sector; el mayor: {{top}}, con {{count}}.',
      chartLabelEmpty: 'Gráfico de barras de participantes únicos por sector: aún no hay datos.',
      xAxis: 'Participantes',
      yAxis: 'Sector',
      series: 'Participantes',
    },
    empty: 'Aún no hay datos.',
  },
  interval: {
    month: 'Mes',
    quarter: 'Trimestre',
    year: 'Año',
  },
  period: {
    quarter: 'T{{quarter}} {{year}}',
  },
  sector: {
    government: 'Gobierno',
    civil_society: 'Sociedad civil',
    private_sector: 'Sector privado',
    international_organisation: 'Organismo internacional',
    media: 'Medios de comunicación',
    academia: 'Academia',
    other: 'Otro',
    unknown: 'Desconocido',
  },
  chart: {
    showTable: 'Mostrar como tabla',
    noData: 'No hay datos que mostrar.',
  },
  errors: {
    title: 'Error',
    heading: 'Algo salió mal',
    notFound: 'Página no encontrada',
    notFoundDetail: 'No hay ninguna página en esta dirección.',
    apiUnavailable:
      'No se pudo conectar con el servicio de analítica. Vuelva a intentarlo en unos momentos.',
    apiInvalid: 'El servicio de analítica envió una respuesta que esta página no pudo leer.',
    unexpected: 'Se produjo un error inesperado. Vuelva a intentarlo.',
    status: 'Error {{status}}',
    backHome: 'Volver al resumen',
  },
};
