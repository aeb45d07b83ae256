import { getJson } from '$lib/api/client';
import { loadFilterOptions } from '$lib/api/filter-options';
import {
  impactDimensions,
  isCommentPage,
  isImpactBreakdown,
  isImpactFigures,
  isTestimonialPage,
  isTopicsRequested,
  commentsPerPage,
  testimonialFilters,
  type ImpactDimension,
  type TestimonialFilter,
} from '$lib/api/impact';
import { apiPath } from '$lib/filters';
import type { PageLoad } from './$types';

/** Testimonials listed (newest first). */
const testimonialLimit = 20;

export const load: PageLoad = async ({ fetch, url, parent, depends }) => {
  // Approving a testimonial invalidates this, so the page shows the stored state.
  depends('app:impact');
  const { locale, session, share } = await parent();
  // Topics requested and the comments are free text for managers only: not asked for funders
  // and share links (the API refuses them).
  const protectedView = session?.user.role === 'funder' || share !== null;
  const q = url.searchParams.get('q')?.trim().slice(0, 200) ?? '';
  const pageParam = Number(url.searchParams.get('commentsPage'));
  const commentsPage = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1;
  const byParam = url.searchParams.get('by');
  const by: ImpactDimension = (impactDimensions as readonly string[]).includes(byParam ?? '')
    ? (byParam as ImpactDimension)
    : 'topic';
  const statusParam = url.searchParams.get('quotes');
  const quotes: TestimonialFilter = (testimonialFilters as readonly string[]).includes(
    statusParam ?? '',
  )
    ? (statusParam as TestimonialFilter)
    : 'all';

  const [filterOptions, figures, breakdown, topics, comments, testimonials] = await Promise.all([
    loadFilterOptions(fetch),
    getJson(fetch, apiPath('/api/impact', url, { lang: locale }), isImpactFigures),
    getJson(
      fetch,
      apiPath(`/api/impact/breakdown/${by}`, url, { lang: locale }),
      isImpactBreakdown,
    ),
    protectedView
      ? null
      : getJson(
          fetch,
          apiPath('/api/impact/topics-requested', url, { lang: locale }),
          isTopicsRequested,
        ),
    protectedView
      ? null
      : getJson(
          fetch,
          apiPath('/api/impact/comments', url, {
            q: q || undefined,
            limit: commentsPerPage,
            offset: (commentsPage - 1) * commentsPerPage,
          }),
          isCommentPage,
        ),
    getJson(
      fetch,
      apiPath('/api/impact/testimonials', url, { status: quotes, limit: testimonialLimit }),
      isTestimonialPage,
    ),
  ]);
  return {
    filterOptions,
    figures,
    by,
    breakdown,
    topics,
    q,
    commentsPage,
    comments,
    quotes,
    testimonials,
  };
};
