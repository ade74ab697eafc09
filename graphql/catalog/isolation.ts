import { expect } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { gqlAt } from '../access/testing.ts';
import {
  input,
  ownOnly,
  SIGNED_OUT,
  type Attempt,
  type IsolationCase,
} from '../access/testing/isolation-kit.ts';
import { m, NO_ID, q, type MatrixRow, type Role } from '../access/testing/matrix-kit.ts';
import { B, type World } from '../access/testing/world.ts';

/**
 * The catalog (catalog.graphql): each tenant's own plans, data centres, add-ons and systems. The
 * tenant comes from the host and every command writes only that tenant's catalog stream, so an
 * id from another tenant is simply not there (NOT_FOUND); reads are row-level scoped.
 *
 * Tenant B's entries are made by B's admin as each case's first attempts (fixed command ids, so
 * every case after the first gets the first answer and B's catalog has them once); the ids are
 * derived as the commands derive them. B's plan is HIDDEN, to check includeHidden too.
 */

const ids = {
  dc: uuidFrom('data-centre:kloudnests:iso-catalog-dc-b'),
  os: uuidFrom('operating-system:kloudnests:iso-catalog-os-b'),
  addon: uuidFrom('addon:kloudnests:iso-catalog-addon-b'),
  plan: uuidFrom('plan:kloudnests:iso-catalog-plan-b'),
};
const allOfB = Object.values(ids);

const made = (field: string) => (d: Record<string, { id: string }>) =>
  expect(d[field]!.id).toBeTruthy();

/** B's admin defines B's entries (once; later cases get the first answers). */
const prepareB = (): Attempt[] => [
  {
    as: 'adminB',
    query: 'mutation($input: CreateDataCentreInput!) { createDataCentre(input: $input) { id } }',
    variables: {
      input: {
        commandId: 'iso-catalog-dc-b',
        details: { name: 'B Chennai', city: 'Chennai', country: 'IN', status: 'ACTIVE' },
      },
    },
    answers: made('createDataCentre'),
  },
  {
    as: 'adminB',
    query:
      'mutation($input: CreateOperatingSystemInput!) { createOperatingSystem(input: $input) { id } }',
    variables: {
      input: {
        commandId: 'iso-catalog-os-b',
        details: { name: 'B Linux', version: '1', family: 'LINUX' },
      },
    },
    answers: made('createOperatingSystem'),
  },
  {
    as: 'adminB',
    query: 'mutation($input: CreateAddonInput!) { createAddon(input: $input) { id } }',
    variables: {
      input: {
        commandId: 'iso-catalog-addon-b',
        details: { name: 'B Backup', description: '', planKinds: ['VPS'] },
        pricing: { kind: 'RECURRING', prices: [{ cycle: 'MONTHLY', price: '10.00' }] },
      },
    },
    answers: made('createAddon'),
  },
  {
    as: 'adminB',
    query: 'mutation($input: CreatePlanInput!) { createPlan(input: $input) { id } }',
    variables: {
      input: {
        commandId: 'iso-catalog-plan-b',
        details: planDetails([ids.dc], [ids.os], 'B Secret VPS'),
        prices: [{ cycle: 'MONTHLY', price: '999.00' }],
        visibility: 'HIDDEN',
      },
    },
    answers: (d) => expect(d.createPlan.id).toBe(ids.plan),
  },
];

function planDetails(dataCentreIds: string[], operatingSystemIds: string[], name: string) {
  return {
    kind: 'VPS',
    name,
    description: '',
    specs: { vCpu: 1, ramGb: 1, diskGb: 10, diskType: 'SSD', bandwidthTb: 1, ipv4: 1 },
    dataCentreIds,
    operatingSystemIds,
  };
}

/** B's catalog as B's admin reads it: the entries are there and unchanged. */
const bUnchanged = async (w: World) => {
  const res = await gqlAt(
    w.t,
    B,
    `query($id: ID!) { catalog { plan(id: $id) { name visibility prices { price } }
       dataCentres { id status } addons { id retired } operatingSystems { id retired } } }`,
    { id: ids.plan },
    w.adminB.cookie,
  );
  expect(res.errors).toBeUndefined();
  const c = res.data.catalog;
  expect(c.plan).toEqual({
    name: 'B Secret VPS',
    visibility: 'HIDDEN',
    prices: [{ price: '999.00' }],
  });
  expect(c.dataCentres).toContainEqual({ id: ids.dc, status: 'ACTIVE' });
  expect(c.addons).toContainEqual({ id: ids.addon, retired: false });
  expect(c.operatingSystems).toContainEqual({ id: ids.os, retired: false });
};

/** A's people reaching for one of B's entries by its id: not in their tenant's catalog. */
function foreignWrite(
  field: string,
  type: string,
  extra: () => Record<string, unknown>,
): IsolationCase {
  const query = `mutation($input: ${type}!) { ${field}(input: $input) { id } }`;
  return {
    why: 'writes only the host tenant’s catalog stream: another tenant’s id is not found there; customers may not',
    attempts: (w) => [
      ...prepareB(),
      ...(['adminA', 'superA'] as const).map((as) => ({
        as,
        query,
        variables: input(w, extra()),
        refused: ['NOT_FOUND' as const],
        after: bUnchanged,
      })),
      { as: 'x', query, variables: input(w, extra()), refused: ['FORBIDDEN'], after: bUnchanged },
      { as: 'bOnA', query, variables: input(w, extra()), refused: SIGNED_OUT, after: bUnchanged },
    ],
  };
}

