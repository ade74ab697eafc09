import { error } from '@sveltejs/kit';
import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { AdminCatalogQuery, CATALOG_MANAGE } from './api';

/**
 * The admin catalog pages' data: the whole catalog as its managers see it. Staff without
 * catalog.manage get 403 here (the API would show them only the public part).
 */
export async function loadAdminCatalog(
  url: URL,
  parent: () => Promise<{ me: { permissions?: readonly string[] | null } }>,
) {
  const { me } = await parent();
  if (!me.permissions?.includes(CATALOG_MANAGE))
    error(403, { message: 'This page needs the catalog.manage permission.', code: 'FORBIDDEN' });
  return loadData(
    url,
    query(AdminCatalogQuery, {}).then((r) => ({ catalog: r.catalog })),
  );
}
