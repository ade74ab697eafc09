import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OrdersQuery } from '$lib/orders/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:orders');
  return loadData(
    url,
    query(OrdersQuery, { first: 50 }).then((r) => ({
      orders: r.orders.items,
      total: r.orders.total,
    })),
  );
};
