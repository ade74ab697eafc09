import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { SecurityQuery } from '$lib/identity/account-api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:security');
  return loadData(url, query(SecurityQuery, {}));
};