/** Creating: always in the host's tenant; B's ids named in a new plan are not in A's catalog. */
function foreignCreate(
  field: string,
  type: string,
  extra: () => Record<string, unknown>,
): IsolationCase {
  const query = `mutation($input: ${type}!) { ${field}(input: $input) { id } }`;
  return {
    why: 'defines the entry in the host tenant’s catalog only; customers and other tenants’ sessions may not',
    attempts: (w) => [
      ...prepareB(),
      { as: 'x', query, variables: input(w, extra()), refused: ['FORBIDDEN'], after: bUnchanged },
      { as: 'bOnA', query, variables: input(w, extra()), refused: SIGNED_OUT, after: bUnchanged },
      { as: 'zOnA', query, variables: input(w, extra()), refused: SIGNED_OUT },
    ],
  };
}

const CATALOG = `query($id: ID!) { catalog {
  plans(includeHidden: true) { id dataCentres { id } operatingSystems { id } addons { id } }
  dataCentres { id } addons { id } operatingSystems { id }
  plan(id: $id) { id } } }`;
const LISTS = `{ catalog { plans(includeHidden: true) { id addons { id } } dataCentres { id } addons { id } operatingSystems { id } } }`;

export const isolation: Record<string, IsolationCase> = {
  catalog: {
    why: 'the host tenant’s catalog only (row-level security); another tenant’s plan is not found, even by its id',
    attempts: () => [
      ...prepareB(),
      // B's admin sees B's hidden plan: the ids below are real.
      {
        as: 'adminB',
        query: LISTS,
        answers: (d) => {
          for (const id of allOfB) expect(JSON.stringify(d)).toContain(id);
        },
      },
      ...(['x', 'adminA', 'superA', 'anonymous', 'bOnA', 'zOnA'] as const).map((as) => ({
        as,
        query: LISTS,
        answers: ownOnly(allOfB),
      })),
      ...(['x', 'adminA', 'superA', 'anonymous'] as const).map((as) => ({
        as,
        query: CATALOG,
        variables: { id: ids.plan },
        refused: ['NOT_FOUND' as const],
      })),
    ],
  },
  createPlan: foreignCreate('createPlan', 'CreatePlanInput', () => ({
    details: planDetails([ids.dc], [ids.os], 'Iso plan'),
    prices: [{ cycle: 'MONTHLY', price: '100.00' }],
  })),
  updatePlan: foreignWrite('updatePlan', 'UpdatePlanInput', () => ({
    planId: ids.plan,
    details: planDetails([ids.dc], [ids.os], 'Taken over'),
  })),
  repricePlan: foreignWrite('repricePlan', 'RepricePlanInput', () => ({
    planId: ids.plan,
    prices: [{ cycle: 'MONTHLY', price: '1.00' }],
  })),
  setPlanVisibility: foreignWrite('setPlanVisibility', 'SetPlanVisibilityInput', () => ({
    planId: ids.plan,
    visibility: 'PUBLIC',
  })),
  retirePlan: foreignWrite('retirePlan', 'RetirePlanInput', () => ({ planId: ids.plan })),
  createDataCentre: foreignCreate('createDataCentre', 'CreateDataCentreInput', () => ({
    details: { name: 'Iso DC', city: 'Pune', country: 'IN', status: 'ACTIVE' },
  })),
  updateDataCentre: foreignWrite('updateDataCentre', 'UpdateDataCentreInput', () => ({
    dataCentreId: ids.dc,
    details: { name: 'Taken', city: 'Pune', country: 'IN', status: 'MAINTENANCE' },
  })),
  retireDataCentre: foreignWrite('retireDataCentre', 'RetireDataCentreInput', () => ({
    dataCentreId: ids.dc,
  })),
  createAddon: foreignCreate('createAddon', 'CreateAddonInput', () => ({
    details: { name: 'Iso add-on', description: '', planKinds: ['VPS'] },
    pricing: { kind: 'ONE_TIME', price: '5.00' },
  })),
  updateAddon: foreignWrite('updateAddon', 'UpdateAddonInput', () => ({
    addonId: ids.addon,
    details: { name: 'Taken', description: '', planKinds: ['VPS'] },
    pricing: { kind: 'ONE_TIME', price: '1.00' },
  })),
  retireAddon: foreignWrite('retireAddon', 'RetireAddonInput', () => ({ addonId: ids.addon })),
  createOperatingSystem: foreignCreate(
    'createOperatingSystem',
    'CreateOperatingSystemInput',
    () => ({ details: { name: 'Iso OS', version: '1', family: 'LINUX' } }),
  ),
  updateOperatingSystem: foreignWrite(
    'updateOperatingSystem',
    'UpdateOperatingSystemInput',
    () => ({
      operatingSystemId: ids.os,
      details: { name: 'Taken', version: '1', family: 'WINDOWS' },
      licencePrices: [{ cycle: 'MONTHLY', price: '1.00' }],
    }),
  ),
  retireOperatingSystem: foreignWrite(
    'retireOperatingSystem',
    'RetireOperatingSystemInput',
    () => ({ operatingSystemId: ids.os }),
  ),
};

