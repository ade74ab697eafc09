import {
  CombinedError,
  createClient,
  fetchExchange,
  type AnyVariables,
  type TypedDocumentNode,
} from '@urql/core';
import { toApiError } from './errors';

export { gql } from '@urql/core';
export { ApiError, fieldErrors, messageOf, type ErrorCode, type FieldIssue } from './errors';

/**
 * One client for the portal: same-origin /graphql with the HttpOnly session cookie, and no
 * cache (every screen shows what the read models hold now).
 */
export const client = createClient({
  url: '/graphql',
  exchanges: [fetchExchange],
  fetchOptions: { credentials: 'same-origin' },
  requestPolicy: 'network-only',
  preferGetMethod: false,
});

/** Runs a query; resolves with its data or throws an ApiError. */
export async function query<Data, Vars extends AnyVariables>(
  doc: TypedDocumentNode<Data, Vars>,
  vars: Vars,
): Promise<Data> {
  const result = await client.query(doc, vars).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw toApiError(noData());
  return result.data;
}

/** Runs a mutation; resolves with its data or throws an ApiError. */
export async function mutate<Data, Vars extends AnyVariables>(
  doc: TypedDocumentNode<Data, Vars>,
  vars: Vars,
): Promise<Data> {
  const result = await client.mutation(doc, vars).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw toApiError(noData());
  return result.data;
}

function noData(): CombinedError {
  return new CombinedError({ networkError: new Error('The server sent an empty answer.') });
}
