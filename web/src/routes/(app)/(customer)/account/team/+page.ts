import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TeamQuery } from '$lib/access/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:team');
  return loadData(
    url,
    query(TeamQuery, {}).then((r) => ({ team: r.team })),
  );
};
