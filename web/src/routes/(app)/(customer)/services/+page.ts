import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { ServicesQuery } from '$lib/services/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:services');
  return loadData(
    url,
    query(ServicesQuery, { first: 50 }).then((r) => ({
      services: r.services.items,
      total: r.services.total,
    })),
  );
};
