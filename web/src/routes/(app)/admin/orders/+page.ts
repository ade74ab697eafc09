import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OrdersQuery } from '$lib/orders/api';
import { orderFiltersFromUrl, orderPageSize, toOrderFilter } from '$lib/orders/admin-filters';
import type { PageLoad } from './$types';

/** Filters live in the URL, so a filtered view can be bookmarked and the back button works. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:orders');
  const { values, page } = orderFiltersFromUrl(url);
  return loadData(
    url,
    query(OrdersQuery, {
      filter: toOrderFilter(values),
      first: orderPageSize,
      offset: (page - 1) * orderPageSize,
    }).then((r) => ({ filters: values, page, orders: r.orders.items, total: r.orders.total })),
  );
};
