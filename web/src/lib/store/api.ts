import { stringifyDocument, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import * as ops from '$lib/graphql/generated/operations';
import { ApiError, type ErrorCode } from '$lib/graphql/errors';

/*
 * The storefront's reads. The store pages are server-rendered, so their loads ask through the
 * `fetch` SvelteKit gives them (on the server hooks.server.ts sends it to this host's /graphql
 * with the visitor's cookie; the answers are inlined in the page and not asked again while it
 * hydrates). The operations live in store.graphql.
 */

export type StoreBrand = ops.StoreBrandFieldsFragment;
export type StoreViewer = NonNullable<ops.StoreShellQuery['me']>;
export type StorePlan = ops.OrderPlanFieldsFragment;

export const StoreShellQuery = ops.StoreShellDocument;
export const StoreCatalogQuery = ops.StoreCatalogDocument;

type Fetch = typeof fetch;

interface Answer<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Runs a query with `fetch`: the data (some fields may be null) and the errors it came with. */
export async function storeAsk<Data, Vars extends AnyVariables>(
  fetch: Fetch,
  doc: TypedDocumentNode<Data, Vars>,
  variables: Vars,
): Promise<Answer<Data>> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: stringifyDocument(doc), variables }),
  });
  const body = (await res.json().catch(() => null)) as Answer<Data> | null;
  if (!body) throw new ApiError(`The server answered ${res.status}.`, 'NETWORK');
  return body;
}

/** Runs a query with `fetch`; its data, or an ApiError with the first error's code. */
export async function storeQuery<Data, Vars extends AnyVariables>(
  fetch: Fetch,
  doc: TypedDocumentNode<Data, Vars>,
  variables: Vars,
): Promise<Data> {
  const { data, errors } = await storeAsk(fetch, doc, variables);
  if (errors?.length || !data) {
    const first = errors?.[0];
    throw new ApiError(
      first?.message ?? 'The server sent an empty answer.',
      (first?.extensions?.code as ErrorCode | undefined) ?? 'INTERNAL',
    );
  }
  return data;
}

export type StoreQuote = ops.StoreQuoteQuery['storeQuote'];
export type StoreState = ops.StoreStatesQuery['storeStates'][number];
export const StoreStatesQuery = ops.StoreStatesDocument;
export const StoreQuoteQuery = ops.StoreQuoteDocument;
