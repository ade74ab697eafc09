import { GraphQLError, type ExecutionResult } from 'graphql';
import { DomainError, type ErrorCode } from '../domain/shared/decider.ts';
import { WrongExpectedRevision } from '../eventstore/types.ts';

export type ApiErrorCode =
  | ErrorCode
  | 'INTERNAL'
  | 'SERVICE_UNAVAILABLE'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'QUERY_TOO_COMPLEX';

/** An error with a code the client can act on, raised by resolvers and hooks. */
export const apiError = (code: ApiErrorCode, message: string) =>
  new DomainError(code as ErrorCode, message);

interface Logger {
  error(obj: object, msg: string): void;
}

/**
 * Shapes every error as `{ message, path, extensions: { code, issues? } }` with HTTP 200, and
 * masks anything unexpected as INTERNAL (details go to the log, never to the client).
 */
export function formatErrors(execution: ExecutionResult, log: Logger) {
  const errors = (execution.errors ?? []).flatMap((error) => {
    const nested = (error.originalError as { errors?: unknown[] } | undefined)?.errors;
    if (Array.isArray(nested)) {
      // A refusal's reasons may be plain errors (a mutation over GET): they explain a BAD_REQUEST.
      const refused = requestRefusal(error) !== null;
      // (By name: mercurius's GraphQLError comes from graphql's CommonJS build, not the class imported here.)
      return nested.map((e) =>
        refused && (e as Error).name !== 'GraphQLError'
          ? { message: (e as Error).message, extensions: { code: 'BAD_REQUEST' } }
          : shape(e as GraphQLError, log),
      );
    }
    return [shape(error, log)];
  });
  // Mercurius refuses some requests before execution (CSRF, batching): keep their 4xx status.
  const refusal = (execution.errors ?? []).map(requestRefusal).find((r) => r !== null);
  return { statusCode: refusal ?? 200, response: { data: execution.data ?? null, errors } };
}

function shape(error: GraphQLError, log: Logger) {
  const original =
    error.originalError ?? (error instanceof GraphQLError ? undefined : (error as Error));
  const base = { message: error.message, locations: error.locations, path: error.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: original.code,
        ...(original.issues.length ? { issues: original.issues } : {}),
      },
    };
  }
  if (original instanceof WrongExpectedRevision) {
    return {
      ...base,
      message: 'This changed while you were working; try again.',
      extensions: { code: 'CONFLICT' },
    };
  }
  if (requestRefusal(error) !== null)
    return { message: original!.message, extensions: { code: 'BAD_REQUEST' } };
  if (!original || (original as { name?: string }).name === 'GraphQLError') {
    // Parse and validation errors: the client's fault. A variable of the wrong shape is bad input.
    if (/^Variable "\$/.test(error.message))
      return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    const code = (error.extensions?.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED';
    return {
      ...base,
      extensions: { code: code === 'MER_ERR_GQL_VALIDATION' ? 'GRAPHQL_VALIDATION_FAILED' : code },
    };
  }
  if (unavailable(original)) {
    log.error({ err: original, path: error.path }, 'database unavailable in GraphQL resolver');
    return {
      message:
        'The service is briefly unavailable; try again (a mutation with the same commandId).',
      path: error.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  log.error({ err: original, path: error.path }, 'internal error in GraphQL resolver');
  return { message: 'Internal error.', path: error.path, extensions: { code: 'INTERNAL' } };
}

/**
 * A 4xx refusal of the request itself, raised by mercurius (e.g. MER_ERR_GQL_CSRF_PREVENTION) or
 * by fastify before mercurius runs (body not JSON or too large, body not of the request schema,
 * e.g. FST_ERR_CTP_INVALID_JSON_BODY, FST_ERR_VALIDATION), or null.
 */
function requestRefusal(error: GraphQLError): number | null {
  const original = (error.originalError ?? error) as { code?: unknown; statusCode?: unknown };
  const status = typeof original.statusCode === 'number' ? original.statusCode : null;
  return typeof original.code === 'string' &&
    /^(MER_ERR|FST_ERR)/.test(original.code) &&
    status !== null &&
    status >= 400 &&
    status < 500
    ? status
    : null;
}

/**
 * The database cannot be reached or went away mid-request (postgres.js connection errors,
 * SQLSTATE class 08, or 57P01–57P03 shutdown / not yet accepting connections), or the event
 * store gave up waiting for its node (the port's StoreUnavailable, ES_UNAVAILABLE). The client may
 * retry: mutations are idempotent by commandId, so a retry applies at most once.
 */
export function unavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT)$/.test(
      code,
    ) ||
    /^08/.test(code) ||
    /^57P0[123]$/.test(code) ||
    code === 'ES_UNAVAILABLE'
  );
}
