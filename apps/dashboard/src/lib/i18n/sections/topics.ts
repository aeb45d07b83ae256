import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
export const topicsEn = {
  title: 'Topics',
  heading: 'Topics and working groups',
  intro:
    'Which subjects draw people, and how that changes over time, by webinar topic and by OGP working group.',
  empty: 'No data for these filters. Remove a filter or choose another period.',
  doubleCount:
    'A webinar with two topics counts under both, and a person who attended webinars on two topics counts under each, so topic figures and shares can add up to more than the total (and more than 100 %).',
  participants: 'Participants',
  share: 'Share of participants (%)',
  period: 'Period',
  intervalLabel: 'Group by',
  noTopic: 'No topic',
  noWorkingGroup: 'No working group',
  overTime: {
    heading: 'Over time',
    topics: 'Participants per topic per {{interval}}',
    workingGroups: 'Participants per working group per {{interval}}',
    chartLabel:
      'Stacked bar chart of unique participants per {{what}} per {{interval}}, {{first}} to {{last}}; the largest segment: {{name}} in {{period}}, {{count}} participants.',
    takeaway: 'The largest: {{name}} in {{period}}, with {{count}} participants.',
  },
  ranking: {
    topics: 'Topics by participants',
    workingGroups: 'Working groups by participants',
    topic: 'Topic',
    workingGroup: 'Working group',
    chartLabel:
      'Bar chart of unique participants per {{what}}, with each one’s share of everyone; first: {{name}} with {{count}} ({{share}}).',
    takeaway:
      '{{name}} drew the most people: {{count}} participants, {{share}} of everyone reached.',
  },
  what: {
    topic: 'topic',
    workingGroup: 'working group',
  },
  intervals: {
    year: 'year',
    quarter: 'quarter',
  },
};

export const topicsEs: Catalogue<typeof topicsEn> = {
  title: 'Temas',
  heading: 'Temas y grupos de trabajo',
  intro:
    'Qué asuntos atraen a la gente y cómo cambia con el tiempo, por tema del webinario y por grupo de trabajo de OGP.',
  empty: 'No hay datos para estos filtros. Quite un filtro o elija otro período.',
  doubleCount:
    'Un webinario con dos temas cuenta en ambos, y quien asistió a webinarios de dos temas cuenta en cada uno, así que las cifras y proporciones por tema pueden sumar más que el total (y más del 100 %).',
  participants: 'Participantes',
  share: 'Proporción de participantes (%)',
  period: 'Periodo',
  intervalLabel: 'Agrupar por',
  noTopic: 'Sin tema',
  noWorkingGroup: 'Sin grupo de trabajo',
  overTime: {
    heading: 'En el tiempo',
    topics: 'Participantes por tema y {{interval}}',
    workingGroups: 'Participantes por grupo de trabajo y {{interval}}',
    chartLabel:
      'Gráfico de barras apiladas de participantes únicos por {{what}} y {{interval}}, de {{first}} a {{last}}; el segmento mayor: {{name}} en {{period}}, {{count}} participantes.',
    takeaway: 'El mayor: {{name}} en {{period}}, con {{count}} participantes.',
  },
  ranking: {
    topics: 'Temas por participantes',
    workingGroups: 'Grupos de trabajo por participantes',
    topic: 'Tema',
    workingGroup: 'Grupo de trabajo',
    chartLabel:
      'Gráfico de barras de participantes únicos por {{what}}, con la proporción de cada uno sobre el total; el primero: {{name}}, con {{count}} ({{share}}).',
    takeaway:
      '{{name}} atrajo a más personas: {{count}} participantes, {{share}} de todas las personas alcanzadas.',
  },
  what: {
    topic: 'tema',
    workingGroup: 'grupo de trabajo',
  },
  intervals: {
    year: 'año',
    quarter: 'trimestre',
  },
};
