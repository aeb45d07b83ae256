import { error, redirect } from '@sveltejs/kit';
import { getJson } from '$lib/api/client';
import { isReference } from '$lib/api/reference';
import { hrefWith } from '$lib/filters';
import { isSession, isShareView, shareCookieNames, shareParams } from '$lib/server/session';
import type { LayoutServerLoad } from './$types';

// Every dashboard page is for signed-in users or a share link's viewer: without either, to the
// sign-in page and back. A share viewer's visit to each page is logged by the API (`path`).
export const load: LayoutServerLoad = async ({ fetch, url, cookies }) => {
  const path = url.pathname + url.search;
  const response = await fetch(`/api/session?path=${encodeURIComponent(path)}`, {
    headers: { accept: 'application/json' },
  });
  if (response.status === 401) {
    // A share cookie the API no longer honours: the link was revoked or expired mid-visit.
    // Say so plainly rather than ask a funder without an account to sign in.
    if (shareCookieNames.some((name) => cookies.get(name) !== undefined)) {
      for (const name of shareCookieNames) {
        cookies.delete(name, { path: '/', secure: name.startsWith('__Host-') });
      }
      redirect(303, '/r/ended');
    }
    redirect(303, `/sign-in?next=${encodeURIComponent(path)}`);
  }
  const body: unknown = response.ok ? await response.json() : null;
  if (isShareView(body)) {
    // The API shows the link's period and scope whatever the address says; the address is set
    // to them too, so the filter bar and the headings say what the figures are.
    const forced = shareParams(body.share.scope);
    const differs = Object.entries(forced).some(([key, value]) => {
      const values = url.searchParams.getAll(key);
      return value === null ? values.length > 0 : values.length !== 1 || values[0] !== value;
    });
    if (differs) redirect(303, hrefWith(url, forced));
    // For the banner's names of the series, topic or working group the link is locked to.
    const reference = await getJson(fetch, '/api/reference', isReference);
    return { session: null, share: body.share, reference };
  }
  if (!isSession(body)) {
    error(502, { message: 'API unavailable', messageKey: 'errors.apiUnavailable' });
  }
  return { session: body, share: null, reference: null };
};
