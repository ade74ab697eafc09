import { ApiError, query } from '$lib/graphql/client';
import { InvitationQuery } from '$lib/access/api';
import type { PageLoad } from './$types';

/** Public: what the link is for, or why it no longer works (the page says so either way). */
export const load: PageLoad = async ({ params }) => {
  try {
    const { invitation } = await query(InvitationQuery, { token: params.token });
    return { invitation, problem: null };
  } catch (e) {
    const problem =
      e instanceof ApiError && e.code === 'NOT_FOUND'
        ? 'This invitation link is not valid any more: it was used, cancelled or mistyped. Ask for a new one.'
        : e instanceof Error
          ? e.message
          : 'Something went wrong.';
    return { invitation: null, problem };
  }
};
