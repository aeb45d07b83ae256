// English is the reference catalogue: its shape defines the keys every other language must have.
export const en = {
  app: {
    name: 'Ripple',
    tagline: 'Reach and impact analytics for peer-learning webinars',
    skipToContent: 'Skip to main content',
    pageTitle: '{{page}} — Ripple',
    footer:
      'Ripple is open-source reach and impact analytics for peer-learning webinar programmes.',
  },
  nav: {
    label: 'Main',
    overview: 'Overview',
    reach: 'Reach',
    audiences: 'Audiences',
    topics: 'Topics',
    webinars: 'Webinars',
    loyalty: 'Loyalty',
    surveys: 'Surveys',
    comingSoon: 'coming soon',
  },
  language: {
    label: 'Language',
    en: 'English',
    es: 'Español',
  },
  overview: {
    title: 'Overview',
    heading: 'Programme overview',
    intro: 'How far the webinar programme has reached, at a glance.',
    tilesLabel: 'Headline figures',
    tiles: {
      webinarsHeld: 'Webinars held',
      speakers: 'Speakers',
      uniqueParticipants: 'Unique participants',
      attendances: 'Attendances',
      countries: 'Countries',
      sectors: 'Sectors',
    },
    growth: {
      heading: 'Growth of unique participants',
      chartLabel:
        'Line chart of cumulative unique participants per period ({{interval}}), reaching {{total}} by {{last}}.',
      chartLabelEmpty: 'Line chart of cumulative unique participants: no data yet.',
      xAxis: 'Period',
      yAxis: 'Cumulative participants',
      cumulative: 'Cumulative participants',
      newParticipants: 'New participants',
      intervalLabel: 'Group by',
    },
    sectors: {
      heading: 'Participants by sector',
      chartLabel: 'Bar chart of unique participants by sector; largest: {{top}} with {{count}}.',
      chartLabelEmpty: 'Bar chart of unique participants by sector: no data yet.',
      xAxis: 'Participants',
      yAxis: 'Sector',
      series: 'Participants',
    },
    empty: 'No data yet.',
  },
  interval: {
    month: 'Month',
    quarter: 'Quarter',
    year: 'Year',
  },
  period: {
    quarter: 'Q{{quarter}} {{year}}',
  },
  sector: {
    government: 'Government',
    civil_society: 'Civil society',
    private_sector: 'Private sector',
    international_organisation: 'International organisation',
    media: 'Media',
    academia: 'Academia',
    other: 'Other',
    unknown: 'Unknown',
  },
  chart: {
    showTable: 'Show as table',
    noData: 'No data to show.',
  },
  errors: {
    title: 'Error',
    heading: 'Something went wrong',
    notFound: 'Page not found',
    notFoundDetail: 'There is no page at this address.',
    apiUnavailable: 'The analytics service could not be reached. Please try again in a moment.',
    apiInvalid: 'The analytics service sent a response this page could not read.',
    unexpected: 'An unexpected error occurred. Please try again.',
    status: 'Error {{status}}',
    backHome: 'Back to the overview',
  },
};

/** Same tree as the English catalogue, with every leaf widened to `string`. */
export type Catalogue<T = typeof en> = {
  [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]>;
};

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every translatable key in dotted form, e.g. `'nav.overview'`. */
export type MessageKey = Leaves<typeof en>;
