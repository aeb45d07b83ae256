import { isCount, isPage, isRecord } from './client';
import { isMinCellSize, isRowSuppression, isSuppressionMap, type Suppressed } from './hidden';

// The impact API's answers (GET /api/impact/*), with shape guards for getJson.

// Every count below may be null for funders and share links (hidden: 1 to k−1 people, or
// withheld so that a small one cannot be worked back); rows then carry `suppressed`, and the
// answer `minCellSize`. Managers get numbers throughout.

export interface WaveFunnel {
  invited: number | null;
  answered: number | null;
  rate: number | null;
}

export interface ScaleCounts {
  n: number | null;
  mean: number | null;
  counts: { value: number; count: number | null; suppressed?: Suppressed }[];
  suppressed?: Suppressed;
}

export interface UseRow {
  value: string;
  label: string;
  count: number | null;
  share: number | null;
  suppressed?: Suppressed;
}

export interface IntentRow {
  value: string;
  label: string;
  planned: number | null;
  didIt: number | null;
  otherInstead: number | null;
  nothing: number | null;
  notSaid: number | null;
  instead: { value: string; label: string; count: number | null }[];
  suppressed?: Suppressed;
}

export interface ImpactFigures {
  responses: { post: number | null; followup: number | null };
  funnel: { attendees: number | null; post: WaveFunnel; followup: WaveFunnel };
  satisfaction: ScaleCounts;
  relevance: ScaleCounts;
  recommend: ScaleCounts & {
    nps: number | null;
    promoters: number | null;
    passives: number | null;
    detractors: number | null;
  };
  intendedUses: { n: number | null; rows: UseRow[] };
  applied: {
    n: number | null;
    yes: number | null;
    partly: number | null;
    no: number | null;
    rate: number | null;
  };
  actualUses: { n: number | null; rows: UseRow[] };
  intentToApplied: { pairs: number | null; withPlans: number | null; rows: IntentRow[] };
  /** Set for funders and share links. */
  minCellSize?: number;
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
  postInvited: number | null;
  postResponses: number | null;
  postRate: number | null;
  followupInvited: number | null;
  followupResponses: number | null;
  followupRate: number | null;
  satisfactionN: number | null;
  satisfactionMean: number | null;
  recommendN: number | null;
  nps: number | null;
  appliedN: number | null;
  appliedRate: number | null;
  suppressed?: Suppressed;
}

export interface ImpactBreakdown {
  dimension: ImpactDimension;
  rows: ImpactBreakdownRow[];
  minCellSize?: number;
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

/**
 * The count check of one answer: a number, or null only in a protected answer (one that
 * carries `minCellSize`), so a manager's answer with a missing count is still refused.
 */
type CountCheck = (v: unknown) => boolean;
const countCheck =
  (body: Record<string, unknown>): CountCheck =>
  (v) =>
    isCount(v) || (v === null && isCount(body.minCellSize));

function isWaveFunnel(v: unknown, count: CountCheck): v is WaveFunnel {
  return isRecord(v) && count(v.invited) && count(v.answered) && isRate(v.rate);
}

function isScale(v: unknown, count: CountCheck): v is ScaleCounts {
  return (
    isRecord(v) &&
    count(v.n) &&
    isNullableNumber(v.mean) &&
    isRowSuppression(v.suppressed) &&
    Array.isArray(v.counts) &&
    v.counts.every(
      (c: unknown) =>
        isRecord(c) && isCount(c.value) && count(c.count) && isRowSuppression(c.suppressed),
    )
  );
}

function isUseList(v: unknown, count: CountCheck): v is { n: number | null; rows: UseRow[] } {
  return (
    isRecord(v) &&
    count(v.n) &&
    Array.isArray(v.rows) &&
    v.rows.every(
      (r: unknown) =>
        isRecord(r) &&
        typeof r.value === 'string' &&
        typeof r.label === 'string' &&
        count(r.count) &&
        isRowSuppression(r.suppressed),
    )
  );
}

export function isImpactFigures(body: unknown): body is ImpactFigures {
  if (!isRecord(body)) return false;
  const { responses, funnel, recommend, applied, intentToApplied } = body;
  const count = countCheck(body);
  return (
    isMinCellSize(body.minCellSize) &&
    (!isRecord(funnel) || isSuppressionMap(funnel.suppressed)) &&
    isRecord(responses) &&
    count(responses.post) &&
    count(responses.followup) &&
    isRecord(funnel) &&
    count(funnel.attendees) &&
    isWaveFunnel(funnel.post, count) &&
    isWaveFunnel(funnel.followup, count) &&
    isScale(body.satisfaction, count) &&
    isScale(body.relevance, count) &&
    isScale(recommend, count) &&
    isRecord(recommend) &&
    isNullableNumber(recommend.nps) &&
    isUseList(body.intendedUses, count) &&
    isUseList(body.actualUses, count) &&
    isRecord(applied) &&
    count(applied.n) &&
    isRate(applied.rate) &&
    isRecord(intentToApplied) &&
    count(intentToApplied.pairs) &&
    Array.isArray(intentToApplied.rows) &&
    intentToApplied.rows.every(
      (r: unknown) =>
        isRecord(r) &&
        typeof r.value === 'string' &&
        count(r.planned) &&
        count(r.didIt) &&
        count(r.otherInstead) &&
        count(r.nothing) &&
        count(r.notSaid) &&
        isRowSuppression(r.suppressed) &&
        Array.isArray(r.instead),
    )
  );
}

export function isImpactBreakdown(body: unknown): body is ImpactBreakdown {
  if (!isRecord(body)) return false;
  const count = countCheck(body);
  return (
    isMinCellSize(body.minCellSize) &&
    typeof body.dimension === 'string' &&
    (impactDimensions as readonly string[]).includes(body.dimension) &&
    Array.isArray(body.rows) &&
    body.rows.every(
      (r: unknown) =>
        isRecord(r) &&
        (r.key === null || typeof r.key === 'string') &&
        count(r.postInvited) &&
        count(r.postResponses) &&
        isRate(r.postRate) &&
        count(r.followupResponses) &&
        isRate(r.followupRate) &&
        isNullableNumber(r.satisfactionMean) &&
        isNullableNumber(r.nps) &&
        isRate(r.appliedRate) &&
        isRowSuppression(r.suppressed),
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
