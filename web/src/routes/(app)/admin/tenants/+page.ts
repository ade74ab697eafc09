import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TenantsQuery } from '$lib/tenancy/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:tenants');
  return loadData(
    url,
    query(TenantsQuery, {}).then((r) => ({ tenants: r.tenants })),
  );
};
