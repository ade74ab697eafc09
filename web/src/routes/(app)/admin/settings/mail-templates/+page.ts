import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { MailTemplatesQuery } from '$lib/tenancy/mail-templates';
import type { PageLoad } from './$types';

/** Every kind of mail with this tenant's text; the operator's super admin may open another's with ?tenant=. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:mail-templates');
  const tenantId = url.searchParams.get('tenant');
  return loadData(
    url,
    query(MailTemplatesQuery, { tenantId }).then((r) => ({
      templates: r.mailTemplates,
      other: tenantId,
      kind: url.searchParams.get('kind'),
    })),
  );
};
