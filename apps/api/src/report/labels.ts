import type { SectorCode } from '@ripple/db';

// The report PDF's words in English and Spanish. The dashboard keeps its own catalogue (the API
// must not import the dashboard package); these are the same words where both say the same
// thing, and the Spanish follows the dashboard's choices (webinario, personas participantes).

export type ReportLang = 'en' | 'es';

const en = {
  title: 'Impact report',
  programme: 'Peer-learning webinar programme',
  period: 'Period',
  wholeProgramme: 'The whole programme',
  untilNow: 'to date',
  since: 'from the start',
  scope: 'Scope',
  scopeAll: 'all webinars and participants',
  series: 'Series',
  topic: 'Topic',
  workingGroup: 'Working group',
  region: 'Region',
  generated: 'Generated',
  reach: 'Reach and growth',
  figure: 'Figure',
  thisPeriod: 'This period',
  periodBefore: 'Period before',
  yearBefore: 'Year before',
  change: 'Change',
  points: '{value} pts',
  webinarsHeld: 'Webinars held',
  uniqueParticipants: 'Unique participants',
  attendances: 'Attendances',
  countries: 'Countries',
  registrations: 'Registrations',
  attendanceRate: 'Attendance rate',
  newParticipants: 'New participants',
  returningShare: 'Returning participants',
  speakers: 'Speakers',
  cumulative: 'Cumulative unique participants since the programme began',
  cumulativeTotal: '{total} unique participants reached by {date}.',
  funnel: 'From registration to answers',
  registered: 'Registered',
  attended: 'Attended',
  invited: 'Invited to the post-webinar survey',
  answered: 'Answered after the webinar',
  followupAnswered: 'Answered the follow-up',
  funnelNote: 'Each step counts people × webinars.',
  audience: 'Who was reached',
  sectors: 'Sectors',
  regions: 'Regions',
  incomeGroups: 'Income groups',
  languages: 'Session languages',
  gender: 'Gender (self-described, where given)',
  notKnown: 'Not known',
  others: 'Others',
  participants: 'participants',
  satisfaction: 'Satisfaction',
  satisfactionMean: 'Mean satisfaction {mean} out of 5 ({n} answers); relevance {relevance}.',
  nps: 'Net Promoter Score {nps} ({n} answers: % 9–10 minus % 0–6).',
  rating: 'Rating {value}',
  uses: 'Intended and applied uses',
  planned: 'Planned after the webinar',
  done: 'Done by the follow-up',
  usesNote:
    'Planned: share of {intended} post-webinar respondents. Done: share of {actual} follow-up respondents.',
  applied:
    '{rate} of {n} follow-up respondents applied what they learned (yes {yes}, partly {partly}, no {no}).',
  stories: 'Stories',
  storiesNone: 'No testimonials approved for publication in this period and scope.',
  storiesMore: '{shown} of {total} approved testimonials.',
  anonymous: 'Anonymous',
  methods: 'Methods',
  methodsCounts:
    'Counts: {webinars} held webinars, {participants} unique participants, {attendances} attendances, {registrations} registrations, {post} post-webinar and {followup} follow-up survey responses.',
  methodsRates:
    'Response rates: {postRate} after the webinar ({postAnswered} of {postInvited} personal invitations), {followupRate} at follow-up ({followupAnswered} of {followupInvited}).',
  methodsDenominators:
    'Denominators: satisfaction {satisfaction} answers, recommend {recommend}, intended uses {intended}, applied {applied}. A share is of those who answered the question.',
  methodsPeople:
    'A participant is counted once however many webinars they attended. Responses from open links and imports without an email have no country or sector, so a region scope leaves them out.',
  methodsSmallCells:
    'Small cells: counts of 1 to {km1} people are shown as “<{k}”, other cells are withheld where a hidden one could be worked out from totals, and averages and percentages over fewer than {k} people are withheld.',
  methodsExact:
    'Exact figures: this copy is for the programme team. Copies for funders and share links show counts of fewer than k people as “<k” (k ≥ 2).',
  methodsDates:
    'Dates: webinars from {first} to {last}, days read in {tz}; the period before is the same length just before, the year before the same dates a year earlier.',
  methodsDatesNone: 'Dates: no held webinar in this period and scope; days read in {tz}.',
  noData: 'No data for this period and scope.',
  page: 'Page {n} of {total}',
  filename: 'impact-report',
} as const;

