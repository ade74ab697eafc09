import { error } from '@sveltejs/kit';
import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { AllocationCatalogQuery, SERVICES_MANAGE } from '$lib/services/api';
import type { PageLoad } from './$types';

/** The Allocate page: the catalog's plans, data centres and operating systems to choose from. */
export const load: PageLoad = async ({ url, parent }) => {
  const { me } = await parent();
  if (!me.permissions?.includes(SERVICES_MANAGE))
    error(403, { message: 'This page needs the services.manage permission.', code: 'FORBIDDEN' });
  return loadData(
    url,
    query(AllocationCatalogQuery, {}).then((r) => ({ catalog: r.catalog })),
  );
};
