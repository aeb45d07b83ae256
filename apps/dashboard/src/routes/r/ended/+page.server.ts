import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Where a page lands when the share session it was viewed in has stopped (the link revoked or
// expired mid-visit): the clear page, as a 410.
export const load: PageServerLoad = () => {
  error(410, { message: 'Shared view ended', messageKey: 'share.closed.ended' });
};