type Labels = { [K in keyof typeof en]: string };

const es: Labels = {
  title: 'Informe de impacto',
  programme: 'Programa de webinarios de aprendizaje entre pares',
  period: 'Período',
  wholeProgramme: 'Todo el programa',
  untilNow: 'hasta hoy',
  since: 'desde el inicio',
  scope: 'Alcance del informe',
  scopeAll: 'todos los webinarios y participantes',
  series: 'Serie',
  topic: 'Tema',
  workingGroup: 'Grupo de trabajo',
  region: 'Región',
  generated: 'Generado',
  reach: 'Alcance y crecimiento',
  figure: 'Cifra',
  thisPeriod: 'Este período',
  periodBefore: 'Período anterior',
  yearBefore: 'Un año antes',
  change: 'Cambio',
  points: '{value} p. p.',
  webinarsHeld: 'Webinarios realizados',
  uniqueParticipants: 'Participantes únicos',
  attendances: 'Asistencias',
  countries: 'Países',
  registrations: 'Inscripciones',
  attendanceRate: 'Tasa de asistencia',
  newParticipants: 'Participantes nuevos',
  returningShare: 'Participantes que regresan',
  speakers: 'Ponentes',
  cumulative: 'Participantes únicos acumulados desde el inicio del programa',
  cumulativeTotal: '{total} participantes únicos alcanzados al {date}.',
  funnel: 'De la inscripción a las respuestas',
  registered: 'Inscritos',
  attended: 'Asistieron',
  invited: 'Invitados a la encuesta posterior',
  answered: 'Respondieron después del webinario',
  followupAnswered: 'Respondieron el seguimiento',
  funnelNote: 'Cada paso cuenta personas × webinarios.',
  audience: 'A quién se alcanzó',
  sectors: 'Sectores',
  regions: 'Regiones',
  incomeGroups: 'Grupos de ingreso',
  languages: 'Idiomas de las sesiones',
  gender: 'Género (autodeclarado, cuando se indicó)',
  notKnown: 'No se sabe',
  others: 'Otros',
  participants: 'participantes',
  satisfaction: 'Satisfacción',
  satisfactionMean: 'Satisfacción media {mean} sobre 5 ({n} respuestas); pertinencia {relevance}.',
  nps: 'Net Promoter Score {nps} ({n} respuestas: % 9–10 menos % 0–6).',
  rating: 'Valoración {value}',
  uses: 'Usos previstos y aplicados',
  planned: 'Previsto después del webinario',
  done: 'Hecho en el seguimiento',
  usesNote:
    'Previsto: proporción de {intended} respuestas posteriores al webinario. Hecho: proporción de {actual} respuestas de seguimiento.',
  applied:
    '{rate} de {n} personas que respondieron el seguimiento aplicaron lo aprendido (sí {yes}, en parte {partly}, no {no}).',
  stories: 'Testimonios',
  storiesNone: 'No hay testimonios aprobados para publicar en este período y alcance.',
  storiesMore: '{shown} de {total} testimonios aprobados.',
  anonymous: 'Anónimo',
  methods: 'Métodos',
  methodsCounts:
    'Recuentos: {webinars} webinarios realizados, {participants} participantes únicos, {attendances} asistencias, {registrations} inscripciones, {post} respuestas a la encuesta posterior y {followup} al seguimiento.',
  methodsRates:
    'Tasas de respuesta: {postRate} después del webinario ({postAnswered} de {postInvited} invitaciones personales), {followupRate} en el seguimiento ({followupAnswered} de {followupInvited}).',
  methodsDenominators:
    'Denominadores: satisfacción {satisfaction} respuestas, recomendación {recommend}, usos previstos {intended}, aplicación {applied}. Cada proporción es sobre quienes respondieron la pregunta.',
  methodsPeople:
    'Cada participante se cuenta una vez, asista a cuantos webinarios asista. Las respuestas de enlaces abiertos y de importaciones sin correo no tienen país ni sector, así que un alcance por región las deja fuera.',
  methodsSmallCells:
    'Celdas pequeñas: los recuentos de 1 a {km1} personas se muestran como «<{k}», se ocultan otras celdas cuando una oculta podría deducirse de los totales, y se ocultan promedios y porcentajes sobre menos de {k} personas.',
  methodsExact:
    'Cifras exactas: esta copia es para el equipo del programa. Las copias para financiadores y enlaces compartidos muestran los recuentos de menos de k personas como «<k» (k ≥ 2).',
  methodsDates:
    'Fechas: webinarios del {first} al {last}, días leídos en {tz}; el período anterior tiene la misma duración justo antes, y el año antes son las mismas fechas un año atrás.',
  methodsDatesNone:
    'Fechas: ningún webinario realizado en este período y alcance; días leídos en {tz}.',
  noData: 'No hay datos para este período y alcance.',
  page: 'Página {n} de {total}',
  filename: 'informe-impacto',
};

