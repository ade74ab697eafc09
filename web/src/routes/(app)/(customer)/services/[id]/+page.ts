import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { ServiceQuery } from '$lib/services/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, params, depends }) => {
  depends('app:services');
  return loadData(
    url,
    query(ServiceQuery, { id: params.id }).then((r) => ({ service: r.service })),
  );
};
