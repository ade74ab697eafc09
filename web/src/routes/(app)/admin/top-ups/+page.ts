import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { PaymentMethodsQuery, TopUpsQuery } from '$lib/wallet/api';
import { filtersFromUrl, pageSize, toApiFilter } from '$lib/wallet/admin/filters';
import type { PageLoad } from './$types';

/** Filters live in the URL, so a filtered view can be bookmarked and the back button works. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:topups');
  const { values, page } = filtersFromUrl(url);
  return loadData(
    url,
    Promise.all([
      query(TopUpsQuery, {
        filter: toApiFilter(values),
        first: pageSize,
        offset: (page - 1) * pageSize,
      }),
      query(PaymentMethodsQuery, {}),
    ]).then(([r, m]) => ({
      filters: values,
      page,
      topUps: r.topUps.items,
      total: r.topUps.total,
      methods: m.paymentMethods,
    })),
  );
};
