import type { Catalogue } from '../en';

// Attendance figures on the Webinars list and on one webinar's page.
export const webinarStatsEn = {
  title: 'Webinar analytics',
  list: {
    summaryHeading: 'Attendance across the programme',
    registrations: 'Registrations',
    attendances: 'Attendances',
    attendanceRate: 'Attendance rate',
    averageMinutes: 'Average minutes attended',
    rate: 'Attended ÷ registered',
    rateHint:
      'Registered, Attended and Attended ÷ registered count everyone on each webinar’s imported lists, whatever the filters of the analytics pages.',
  },
  detail: {
    heading: 'Attendance and audience',
    figuresLabel: 'Attendance figures',
    planned:
      'This webinar has not been held yet: its registrations, attendance and audience appear here once it is marked as held and its attendance list is imported.',
    cancelled: 'This webinar was cancelled, so it has no attendance.',
    noAttendance: 'No attendance has been imported for this webinar yet.',
    importLink: 'Import an attendance list',
    funnel: {
      heading: 'From registration to attendance',
      registered: 'Registered',
      attended: 'Attended',
      rate: '{{rate}} of the people who registered attended.',
      rateUnknown: 'Nobody registered in advance, so there is no attendance rate.',
      caption: 'Registered and attended participants of {{title}}',
      filename: 'registration-and-attendance',
      step: 'Step',
      count: 'Participants',
    },
    minutes: {
      label: 'Average time attended',
      value: '{{minutes}} min',
      ofDuration: 'of a {{duration}}-minute webinar',
    },
    newReturning: {
      heading: 'New and returning participants',
      new: 'New',
      returning: 'Returning',
      takeaway:
        '{{returning}} of the {{attendees}} participants ({{share}}) had attended an earlier webinar; {{newCount}} came to their first.',
      barLabel: 'Of {{attendees}} participants, {{newCount}} new and {{returning}} returning.',
    },
    countries: {
      heading: 'Countries',
      takeaway:
        'Participants came from {{count}} countries; the most from {{top}} ({{participants}}).',
      chartLabel:
        'Bar chart of participants from the top {{shown}} countries; largest: {{top}} with {{participants}}.',
      axis: 'Country',
      participants: 'Participants',
      unknown: 'Country not known',
      filename: 'countries',
    },
    sectors: {
      heading: 'Sectors',
      takeaway: 'The largest sector was {{top}}: {{participants}} participants ({{share}}).',
      chartLabel: 'Bar chart of participants by sector; largest: {{top}} with {{participants}}.',
      axis: 'Sector',
      participants: 'Participants',
      filename: 'sectors',
    },
  },
};

export const webinarStatsEs: Catalogue<typeof webinarStatsEn> = {
  title: 'Analítica del webinario',
  list: {
    summaryHeading: 'Asistencia en todo el programa',
    registrations: 'Inscripciones',
    attendances: 'Asistencias',
    attendanceRate: 'Tasa de asistencia',
    averageMinutes: 'Minutos promedio de asistencia',
    rate: 'Asistieron ÷ inscritos',
    rateHint:
      'Inscritos, Asistieron y Asistieron ÷ inscritos cuentan a todas las personas de las listas importadas de cada webinario, sean cuales sean los filtros de las páginas de análisis.',
  },
  detail: {
    heading: 'Asistencia y audiencia',
    figuresLabel: 'Cifras de asistencia',
    planned:
      'Este webinario aún no se ha realizado: sus inscripciones, asistencia y audiencia aparecerán aquí cuando se marque como realizado y se importe su lista de asistencia.',
    cancelled: 'Este webinario se canceló, así que no tiene asistencia.',
    noAttendance: 'Aún no se ha importado la asistencia de este webinario.',
    importLink: 'Importar una lista de asistencia',
    funnel: {
      heading: 'De la inscripción a la asistencia',
      registered: 'Inscritos',
      attended: 'Asistieron',
      rate: 'Asistió el {{rate}} de las personas inscritas.',
      rateUnknown: 'Nadie se inscribió con antelación, así que no hay tasa de asistencia.',
      caption: 'Participantes inscritos y asistentes de {{title}}',
      filename: 'inscripcion-y-asistencia',
      step: 'Paso',
      count: 'Participantes',
    },
    minutes: {
      label: 'Tiempo promedio de asistencia',
      value: '{{minutes}} min',
      ofDuration: 'de un webinario de {{duration}} minutos',
    },
    newReturning: {
      heading: 'Participantes nuevos y recurrentes',
      new: 'Nuevos',
      returning: 'Recurrentes',
      takeaway:
        '{{returning}} de los {{attendees}} participantes ({{share}}) ya habían asistido a un webinario anterior; para {{newCount}} fue el primero.',
      barLabel: 'De {{attendees}} participantes, {{newCount}} nuevos y {{returning}} recurrentes.',
    },
    countries: {
      heading: 'Países',
      takeaway:
        'Los participantes vinieron de {{count}} países; el mayor número, de {{top}} ({{participants}}).',
      chartLabel:
        'Gráfico de barras de participantes de los {{shown}} países principales; el mayor: {{top}} con {{participants}}.',
      axis: 'País',
      participants: 'Participantes',
      unknown: 'País desconocido',
      filename: 'paises',
    },
    sectors: {
      heading: 'Sectores',
      takeaway: 'El sector más numeroso fue {{top}}: {{participants}} participantes ({{share}}).',
      chartLabel:
        'Gráfico de barras de participantes por sector; el mayor: {{top}} con {{participants}}.',
      axis: 'Sector',
      participants: 'Participantes',
      filename: 'sectores',
    },
  },
};
