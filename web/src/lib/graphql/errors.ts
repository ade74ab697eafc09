import type { CombinedError } from '@urql/core';

/** Codes the API puts in `extensions.code`, plus NETWORK when no answer came back. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'SERVICE_UNAVAILABLE'
  | 'BAD_REQUEST'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'NETWORK';

/** One field problem from a BAD_USER_INPUT answer, e.g. `{ path: ['input', 'amount'], message }`. */
export interface FieldIssue {
  path: string[];
  message: string;
}

const knownCodes = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
  // The database was briefly out of reach: the same request may be sent again.
  'SERVICE_UNAVAILABLE',
  // Refusals before execution (CSRF, batching) and documents the schema rejects: client bugs.
  'BAD_REQUEST',
  'GRAPHQL_VALIDATION_FAILED',
]);

/** A failed query or mutation, with the API's code and (for bad input) the field issues. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }

  /** Network failures and a briefly unavailable service may be retried with the same commandId; everything else is an answer. */
  get retryable(): boolean {
    return this.code === 'NETWORK' || this.code === 'SERVICE_UNAVAILABLE';
  }
}

/** Turns urql's CombinedError into an ApiError, reading the first GraphQL error's extensions. */
export function toApiError(error: CombinedError): ApiError {
  const first = error.graphQLErrors[0];
  if (!first) {
    return new ApiError(
      'Could not reach the server. Check your connection and try again.',
      'NETWORK',
    );
  }
  const ext = (first.extensions ?? {}) as { code?: unknown; issues?: unknown };
  const code =
    typeof ext.code === 'string' && knownCodes.has(ext.code) ? (ext.code as ErrorCode) : 'INTERNAL';
  return new ApiError(first.message || 'Something went wrong.', code, parseIssues(ext.issues));
}

function parseIssues(raw: unknown): FieldIssue[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): FieldIssue[] => {
    if (!item || typeof item !== 'object') return [];
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    const segments = Array.isArray(path) ? path.map(String) : [];
    return [{ path: segments, message }];
  });
}

/**
 * Sorts issues onto the form's fields: an issue belongs to the first path segment that names a
 * field (so `['input', 'proof', 'base64']` lands on `proof`); the rest are form-level messages.
 */
export function fieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { fields: Partial<Record<F, string>>; form: string[] } {
  const out: { fields: Partial<Record<F, string>>; form: string[] } = { fields: {}, form: [] };
  if (!(error instanceof ApiError)) {
    out.form.push(error instanceof Error ? error.message : 'Something went wrong.');
    return out;
  }
  if (error.code !== 'BAD_USER_INPUT' || error.issues.length === 0) {
    out.form.push(error.message);
    return out;
  }
  for (const issue of error.issues) {
    const field = issue.path.find((s): s is F => (fields as readonly string[]).includes(s));
    if (field && !out.fields[field]) out.fields[field] = issue.message;
    else if (!field) out.form.push(issue.message);
  }
  return out;
}

/** A message for people, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
