import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isInstrument, isInstrumentVersion } from '$lib/api/instruments';

export const load: PageLoad = async ({ fetch, params, url }) => {
  // The route's matcher lets only a positive integer through.
  const instrument = await getJson(fetch, `/api/surveys/${params.id}`, isInstrument);
  // ?version=N shows an older version read-only; the current one is the editor itself.
  const asked = url.searchParams.get('version');
  const version = asked !== null && /^[1-9]\d{0,8}$/.test(asked) ? Number(asked) : null;
  const viewed =
    version !== null && version !== instrument.current.version
      ? await getJson(fetch, `/api/surveys/${params.id}/versions/${version}`, isInstrumentVersion)
      : null;
  return { instrument, viewed };
};
