import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
export const loyaltyEn = {
  title: 'Loyalty',
  heading: 'Loyalty: who comes back',
  intro:
    'How many people come back after their first webinar, how the audience has grown, and how many webinars each person attended.',
  definition:
    'A participant is new in this view if their first webinar ever falls in it, and returning if they had attended an earlier webinar, whatever the filters.',
  empty: 'No attendance matches these filters. Remove a filter or choose another period.',
  tilesLabel: 'Loyalty figures',
  tiles: {
    uniqueParticipants: 'Unique participants',
    newParticipants: 'New participants',
    returningShare: 'Returning participants',
    repeat: 'Came to 2 or more webinars',
  },
  newReturning: {
    heading: 'New and returning participants per webinar',
    takeaway:
      '{{share}} of the {{participants}} participants in this view had attended an earlier webinar; {{newCount}} came to their first webinar ever.',
    chartLabel:
      'Stacked bar chart of new and returning participants at each of {{count}} webinars, from {{first}} to {{last}}. Largest audience: {{top}}, {{attendees}} participants ({{returning}} returning).',
    xAxis: 'Webinar',
    yAxis: 'Participants',
    new: 'New',
    returning: 'Returning',
  },
  growth: {
    heading: 'Cumulative unique reach',
    intervalLabel: 'Group by',
    takeaway:
      '{{total}} unique participants reached by {{last}}; the most new people came in {{peak}} ({{count}}).',
    chartLabel:
      'Line chart of cumulative unique participants per {{interval}}, reaching {{total}} by {{last}}.',
    xAxis: 'Period',
    yAxis: 'Cumulative participants',
    cumulative: 'Cumulative participants',
    newParticipants: 'New in the period',
  },
  cohorts: {
    heading: 'Cohorts: who came back in later quarters',
    intro:
      'Each row is the people whose first webinar ever was in that quarter; each column, how many of them attended a webinar of this view 1, 2, 3… quarters later, and what share of the cohort that is.',
    caption:
      'Participants by quarter of their first webinar (rows) and how many attended in each later quarter (columns), with the share of the cohort.',
    cohort: 'First webinar in',
    size: 'Cohort size',
    ownQuarter: 'Same quarter',
    later: '+{{offset}}',
    laterOne: '1 quarter later',
    laterLabel: '{{offset}} quarters later',
    cellLabel: '{{count}} participants, {{share}} of the cohort',
    takeaway:
      'Of the {{size}} people whose first webinar was in {{cohort}}, {{count}} ({{share}}) came back the next quarter.',
    takeawayNone: 'No cohort in this view has a later quarter yet.',
    note: 'Shares are of the cohort’s members who came in its own quarter within these filters. Where the view does not reach back to that quarter, only counts are shown. Darker cells: a larger share came back.',
    csvQuarter: 'Quarter',
    csvOffset: 'Quarters since first webinar',
    csvParticipants: 'Participants',
    csvShare: 'Share of cohort',
    filename: 'cohorts',
  },
  distribution: {
    heading: 'Webinars attended per person',
    takeaway:
      '{{oneShare}} came to a single webinar; {{repeat}} people ({{repeatShare}}) came to two or more, and the most loyal came to {{most}}.',
    chartLabel:
      'Bar chart of participants by the number of webinars they attended; largest group: {{top}}, {{count}} participants ({{share}}).',
    xAxis: 'Webinars attended',
    yAxis: 'Participants',
    participants: 'Participants',
    share: 'Share of participants (%)',
    bucket: '{{count}} webinars',
    bucketOne: '1 webinar',
    bucketMore: '{{count}} or more',
  },
};

