import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { importsDependency, isImportHistory } from '$lib/api/imports';
import { isReference } from '$lib/api/reference';
import { isWebinarList } from '$lib/api/webinars';

export const load: PageLoad = async ({ fetch, depends }) => {
  depends(importsDependency);
  const [history, reference, webinars] = await Promise.all([
    getJson(fetch, '/api/imports?limit=50', isImportHistory),
    getJson(fetch, '/api/reference', isReference),
    getJson(fetch, '/api/webinars?limit=500', isWebinarList),
  ]);
  return { history, reference, webinars };
};
