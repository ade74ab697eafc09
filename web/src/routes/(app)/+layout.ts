import { redirect } from '@sveltejs/kit';
import { loginUrl } from '$lib/graphql/load';
import type { LayoutLoad } from './$types';

/** Every page in here needs a signed-in user. */
export const load: LayoutLoad = async ({ parent, url, untrack }) => {
  const { me } = await parent();
  if (!me)
    redirect(
      307,
      untrack(() => loginUrl(url)),
    );
  return { me };
};
