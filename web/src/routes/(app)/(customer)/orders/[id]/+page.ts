import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OrderQuery } from '$lib/orders/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, params, depends }) => {
  depends('app:orders');
  return loadData(
    url,
    query(OrderQuery, { id: params.id }).then((r) => ({ order: r.order })),
  );
};
