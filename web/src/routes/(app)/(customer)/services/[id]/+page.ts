import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { ServicePlanSpecsQuery, ServiceQuery, type PlanSpecs } from '$lib/services/api';
import type { PageLoad } from './$types';

/** The service, and its plan's specs when the catalog still has the plan (else none shown). */
export const load: PageLoad = ({ url, params, depends }) => {
  depends('app:services');
  return loadData(
    url,
    query(ServiceQuery, { id: params.id }).then(async (r) => {
      const planId = r.service.planId;
      const specs: PlanSpecs | null = planId
        ? await query(ServicePlanSpecsQuery, { id: planId }).then(
            (p) => p.catalog.plan.specs,
            () => null,
          )
        : null;
      return { service: r.service, specs };
    }),
  );
};
