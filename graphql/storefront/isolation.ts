import { expect } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import type { Attempt, IsolationCase } from '../access/testing/isolation-kit.ts';
import { NO_ID, q, type MatrixRow } from '../access/testing/matrix-kit.ts';

/**
 * The store (storefront.graphql): public, answered for the host's tenant only. Tenant B's admin
 * makes a public plan of B as the case's first attempts (fixed command ids, so B has it once);
 * on A's host, whoever asks and with whatever cookie, that plan is not found.
 */

const ids = {
  dc: uuidFrom('data-centre:kloudnests:iso-store-dc-b'),
  os: uuidFrom('operating-system:kloudnests:iso-store-os-b'),
  plan: uuidFrom('plan:kloudnests:iso-store-plan-b'),
};

const QUOTE = `query($id: ID!) { storeQuote(planId: $id, cycle: MONTHLY, stateCode: "27") {
  planId total intraState taxes { name amount } } }`;

const prepareB = (): Attempt[] => [
  {
    as: 'adminB',
    query: 'mutation($input: CreateDataCentreInput!) { createDataCentre(input: $input) { id } }',
    variables: {
      input: {
        commandId: 'iso-store-dc-b',
        details: { name: 'B Store DC', city: 'Chennai', country: 'IN', status: 'ACTIVE' },
      },
    },
    answers: (d) => expect(d.createDataCentre.id).toBe(ids.dc),
  },
  {
    as: 'adminB',
    query:
      'mutation($input: CreateOperatingSystemInput!) { createOperatingSystem(input: $input) { id } }',
    variables: {
      input: {
        commandId: 'iso-store-os-b',
        details: { name: 'B Store Linux', version: '1', family: 'LINUX' },
      },
    },
    answers: (d) => expect(d.createOperatingSystem.id).toBe(ids.os),
  },
  {
    as: 'adminB',
    query: 'mutation($input: CreatePlanInput!) { createPlan(input: $input) { id visibility } }',
    variables: {
      input: {
        commandId: 'iso-store-plan-b',
        details: {
          kind: 'VPS',
          name: 'B Store VPS',
          description: '',
          specs: { vCpu: 1, ramGb: 1, diskGb: 10, diskType: 'SSD', bandwidthTb: 1, ipv4: 1 },
          dataCentreIds: [ids.dc],
          operatingSystemIds: [ids.os],
        },
        prices: [{ cycle: 'MONTHLY', price: '1000.00' }],
      },
    },
    answers: (d) => expect(d.createPlan).toEqual({ id: ids.plan, visibility: 'PUBLIC' }),
  },
];

export const isolation: Record<string, IsolationCase> = {
  storeQuote: {
    why: 'the host tenant’s public plans only (row-level security): another tenant’s plan is not found, even by its id',
    attempts: () => [
      ...prepareB(),
      // On B's host the plan is real and quoted: Karnataka (29) to Maharashtra (27) is IGST.
      {
        as: 'adminB',
        query: QUOTE,
        variables: { id: ids.plan },
        answers: (d) =>
          expect(d.storeQuote).toEqual({
            planId: ids.plan,
            total: '1180.00',
            intraState: false,
            taxes: [{ name: 'IGST', amount: '180.00' }],
          }),
      },
      ...(['x', 'adminA', 'superA', 'anonymous', 'bOnA', 'zOnA'] as const).map((as) => ({
        as,
        query: QUOTE,
        variables: { id: ids.plan },
        refused: ['NOT_FOUND' as const],
      })),
    ],
  },
  storeStates: {
    why: 'the GST state table, the same for every tenant: no tenant’s data',
    attempts: () => [
      {
        as: 'bOnA',
        query: '{ storeStates { code name } }',
        answers: (d) => expect(d.storeStates).toContainEqual({ code: '27', name: 'Maharashtra' }),
      },
    ],
  },
};

export const matrix: Record<string, MatrixRow> = {
  // A made-up plan: anyone, signed in or not, is answered NOT_FOUND (never FORBIDDEN).
  storeQuote: {
    allowed: 'public',
    call: q(
      'query($id: ID!) { storeQuote(planId: $id, cycle: MONTHLY, stateCode: "27") { total } }',
      {
        id: NO_ID,
      },
    ),
  },
  storeStates: { allowed: 'public', call: q('{ storeStates { code } }') },
};
