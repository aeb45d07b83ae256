import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isNewReturning } from '$lib/api/loyalty';
import { isReference } from '$lib/api/reference';
import { isBreakdown } from '$lib/api/breakdown';
import { isViewFigures } from '$lib/api/view-figures';
import { isWebinarDetail } from '$lib/api/webinars';
import { isImpactFigures } from '$lib/api/impact';

/** How many countries the chart shows; the takeaway gives the full count. */
const topCountries = 10;

export const load: PageLoad = async ({ fetch, params, parent }) => {
  // The route's matcher lets only a positive integer through.
  const only = `webinar=${params.id}`;
  const { locale } = await parent();
  const [webinar, reference, figures, newReturning, countries, sectors, surveys] =
    await Promise.all([
      getJson(fetch, `/api/webinars/${params.id}`, isWebinarDetail),
      getJson(fetch, '/api/reference', isReference),
      getJson(fetch, `/api/overview?${only}`, isViewFigures),
      getJson(fetch, `/api/loyalty/new-returning?${only}`, isNewReturning),
      getJson(fetch, `/api/breakdown/country?${only}&limit=${topCountries}`, isBreakdown),
      getJson(fetch, `/api/breakdown/sector?${only}&limit=50`, isBreakdown),
      getJson(fetch, `/api/impact?${only}&lang=${locale}`, isImpactFigures),
    ]);
  return {
    webinar,
    reference,
    stats: { figures, newReturning: newReturning[0] ?? null, countries, sectors },
    surveys,
  };
};
