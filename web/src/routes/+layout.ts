import { query, ApiError, messageOf } from '$lib/graphql/client';
import { BrandQuery, SessionQuery, type Brand, type Viewer } from '$lib/identity/api';
import { fallbackBrand } from '$lib/identity/brand';
import type { LayoutLoad } from './$types';

// A single-page app: every byte of data comes from the browser through /graphql.
export const ssr = false;
export const prerender = false;

/** Who is signed in and the brand of this host; re-run with invalidate('app:session'). */
export const load: LayoutLoad = async ({ depends }) => {
  depends('app:session');
  try {
    const { me, brand } = await query(SessionQuery, {});
    return { me, brand, sessionError: null };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
      return { me: null, brand: await brandOnly(), sessionError: null };
    }
    return { me: null as Viewer | null, brand: fallbackBrand, sessionError: messageOf(e) };
  }
};

async function brandOnly(): Promise<Brand> {
  try {
    return (await query(BrandQuery, {})).brand;
  } catch {
    return fallbackBrand;
  }
}
