import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TenantSettingsQuery } from '$lib/tenancy/api';
import type { PageLoad } from './$types';

/** This tenant's settings; the operator's super admin may open another's with ?tenant=. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:settings');
  const tenantId = url.searchParams.get('tenant');
  return loadData(
    url,
    query(TenantSettingsQuery, { tenantId }).then((r) => ({
      settings: r.tenantSettings,
      other: tenantId,
    })),
  );
};
