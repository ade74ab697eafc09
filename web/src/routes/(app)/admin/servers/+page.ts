import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { ServicesNeedingAttentionQuery, ServicesQuery } from '$lib/services/api';
import { serverFiltersFromUrl, serverPageSize, toServiceFilter } from '$lib/services/admin-filters';
import type { PageLoad } from './$types';

/** Filters live in the URL, so a filtered view can be bookmarked and the back button works. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:services');
  const { values, page } = serverFiltersFromUrl(url);
  return loadData(
    url,
    Promise.all([
      query(ServicesQuery, {
        filter: toServiceFilter(values),
        first: serverPageSize,
        offset: (page - 1) * serverPageSize,
      }),
      query(ServicesNeedingAttentionQuery, {}),
    ]).then(([r, a]) => ({
      filters: values,
      page,
      services: r.services.items,
      total: r.services.total,
      needsAttention: a.services.total,
    })),
  );
};