export const loyaltyEs: Catalogue<typeof loyaltyEn> = {
  title: 'Fidelidad',
  heading: 'Fidelidad: quién vuelve',
  intro:
    'Cuántas personas vuelven después de su primer webinario, cómo ha crecido la audiencia y a cuántos webinarios asistió cada persona.',
  definition:
    'Un participante es nuevo en esta vista si su primer webinario está en ella, y recurrente si ya había asistido a uno anterior, sean cuales sean los filtros.',
  empty: 'Ninguna asistencia coincide con estos filtros. Quite un filtro o elija otro periodo.',
  tilesLabel: 'Cifras de fidelidad',
  tiles: {
    uniqueParticipants: 'Participantes únicos',
    newParticipants: 'Participantes nuevos',
    returningShare: 'Participantes recurrentes',
    repeat: 'Asistieron a 2 o más webinarios',
  },
  newReturning: {
    heading: 'Participantes nuevos y recurrentes por webinario',
    takeaway:
      'El {{share}} de los {{participants}} participantes de esta vista ya había asistido a un webinario anterior; {{newCount}} asistieron a su primer webinario.',
    chartLabel:
      'Gráfico de barras apiladas de participantes nuevos y recurrentes en cada uno de {{count}} webinarios, de {{first}} a {{last}}. Mayor audiencia: {{top}}, {{attendees}} participantes ({{returning}} recurrentes).',
    xAxis: 'Webinario',
    yAxis: 'Participantes',
    new: 'Nuevos',
    returning: 'Recurrentes',
  },
  growth: {
    heading: 'Alcance único acumulado',
    intervalLabel: 'Agrupar por',
    takeaway:
      '{{total}} participantes únicos alcanzados hasta {{last}}; el periodo con más personas nuevas fue {{peak}} ({{count}}).',
    chartLabel:
      'Gráfico de líneas de participantes únicos acumulados por {{interval}}, hasta {{total}} en {{last}}.',
    xAxis: 'Periodo',
    yAxis: 'Participantes acumulados',
    cumulative: 'Participantes acumulados',
    newParticipants: 'Nuevos en el periodo',
  },
  cohorts: {
    heading: 'Cohortes: quién volvió en trimestres posteriores',
    intro:
      'Cada fila son las personas cuyo primer webinario fue en ese trimestre; cada columna, cuántas de ellas asistieron a un webinario de esta vista 1, 2, 3… trimestres después, y qué parte de la cohorte representan.',
    caption:
      'Participantes por trimestre de su primer webinario (filas) y cuántos asistieron en cada trimestre posterior (columnas), con la parte de la cohorte.',
    cohort: 'Primer webinario en',
    size: 'Tamaño de la cohorte',
    ownQuarter: 'Mismo trimestre',
    later: '+{{offset}}',
    laterOne: '1 trimestre después',
    laterLabel: '{{offset}} trimestres después',
    cellLabel: '{{count}} participantes, {{share}} de la cohorte',
    takeaway:
      'De las {{size}} personas cuyo primer webinario fue en {{cohort}}, {{count}} ({{share}}) volvieron el trimestre siguiente.',
    takeawayNone: 'Ninguna cohorte de esta vista tiene aún un trimestre posterior.',
    note: 'Las partes se calculan sobre los miembros de la cohorte que asistieron en su propio trimestre con estos filtros. Si la vista no llega a ese trimestre, solo se muestran los recuentos. Celdas más oscuras: volvió una parte mayor.',
    csvQuarter: 'Trimestre',
    csvOffset: 'Trimestres desde el primer webinario',
    csvParticipants: 'Participantes',
    csvShare: 'Parte de la cohorte',
    filename: 'cohortes',
  },
  distribution: {
    heading: 'Webinarios por persona',
    takeaway:
      'El {{oneShare}} asistió a un solo webinario; {{repeat}} personas ({{repeatShare}}) asistieron a dos o más, y las más fieles asistieron a {{most}}.',
    chartLabel:
      'Gráfico de barras de participantes según el número de webinarios a los que asistieron; grupo mayor: {{top}}, {{count}} participantes ({{share}}).',
    xAxis: 'Webinarios a los que asistió',
    yAxis: 'Participantes',
    participants: 'Participantes',
    share: 'Parte de los participantes (%)',
    bucket: '{{count}} webinarios',
    bucketOne: '1 webinario',
    bucketMore: '{{count}} o más',
  },
};
