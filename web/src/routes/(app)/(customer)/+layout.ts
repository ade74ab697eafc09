import { redirect } from '@sveltejs/kit';
import { homeFor } from '$lib/identity/api';
import type { LayoutLoad } from './$types';

/** Customer pages; an admin is sent to the admin dashboard. */
export const load: LayoutLoad = async ({ parent }) => {
  const { me } = await parent();
  if (me.role !== 'CUSTOMER') redirect(307, homeFor(me.role));
  return {};
};
