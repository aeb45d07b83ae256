import { isCount, isPage, isRecord } from './client';

// The impact API's answers (GET /api/impact/*), with shape guards for getJson.

export interface WaveFunnel {
  invited: number;
  answered: number;
  rate: number | null;
}

export interface ScaleCounts {
  n: number;
  mean: number | null;
  counts: { value: number; count: number }[];
}

export interface UseRow {
  value: string;
  label: string;
  count: number;
  share: number;
}

export interface IntentRow {
  value: string;
  label: string;
  planned: number;
  didIt: number;
  otherInstead: number;
  nothing: number;
  notSaid: number;
  instead: { value: string; label: string; count: number }[];
}

export interface ImpactFigures {
  responses: { post: number; followup: number };
  funnel: { attendees: number; post: WaveFunnel; followup: WaveFunnel };
  satisfaction: ScaleCounts;
  relevance: ScaleCounts;
  recommend: ScaleCounts & {
    nps: number | null;
    promoters: number;
    passives: number;
    detractors: number;
  };
  intendedUses: { n: number; rows: UseRow[] };
  applied: { n: number; yes: number; partly: number; no: number; rate: number | null };
  actualUses: { n: number; rows: UseRow[] };
  intentToApplied: { pairs: number; withPlans: number; rows: IntentRow[] };
}

export const impactDimensions = [
  'topic',
  'working_group',
  'sector',
  'country',
  'region',
  'language',
  'webinar',
] as const;
export type ImpactDimension = (typeof impactDimensions)[number];

export interface ImpactBreakdownRow {
  key: string | null;
  label: string | null;
  postInvited: number;
  postResponses: number;
  postRate: number | null;
  followupInvited: number;
  followupResponses: number;
  followupRate: number | null;
  satisfactionN: number;
  satisfactionMean: number | null;
  recommendN: number;
  nps: number | null;
  appliedN: number;
  appliedRate: number | null;
}

export interface ImpactBreakdown {
  dimension: ImpactDimension;
  rows: ImpactBreakdownRow[];
}

export interface TopicsRequested {
  requests: number;
  matched: number;
  topics: { topicId: number; label: string; requests: number; delivered: number }[];
  unmatched: { text: string; count: number }[];
}

export interface WebinarRef {
  id: number;
  title: string;
  startsAt: string;
}

/** Comments per page of the Impact page's list. */
export const commentsPerPage = 10;

/** Which testimonials the Impact page shows: `all` (default), `pending` or `approved`. */
export const testimonialFilters = ['all', 'pending', 'approved'] as const;
export type TestimonialFilter = (typeof testimonialFilters)[number];

export const commentKeys = ['comments', 'what_changed', 'barriers'] as const;
export type CommentKey = (typeof commentKeys)[number];

export interface ImpactComment {
  responseId: number;
  key: CommentKey;
  text: string;
  language: string;
  wave: 'post' | 'followup';
  submittedAt: string;
  webinar: WebinarRef;
}

export interface Testimonial {
  responseId: number;
  wave: 'post' | 'followup';
  language: string;
  submittedAt: string;
  displayName: string | null;
  country: string | null;
  approvedAt: string | null;
  quotes: { key: string; text: string }[];
  webinar: WebinarRef;
}

const isRate = (v: unknown) => v === null || (typeof v === 'number' && v >= 0 && v <= 1);
const isNullableNumber = (v: unknown) => v === null || typeof v === 'number';

function isWaveFunnel(v: unknown): v is WaveFunnel {
  return isRecord(v) && isCount(v.invited) && isCount(v.answered) && isRate(v.rate);
}

function isScale(v: unknown): v is ScaleCounts {
  return (
    isRecord(v) &&
    isCount(v.n) &&
    isNullableNumber(v.mean) &&
    Array.isArray(v.counts) &&
    v.counts.every((c: unknown) => isRecord(c) && isCount(c.value) && isCount(c.count))
  );
}