/** Only the tenant's owners hold catalog.manage. Names carry the call's number: each is new. */
const MANAGERS: Role[] = ['super_admin', 'tenant_admin'];
const specs = { vCpu: 1, ramGb: 1, diskGb: 10, diskType: 'SSD', bandwidthTb: 1, ipv4: 1 };

export const matrix: Record<string, MatrixRow> = {
  catalog: {
    allowed: 'public',
    call: q(
      '{ catalog { plans { id } dataCentres { id } addons { id } operatingSystems { id } } }',
    ),
  },
  // A made-up data centre: an allowed caller gets BAD_USER_INPUT (it is not in the catalog).
  createPlan: {
    allowed: MANAGERS,
    call: m('createPlan', 'CreatePlanInput', '{ id }', (_w, _r, n) => ({
      details: {
        kind: 'VPS',
        name: `Matrix plan ${n}`,
        description: '',
        specs,
        dataCentreIds: [NO_ID],
        operatingSystemIds: [NO_ID],
      },
      prices: [{ cycle: 'MONTHLY', price: '100.00' }],
    })),
  },
  updatePlan: {
    allowed: MANAGERS,
    call: m('updatePlan', 'UpdatePlanInput', '{ id }', (_w, _r, n) => ({
      planId: NO_ID,
      details: {
        kind: 'VPS',
        name: `Matrix plan ${n}`,
        description: '',
        specs,
        dataCentreIds: [NO_ID],
        operatingSystemIds: [NO_ID],
      },
    })),
  },
  repricePlan: {
    allowed: MANAGERS,
    call: m('repricePlan', 'RepricePlanInput', '{ id }', () => ({
      planId: NO_ID,
      prices: [{ cycle: 'MONTHLY', price: '100.00' }],
    })),
  },
  setPlanVisibility: {
    allowed: MANAGERS,
    call: m('setPlanVisibility', 'SetPlanVisibilityInput', '{ id }', () => ({
      planId: NO_ID,
      visibility: 'HIDDEN',
    })),
  },
  retirePlan: {
    allowed: MANAGERS,
    call: m('retirePlan', 'RetirePlanInput', '{ id }', () => ({ planId: NO_ID })),
  },
  createDataCentre: {
    allowed: MANAGERS,
    call: m('createDataCentre', 'CreateDataCentreInput', '{ id }', (_w, _r, n) => ({
      details: { name: `Matrix DC ${n}`, city: 'Pune', country: 'IN', status: 'ACTIVE' },
    })),
  },
  updateDataCentre: {
    allowed: MANAGERS,
    call: m('updateDataCentre', 'UpdateDataCentreInput', '{ id }', () => ({
      dataCentreId: NO_ID,
      details: { name: 'Matrix DC', city: 'Pune', country: 'IN', status: 'ACTIVE' },
    })),
  },
  retireDataCentre: {
    allowed: MANAGERS,
    call: m('retireDataCentre', 'RetireDataCentreInput', '{ id }', () => ({
      dataCentreId: NO_ID,
    })),
  },
  createAddon: {
    allowed: MANAGERS,
    call: m('createAddon', 'CreateAddonInput', '{ id }', (_w, _r, n) => ({
      details: { name: `Matrix add-on ${n}`, description: '', planKinds: ['VPS'] },
      pricing: { kind: 'ONE_TIME', price: '5.00' },
    })),
  },
  updateAddon: {
    allowed: MANAGERS,
    call: m('updateAddon', 'UpdateAddonInput', '{ id }', () => ({
      addonId: NO_ID,
      details: { name: 'Matrix add-on', description: '', planKinds: ['VPS'] },
    })),
  },
  retireAddon: {
    allowed: MANAGERS,
    call: m('retireAddon', 'RetireAddonInput', '{ id }', () => ({ addonId: NO_ID })),
  },
  createOperatingSystem: {
    allowed: MANAGERS,
    call: m('createOperatingSystem', 'CreateOperatingSystemInput', '{ id }', (_w, _r, n) => ({
      details: { name: `Matrix OS ${n}`, version: '1', family: 'LINUX' },
    })),
  },
  updateOperatingSystem: {
    allowed: MANAGERS,
    call: m('updateOperatingSystem', 'UpdateOperatingSystemInput', '{ id }', () => ({
      operatingSystemId: NO_ID,
      details: { name: 'Matrix OS', version: '1', family: 'LINUX' },
    })),
  },
  retireOperatingSystem: {
    allowed: MANAGERS,
    call: m('retireOperatingSystem', 'RetireOperatingSystemInput', '{ id }', () => ({
      operatingSystemId: NO_ID,
    })),
  },
};
