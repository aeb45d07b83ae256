import type { LayoutServerLoad } from './$types';
import { localeParam } from '$lib/i18n/locale';

export const load: LayoutServerLoad = ({ locals, url }) => {
  // Reading the parameter makes SvelteKit rerun this load when a language link changes it;
  // the locale itself was negotiated in hooks.server.ts.
  url.searchParams.get(localeParam);
  return { locale: locals.locale };
};
