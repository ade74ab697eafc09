import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { MailSettingsQuery } from '$lib/tenancy/mail-settings';
import type { PageLoad } from './$types';

/** This tenant's mail service; the operator's super admin may open another's with ?tenant=. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:mail-settings');
  const tenantId = url.searchParams.get('tenant');
  return loadData(
    url,
    query(MailSettingsQuery, { tenantId }).then((r) => ({
      mail: r.mailSettings,
      other: tenantId,
    })),
  );
};
