import { redirect } from '@sveltejs/kit';
import { query } from '$lib/graphql/client';
import { safeNext } from '$lib/graphql/load';
import { homeFor, MeQuery } from '$lib/identity/api';
import type { PageLoad } from './$types';

/** Already signed in? Go on. Asks afresh: the session the layout loaded may have expired since. */
export const load: PageLoad = async ({ url }) => {
  const me = await query(MeQuery, {}).then(
    (r) => r.me,
    () => null,
  );
  if (me) redirect(307, safeNext(url.searchParams.get('next')) ?? homeFor(me.role));
  return {};
};
