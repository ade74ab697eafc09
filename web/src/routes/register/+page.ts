import { redirect } from '@sveltejs/kit';
import { homeFor } from '$lib/identity/api';
import type { PageLoad } from './$types';

/** Signed in already: nothing to register. */
export const load: PageLoad = async ({ parent }) => {
  const { me } = await parent();
  if (me) redirect(307, homeFor(me.role));
  return {};
};
