import { error } from '@sveltejs/kit';
import { storeAsk, StoreShellQuery } from '$lib/store/api';
import type { LayoutLoad } from './$types';

/*
 * The public store is rendered on the server (unlike the portal, an SPA): a link preview or a
 * search engine gets the brand, the plans and the prices in the HTML. Every read goes through
 * SvelteKit's `fetch` to this host's /graphql (hooks.server.ts on the server), so the tenant is
 * the host's and the answers are inlined for hydration.
 */
export const ssr = true;

/** The host's brand (contact details included) and who is signed in, if anyone. */
export const load: LayoutLoad = async ({ fetch }) => {
  const { data, errors } = await storeAsk(fetch, StoreShellQuery, {});
  if (!data?.brand)
    error(503, { message: errors?.[0]?.message ?? 'The store is not available right now.' });
  return { brand: data.brand, me: data.me ?? null };
};