export type LabelKey = keyof typeof en;

const catalogues: Record<ReportLang, Labels> = { en, es };

const sectorNames: Record<ReportLang, Record<SectorCode, string>> = {
  en: {
    government: 'Government',
    civil_society: 'Civil society',
    private_sector: 'Private sector',
    international_organisation: 'International organisation',
    media: 'Media',
    academia: 'Academia',
    other: 'Other',
    unknown: 'Unknown',
  },
  es: {
    government: 'Gobierno',
    civil_society: 'Sociedad civil',
    private_sector: 'Sector privado',
    international_organisation: 'Organismo internacional',
    media: 'Medios de comunicación',
    academia: 'Academia',
    other: 'Otro',
    unknown: 'Desconocido',
  },
};

// The World Bank publishes its classification in English; these are its Spanish site's names.
const regionNamesEs: Record<string, string> = {
  'East Asia & Pacific': 'Asia oriental y el Pacífico',
  'Europe & Central Asia': 'Europa y Asia central',
  'Latin America & Caribbean': 'América Latina y el Caribe',
  'Middle East, North Africa, Afghanistan & Pakistan':
    'Oriente Medio, Norte de África, Afganistán y Pakistán',
  'North America': 'América del Norte',
  'South Asia': 'Asia meridional',
  'Sub-Saharan Africa': 'África subsahariana',
};

const incomeGroupNamesEs: Record<string, string> = {
  'High income': 'Ingreso alto',
  'Upper middle income': 'Ingreso mediano alto',
  'Lower middle income': 'Ingreso mediano bajo',
  'Low income': 'Ingreso bajo',
};

/** The words, formats and names of one report language. */
export function reportLabels(lang: ReportLang) {
  const words = catalogues[lang];
  const numbers = new Intl.NumberFormat(lang);
  const languages = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
  const countries = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
  return {
    lang,
    t(key: LabelKey, values: Record<string, string | number> = {}): string {
      return words[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in values ? String(values[name]) : whole,
      );
    },
    /** A count; a value a protected report withheld ("<5", null) as it comes or a dash. */
    count(value: number | string | null | undefined): string {
      return typeof value === 'number' ? numbers.format(value) : (value ?? '—');
    },
    percent(ratio: number | null | undefined): string {
      return typeof ratio === 'number'
        ? new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(ratio)
        : '—';
    },
    decimal(value: number | null | undefined, digits = 1): string {
      return typeof value === 'number'
        ? new Intl.NumberFormat(lang, {
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(value)
        : '—';
    },
    /** A calendar day (YYYY-MM-DD) written out, read in UTC so it never shifts. */
    day(iso: string): string {
      return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${iso.slice(0, 10)}T00:00:00Z`),
      );
    },
    sector(code: string): string {
      return sectorNames[lang][code as SectorCode] ?? code;
    },
    region(name: string): string {
      return (lang === 'es' && regionNamesEs[name]) || name;
    },
    incomeGroup(name: string): string {
      return (lang === 'es' && incomeGroupNamesEs[name]) || name;
    },
    language(code: string): string {
      try {
        return capitalised(languages.of(code) ?? code);
      } catch {
        return code;
      }
    },
    country(code: string): string {
      try {
        return countries.of(code.toUpperCase()) ?? code;
      } catch {
        return code;
      }
    },
  };
}

export type ReportLabels = ReturnType<typeof reportLabels>;
