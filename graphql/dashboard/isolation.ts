import { expect } from 'vitest';
import { SIGNED_OUT, type IsolationCase } from '../access/testing/isolation-kit.ts';
import { STAFF, type MatrixRow } from '../access/testing/matrix-kit.ts';

/**
 * The dashboards' figures (dashboard.graphql): kept to the host's tenant by row-level security
 * (each query runs scoped: projections/dashboard/queries.ts) and to staff by the resolver
 * (isolation, graphql/access/isolation.int.test.ts; matrix, permission-matrix.int.test.ts).
 * Registered by server/areas/dashboard.ts.
 */

const FIGURES =
  '{ adminDashboard { month billing { revenueThisMonth outstanding } wallet { balancesHeld topUpsWaiting } services { activeTotal } customers { newThisMonth } } }';

export const isolation: Record<string, IsolationCase> = {
  adminDashboard: {
    why: 'staff only; every figure is summed under the host tenant’s row-level security',
    attempts: () => [
      { as: 'x', query: FIGURES, refused: ['FORBIDDEN'] },
      { as: 'zOnA', query: FIGURES, refused: SIGNED_OUT },
      { as: 'bOnA', query: FIGURES, refused: SIGNED_OUT },
      { as: 'anonymous', query: FIGURES, refused: SIGNED_OUT },
      {
        // B's only funded wallet is Z's ₹1,500 (A's customers hold their own ₹1,500 and more).
        as: 'adminB',
        query: FIGURES,
        answers: (d) => expect(d.adminDashboard.wallet).toMatchObject({ balancesHeld: '1500.00' }),
      },
      {
        as: 'adminA',
        query: FIGURES,
        answers: (d) => expect(d.adminDashboard.billing).not.toBeNull(),
      },
    ],
  },
};

export const matrix: Record<string, MatrixRow> = {
  adminDashboard: { allowed: STAFF, call: () => ({ query: '{ adminDashboard { month } }' }) },
};
