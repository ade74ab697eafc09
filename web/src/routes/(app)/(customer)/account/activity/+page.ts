import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { AccountActivityQuery } from '$lib/access/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) =>
  loadData(
    url,
    query(AccountActivityQuery, { first: 100 }).then((r) => ({ activity: r.accountActivity })),
  );
