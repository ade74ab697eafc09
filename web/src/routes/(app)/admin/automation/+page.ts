import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import {
  AutomationPreviewQuery,
  AutomationRunQuery,
  AutomationRunsQuery,
  AutomationSettingsQuery,
  asOfInstant,
  isDay,
  jobs,
  runPageSize,
  todayInIndia,
  type AutomationItem,
  type AutomationJob,
} from '$lib/automation/api';
import type { PageLoad } from './$types';

/**
 * The preview's day and job and the history's page live in the URL (?asOf=YYYY-MM-DD&job=&page=),
 * so a preview can be bookmarked and the back button works.
 */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:automation');
  const rawDay = url.searchParams.get('asOf');
  const day = isDay(rawDay) ? rawDay : todayInIndia();
  const rawJob = url.searchParams.get('job') ?? '';
  const job = (jobs as readonly string[]).includes(rawJob) ? (rawJob as AutomationJob) : 'ALL';
  const page = Math.max(1, Math.trunc(Number(url.searchParams.get('page') ?? '1')) || 1);
  return loadData(
    url,
    Promise.all([
      query(AutomationPreviewQuery, { asOf: asOfInstant(day), job }),
      query(AutomationRunsQuery, { first: runPageSize, offset: (page - 1) * runPageSize }),
      query(AutomationSettingsQuery, {}),
    ]).then(async ([p, r, s]) => {
      const runs = r.automationRuns.items;
      // A run's failures with their error, for the runs that have any.
      const failing = await Promise.all(
        runs
          .filter((run) => run.failed > 0)
          .map((run) =>
            query(AutomationRunQuery, { id: run.id, first: 500 }).then(
              (d) =>
                [
                  run.id,
                  (d.automationRun?.items ?? []).filter((i) => i.outcome === 'FAILED'),
                ] as const,
            ),
          ),
      );
      return {
        day,
        job,
        page,
        preview: p.automationPreview,
        runs,
        runTotal: r.automationRuns.total,
        failures: Object.fromEntries(failing) as Record<string, AutomationItem[]>,
        settings: s.automationSettings,
      };
    }),
  );
};
