import { error } from '@sveltejs/kit';
import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { AutomationRunQuery } from '$lib/automation/api';
import type { PageLoad } from './$types';

/** One run with its effects (up to 1,000: a run over more lists the rest in the log). */
export const load: PageLoad = ({ url, params, depends }) => {
  depends('app:automation');
  return loadData(
    url,
    query(AutomationRunQuery, { id: params.id, first: 1000 }).then((r) => {
      if (!r.automationRun) error(404, { message: 'No such run.', code: 'NOT_FOUND' });
      return { run: r.automationRun };
    }),
  );
};
