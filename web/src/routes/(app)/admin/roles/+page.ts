import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { StaffRolesQuery } from '$lib/access/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:roles');
  return loadData(
    url,
    query(StaffRolesQuery, {}).then((r) => ({ roles: r.staffRoles, catalog: r.permissionCatalog })),
  );
};
