import type { Catalogue } from '../en';

// The Report page: the impact report of a period and scope, as the PDF says it.
export const reportEn = {
  title: 'Report',
  heading: 'Impact report',
  intro:
    'Reach and its growth, who was reached, what participants said and did with it, for a period and a scope: to read here, print, or download as a PDF for funders.',
  form: {
    heading: 'Period and scope',
    wholeProgramme: 'Whole programme',
    years: 'Year',
    apply: 'Show the report',
    clear: 'Whole programme, every webinar',
  },
  ignored:
    'The report’s scope is a period, series, topic, working group and region; the other filters in the address are not applied.',
  problem: 'This report cannot be made: {{message}}',
  download: 'Download PDF',
  print: 'Print',
  period: 'Period',
  scope: 'Scope',
  scopeAll: 'all webinars and participants',
  since: 'from the start',
  untilNow: 'to date',
  generated: 'Generated {{date}}',
  reach: {
    heading: 'Reach and growth',
    tilesLabel: 'Headline figures',
    table: 'The headline figures against the period before and the year before',
    figure: 'Figure',
    thisPeriod: 'This period',
    periodBefore: 'Period before',
    change: 'Change',
    yearBefore: 'Year before',
    points: '{{value}} points',
    cumulativeHeading: 'Cumulative unique participants since the programme began',
    cumulativeTakeaway: '{{total}} unique participants reached by {{date}}.',
    cumulativeChart:
      'Line chart of cumulative unique participants per quarter since the programme began, reaching {{total}}.',
    quarter: 'Quarter',
    participants: 'Cumulative participants',
  },
  funnel: {
    heading: 'From registration to answers',
    registered: 'Registered',
    attended: 'Attended',
    invited: 'Invited to the post-webinar survey',
    answered: 'Answered after the webinar',
    followupAnswered: 'Answered the follow-up',
    summary:
      'Attendance rate {{attendance}}; response rate {{post}} after the webinar and {{followup}} at follow-up. Each step counts people × webinars.',
    step: 'Step',
    count: 'People × webinars',
  },
  audience: {
    heading: 'Who was reached',
    sector: 'Sectors',
    region: 'Regions',
    income_group: 'Income groups',
    language: 'Session languages',
    gender: 'Gender (self-described, where given)',
    chartLabel: '{{dimension}}: bar chart of unique participants; largest: {{top}} with {{count}}.',
    participants: 'Participants',
    notKnown: 'Not known',
    empty: 'Nobody was reached in this period and scope.',
  },
  satisfaction: {
    heading: 'Satisfaction',
    takeaway: 'Mean satisfaction {{mean}} out of 5 ({{n}} answers); relevance {{relevance}}.',
    nps: 'Net Promoter Score {{nps}} ({{n}} answers: % 9–10 minus % 0–6).',
    chartLabel: 'Bar chart of satisfaction ratings from 1 to 5; mean {{mean}} from {{n}} answers.',
    rating: 'Rating (1 = lowest, 5 = highest)',
    answers: 'Answers',
  },
  uses: {
    heading: 'Intended and applied uses',
    applied:
      '{{rate}} of {{n}} follow-up respondents applied what they learned (yes {{yes}}, partly {{partly}}, no {{no}}).',
    note: 'Planned: share of the {{intended}} post-webinar respondents who answered. Done: share of the {{actual}} follow-up respondents.',
    planned: 'Planned after the webinar',
    done: 'Done by the follow-up',
    axis: 'Share of respondents (%)',
    use: 'Use',
    chartLabel:
      'Bar chart comparing, for each use, the share who planned it after the webinar with the share who did it by the follow-up.',
  },
  stories: {
    heading: 'Stories',
    none: 'No testimonials approved for publication in this period and scope.',
    more: '{{shown}} of {{total}} approved testimonials.',
    anonymous: 'Anonymous',
  },
  methods: {
    heading: 'Methods',
    counts:
      'Counts: {{webinars}} held webinars, {{participants}} unique participants, {{attendances}} attendances, {{registrations}} registrations, {{post}} post-webinar and {{followup}} follow-up survey responses.',
    rates:
      'Response rates: {{postRate}} after the webinar ({{postAnswered}} of {{postInvited}} personal invitations), {{followupRate}} at follow-up ({{followupAnswered}} of {{followupInvited}}).',
    denominators:
      'Denominators: satisfaction {{satisfaction}} answers, recommend {{recommend}}, intended uses {{intended}}, applied {{applied}}. A share is of those who answered the question.',
    people:
      'A participant is counted once however many webinars they attended. Responses from open links and imports without an email have no country or sector, so a region scope leaves them out.',
    smallCells:
      'Small cells: counts of 1 to {{km1}} people are shown as “<{{k}}”, other cells are withheld where a hidden one could be worked out from totals, and averages and percentages over fewer than {{k}} people are withheld.',
    exact:
      'Exact figures: this view is for the programme team. Funders and share links see counts of fewer than k people as “<k” (k ≥ 2).',
    dates:
      'Dates: webinars from {{first}} to {{last}}, days read in {{tz}}; the period before is the same length just before, the year before the same dates a year earlier.',
    datesNone: 'Dates: no held webinar in this period and scope; days read in {{tz}}.',
  },
};

