import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { ProfileQuery } from '$lib/identity/account-api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:profile');
  return loadData(url, query(ProfileQuery, {}));
};
