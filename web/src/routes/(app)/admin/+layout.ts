import { redirect } from '@sveltejs/kit';
import { homeFor } from '$lib/identity/api';
import type { LayoutLoad } from './$types';

/** Admin pages; a customer is sent to their dashboard. (The API checks roles on every call too.) */
export const load: LayoutLoad = async ({ parent }) => {
  const { me } = await parent();
  if (me.role !== 'ADMIN') redirect(307, homeFor(me.role));
  return {};
};