function isUseList(v: unknown): v is { n: number; rows: UseRow[] } {
  return (
    isRecord(v) &&
    isCount(v.n) &&
    Array.isArray(v.rows) &&
    v.rows.every(
      (r: unknown) =>
        isRecord(r) &&
        typeof r.value === 'string' &&
        typeof r.label === 'string' &&
        isCount(r.count),
    )
  );
}

export function isImpactFigures(body: unknown): body is ImpactFigures {
  if (!isRecord(body)) return false;
  const { responses, funnel, recommend, applied, intentToApplied } = body;
  return (
    isRecord(responses) &&
    isCount(responses.post) &&
    isCount(responses.followup) &&
    isRecord(funnel) &&
    isCount(funnel.attendees) &&
    isWaveFunnel(funnel.post) &&
    isWaveFunnel(funnel.followup) &&
    isScale(body.satisfaction) &&
    isScale(body.relevance) &&
    isScale(recommend) &&
    isRecord(recommend) &&
    isNullableNumber(recommend.nps) &&
    isUseList(body.intendedUses) &&
    isUseList(body.actualUses) &&
    isRecord(applied) &&
    isCount(applied.n) &&
    isRate(applied.rate) &&
    isRecord(intentToApplied) &&
    isCount(intentToApplied.pairs) &&
    Array.isArray(intentToApplied.rows) &&
    intentToApplied.rows.every(
      (r: unknown) =>
        isRecord(r) &&
        typeof r.value === 'string' &&
        isCount(r.planned) &&
        isCount(r.didIt) &&
        isCount(r.otherInstead) &&
        isCount(r.nothing) &&
        isCount(r.notSaid) &&
        Array.isArray(r.instead),
    )
  );
}

export function isImpactBreakdown(body: unknown): body is ImpactBreakdown {
  return (
    isRecord(body) &&
    typeof body.dimension === 'string' &&
    (impactDimensions as readonly string[]).includes(body.dimension) &&
    Array.isArray(body.rows) &&
    body.rows.every(
      (r: unknown) =>
        isRecord(r) &&
        (r.key === null || typeof r.key === 'string') &&
        isCount(r.postInvited) &&
        isCount(r.postResponses) &&
        isRate(r.postRate) &&
        isCount(r.followupResponses) &&
        isRate(r.followupRate) &&
        isNullableNumber(r.satisfactionMean) &&
        isNullableNumber(r.nps) &&
        isRate(r.appliedRate),
    )
  );
}

export function isTopicsRequested(body: unknown): body is TopicsRequested {
  return (
    isRecord(body) &&
    isCount(body.requests) &&
    isCount(body.matched) &&
    Array.isArray(body.topics) &&
    body.topics.every(
      (t: unknown) =>
        isRecord(t) &&
        isCount(t.topicId) &&
        typeof t.label === 'string' &&
        isCount(t.requests) &&
        isCount(t.delivered),
    ) &&
    Array.isArray(body.unmatched) &&
    body.unmatched.every(
      (u: unknown) => isRecord(u) && typeof u.text === 'string' && isCount(u.count),
    )
  );
}

function isWebinarRef(v: unknown): v is WebinarRef {
  return (
    isRecord(v) && isCount(v.id) && typeof v.title === 'string' && typeof v.startsAt === 'string'
  );
}

export function isCommentPage(body: unknown): body is { total: number; items: ImpactComment[] } {
  return isPage(
    body,
    (c) =>
      isCount(c.responseId) &&
      (commentKeys as readonly unknown[]).includes(c.key) &&
      typeof c.text === 'string' &&
      typeof c.language === 'string' &&
      isWebinarRef(c.webinar),
  );
}

export function isTestimonialPage(body: unknown): body is { total: number; items: Testimonial[] } {
  return isPage(
    body,
    (t) =>
      isCount(t.responseId) &&
      (t.displayName === null || typeof t.displayName === 'string') &&
      (t.country === null || typeof t.country === 'string') &&
      (t.approvedAt === null || typeof t.approvedAt === 'string') &&
      Array.isArray(t.quotes) &&
      isWebinarRef(t.webinar),
  );
}
