import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/graphql/load';
import { homeFor } from '$lib/identity/api';
import type { PageLoad } from './$types';

/** Signed in already: nothing to register (on to `next`, e.g. an order begun in the store). */
export const load: PageLoad = async ({ parent, url }) => {
  const { me } = await parent();
  if (me) redirect(307, safeNext(url.searchParams.get('next')) ?? homeFor(me.role));
  return {};
};