export const reportEs: Catalogue<typeof reportEn> = {
  title: 'Informe',
  heading: 'Informe de impacto',
  intro:
    'El alcance y su crecimiento, a quién se llegó, qué dijeron las personas participantes y qué hicieron con lo aprendido, para un período y un alcance: para leer aquí, imprimir o descargar en PDF para los financiadores.',
  form: {
    heading: 'Período y alcance',
    wholeProgramme: 'Todo el programa',
    years: 'Año',
    apply: 'Ver el informe',
    clear: 'Todo el programa, todos los webinarios',
  },
  ignored:
    'El alcance del informe es un período, una serie, un tema, un grupo de trabajo y una región; los demás filtros de la dirección no se aplican.',
  problem: 'No se puede elaborar este informe: {{message}}',
  download: 'Descargar PDF',
  print: 'Imprimir',
  period: 'Período',
  scope: 'Alcance del informe',
  scopeAll: 'todos los webinarios y participantes',
  since: 'desde el inicio',
  untilNow: 'hasta hoy',
  generated: 'Generado el {{date}}',
  reach: {
    heading: 'Alcance y crecimiento',
    tilesLabel: 'Cifras principales',
    table: 'Las cifras principales frente al período anterior y un año antes',
    figure: 'Cifra',
    thisPeriod: 'Este período',
    periodBefore: 'Período anterior',
    change: 'Cambio',
    yearBefore: 'Un año antes',
    points: '{{value}} puntos',
    cumulativeHeading: 'Participantes únicos acumulados desde el inicio del programa',
    cumulativeTakeaway: '{{total}} participantes únicos alcanzados al {{date}}.',
    cumulativeChart:
      'Gráfico de líneas de participantes únicos acumulados por trimestre desde el inicio del programa, hasta {{total}}.',
    quarter: 'Trimestre',
    participants: 'Participantes acumulados',
  },
  funnel: {
    heading: 'De la inscripción a las respuestas',
    registered: 'Inscritos',
    attended: 'Asistieron',
    invited: 'Invitados a la encuesta posterior',
    answered: 'Respondieron después del webinario',
    followupAnswered: 'Respondieron el seguimiento',
    summary:
      'Tasa de asistencia {{attendance}}; tasa de respuesta {{post}} después del webinario y {{followup}} en el seguimiento. Cada paso cuenta personas × webinarios.',
    step: 'Paso',
    count: 'Personas × webinarios',
  },
  audience: {
    heading: 'A quién se alcanzó',
    sector: 'Sectores',
    region: 'Regiones',
    income_group: 'Grupos de ingreso',
    language: 'Idiomas de las sesiones',
    gender: 'Género (autodeclarado, cuando se indicó)',
    chartLabel:
      '{{dimension}}: gráfico de barras de participantes únicos; el mayor: {{top}}, con {{count}}.',
    participants: 'Participantes',
    notKnown: 'No se sabe',
    empty: 'No se alcanzó a nadie en este período y alcance.',
  },
  satisfaction: {
    heading: 'Satisfacción',
    takeaway: 'Satisfacción media {{mean}} sobre 5 ({{n}} respuestas); pertinencia {{relevance}}.',
    nps: 'Net Promoter Score {{nps}} ({{n}} respuestas: % 9–10 menos % 0–6).',
    chartLabel:
      'Gráfico de barras de las valoraciones de satisfacción de 1 a 5; media {{mean}} de {{n}} respuestas.',
    rating: 'Valoración (1 = la más baja, 5 = la más alta)',
    answers: 'Respuestas',
  },
  uses: {
    heading: 'Usos previstos y aplicados',
    applied:
      '{{rate}} de {{n}} personas que respondieron el seguimiento aplicaron lo aprendido (sí {{yes}}, en parte {{partly}}, no {{no}}).',
    note: 'Previsto: proporción de las {{intended}} respuestas posteriores al webinario que contestaron. Hecho: proporción de las {{actual}} respuestas de seguimiento.',
    planned: 'Previsto después del webinario',
    done: 'Hecho en el seguimiento',
    axis: 'Proporción de quienes respondieron (%)',
    use: 'Uso',
    chartLabel:
      'Gráfico de barras que compara, para cada uso, la proporción que lo previó después del webinario con la que lo hizo en el seguimiento.',
  },
  stories: {
    heading: 'Testimonios',
    none: 'No hay testimonios aprobados para publicar en este período y alcance.',
    more: '{{shown}} de {{total}} testimonios aprobados.',
    anonymous: 'Anónimo',
  },
  methods: {
    heading: 'Métodos',
    counts:
      'Recuentos: {{webinars}} webinarios realizados, {{participants}} participantes únicos, {{attendances}} asistencias, {{registrations}} inscripciones, {{post}} respuestas a la encuesta posterior y {{followup}} al seguimiento.',
    rates:
      'Tasas de respuesta: {{postRate}} después del webinario ({{postAnswered}} de {{postInvited}} invitaciones personales), {{followupRate}} en el seguimiento ({{followupAnswered}} de {{followupInvited}}).',
    denominators:
      'Denominadores: satisfacción {{satisfaction}} respuestas, recomendación {{recommend}}, usos previstos {{intended}}, aplicación {{applied}}. Cada proporción es sobre quienes respondieron la pregunta.',
    people:
      'Cada participante se cuenta una vez, asista a cuantos webinarios asista. Las respuestas de enlaces abiertos y de importaciones sin correo no tienen país ni sector, así que un alcance por región las deja fuera.',
    smallCells:
      'Celdas pequeñas: los recuentos de 1 a {{km1}} personas se muestran como «<{{k}}», se ocultan otras celdas cuando una oculta podría deducirse de los totales, y se ocultan promedios y porcentajes sobre menos de {{k}} personas.',
    exact:
      'Cifras exactas: esta vista es para el equipo del programa. Los financiadores y los enlaces compartidos ven los recuentos de menos de k personas como «<k» (k ≥ 2).',
    dates:
      'Fechas: webinarios del {{first}} al {{last}}, días leídos en {{tz}}; el período anterior tiene la misma duración justo antes, y el año antes son las mismas fechas un año atrás.',
    datesNone:
      'Fechas: ningún webinario realizado en este período y alcance; días leídos en {{tz}}.',
  },
};
