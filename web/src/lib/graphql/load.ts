import { error, redirect } from '@sveltejs/kit';
import { ApiError, type ErrorCode } from './errors';

const statusByCode: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_REQUEST: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  NETWORK: 503,
  SERVICE_UNAVAILABLE: 503,
};

/** Where to sign in and come back to `url` afterwards. */
export function loginUrl(url: URL): string {
  const next = url.pathname + url.search;
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/**
 * Awaits a page's data inside a load function: an expired session goes to the login page, other
 * API errors become SvelteKit errors (shown by +error.svelte with their code).
 */
export async function loadData<T>(url: URL, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ApiError) {
      if (e.code === 'UNAUTHENTICATED') redirect(307, loginUrl(url));
      error(statusByCode[e.code], { message: e.message, code: e.code });
    }
    throw e;
  }
}

/** A `next` parameter is only followed to a path on this site (no open redirect). */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return null;
  return next;
}
