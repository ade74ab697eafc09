import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { seedCatalog, type CatalogSeed } from '../../server/demo-catalog.ts';
import { gqlAt, openReseller } from '../access/testing.ts';

/** The catalog over GraphQL: the demo seed, the public view, staff changes, bad input, isolation. */

const A = 'akashone.localhost';
const B = 'kloudnests.localhost';

const PLAN_FIELDS = `id kind name visibility setupFee sac gstRate
  prices { cycle months price monthlyEquivalent }
  specs { vCpu ramGb diskGb diskType bandwidthTb ipv4 }
  dataCentres { id name } operatingSystems { id name licencePrices { cycle price } } addons { id name }`;
const PLANS = `query($kind: PlanKind, $all: Boolean) { catalog { plans(kind: $kind, includeHidden: $all) { ${PLAN_FIELDS} } } }`;
const PLAN = `query($id: ID!) { catalog { plan(id: $id) { ${PLAN_FIELDS} } } }`;
const CREATE = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { ${PLAN_FIELDS} } }`;
const REPRICE = `mutation($input: RepricePlanInput!) { repricePlan(input: $input) { id setupFee prices { cycle price } } }`;
const RETIRE = `mutation($input: RetirePlanInput!) { retirePlan(input: $input) { id visibility } }`;
const VISIBILITY = `mutation($input: SetPlanVisibilityInput!) { setPlanVisibility(input: $input) { id visibility } }`;

let t: TestPlatform;
let admin: string;
let customer: { id: string; cookie: string };
let seeded: CatalogSeed;
let resellerAdmin: string;
let resellerSeed: CatalogSeed;

const deps = () => ({ store: t.running.platform.store, now: () => new Date() });
const catalogEvents = async (tenant = 'akashone') =>
  Number(
    (
      await t.running.platform
        .sql`select count(*)::int as n from eventlog.events where stream_id = ${`catalog-${tenant}`}`
    )[0]!.n,
  );
const caughtUp = async (s: CatalogSeed) => {
  for (const p of s.positions) await t.running.platform.projections.waitFor(p, 10_000);
};

const newPlan = (over: Record<string, unknown> = {}, details: Record<string, unknown> = {}) => ({
  commandId: randomUUID(),
  details: {
    kind: 'VPS',
    name: `Test VPS ${randomUUID().slice(0, 8)}`,
    description: 'Two cycles',
    specs: { vCpu: 2, ramGb: 4, diskGb: 80, diskType: 'NVME', bandwidthTb: 3, ipv4: 1 },
    dataCentreIds: [seeded.dataCentres['us-east'], seeded.dataCentres.mumbai],
    operatingSystemIds: [seeded.operatingSystems.ubuntu, seeded.operatingSystems.windows],
    ...details,
  },
  prices: [
    { cycle: 'MONTHLY', price: '799.00' },
    { cycle: 'ANNUAL', price: '8629.20' },
  ],
  ...over,
});

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  customer = await t.customer('buyer@example.com', 'Buyer');
  seeded = await seedCatalog(deps(), 'akashone', { mumbai: true });
  await caughtUp(seeded);
  resellerAdmin = (await openReseller(t, admin, 'kloudnests', B)).admin;
  resellerSeed = await seedCatalog(deps(), 'kloudnests', { markup: '1.10' });
  await caughtUp(resellerSeed);
});
afterAll(async () => t?.close());

describe('the demo catalog', () => {
  it('offers at least three public plans of each kind, priced per cycle with longer-cycle savings', async () => {
    const { data, errors } = await t.gql(PLANS, {}, customer.cookie);
    expect(errors).toBeUndefined();
    const plans = data.catalog.plans as any[];
    for (const kind of ['VPS', 'SHARED', 'VDS', 'DEDICATED'])
      expect(plans.filter((p) => p.kind === kind).length, kind).toBeGreaterThanOrEqual(3);
    const pro = plans.find((p) => p.name === 'VPS Pro');
    expect(pro.prices[0]).toEqual({
      cycle: 'MONTHLY',
      months: 1,
      price: '1234.56',
      monthlyEquivalent: '1234.56',
    });
    const annual = pro.prices.find((p: any) => p.cycle === 'ANNUAL');
    expect(annual).toEqual({
      cycle: 'ANNUAL',
      months: 12,
      price: '13333.25',
      monthlyEquivalent: '1111.10',
    });
    expect(plans.find((p) => p.name === 'VPS Starter').prices[0].price).toBe('449.00');
    expect(pro).toMatchObject({ sac: '998315', gstRate: '18', setupFee: '0.00' });
    expect(plans.find((p) => p.name === 'Dedicated E-2388G').setupFee).toBe('4999.00');
    // A plan's add-ons are the unretired ones of its kind: Plesk is for servers, not shared hosting.
    expect(pro.addons.map((a: any) => a.name)).toContain('Plesk');
    expect(
      plans.find((p) => p.name === 'Shared Starter').addons.map((a: any) => a.name),
    ).not.toContain('Plesk');
    const windows = pro.operatingSystems.find((o: any) => o.name === 'Windows Server');
    expect(windows.licencePrices[0]).toEqual({ cycle: 'MONTHLY', price: '1450.00' });
  });

  it('lists five data centres for the operator (with Mumbai), four for the reseller; seven add-ons, five systems', async () => {
    const q =
      '{ catalog { dataCentres { name city country status } addons { name pricingKind oneTimePrice } operatingSystems { name version } } }';
    const a = (await gqlAt(t, A, q)).data.catalog;
    const b = (await gqlAt(t, B, q)).data.catalog;
    expect(a.dataCentres.map((d: any) => d.city).sort()).toEqual([
      'Frankfurt',
      'Los Angeles',
      'Mumbai',
      'New York',
      'Singapore',
    ]);
    expect(b.dataCentres.map((d: any) => d.city)).not.toContain('Mumbai');
    expect(b.dataCentres).toHaveLength(4);
    expect(a.addons).toHaveLength(7);
    expect(a.addons.find((x: any) => x.name === 'SSL Wildcard')).toEqual({
      name: 'SSL Wildcard',
      pricingKind: 'ONE_TIME',
      oneTimePrice: '7999.00',
    });
    expect(a.operatingSystems).toHaveLength(5);
  });

  it('seeding again adds nothing (derived command ids)', async () => {
    const before = await catalogEvents();
    const again = await seedCatalog(deps(), 'akashone', { mumbai: true });
    expect(again.plans).toEqual(seeded.plans);
    expect(await catalogEvents()).toBe(before);
  });

  it('keeps a hidden plan out of the list but orderable by its id; staff see it with includeHidden', async () => {
    const hidden = seeded.plans['vps-partner']!;
    const listed = (await t.gql(PLANS, { all: true }, customer.cookie)).data.catalog.plans;
    expect(listed.map((p: any) => p.id)).not.toContain(hidden);
    const one = await t.gql(PLAN, { id: hidden }, customer.cookie);
    expect(one.data.catalog.plan).toMatchObject({ id: hidden, visibility: 'HIDDEN' });
    const staff = (await t.gql(PLANS, { all: true }, admin)).data.catalog.plans;
    expect(staff.map((p: any) => p.id)).toContain(hidden);
    const staffDefault = (await t.gql(PLANS, {}, admin)).data.catalog.plans;
    expect(staffDefault.map((p: any) => p.id)).not.toContain(hidden);
  });
});

describe('plans: create, reprice, retire', () => {
  it('creates a plan with two cycles, reprices it (PlanRepriced) and retires it', async () => {
    const input = newPlan();
    const created = await t.gql(CREATE, { input }, admin);
    expect(created.errors).toBeUndefined();
    const plan = created.data.createPlan;
    expect(plan).toMatchObject({
      kind: 'VPS',
      visibility: 'PUBLIC',
      setupFee: '0.00',
      prices: [
        { cycle: 'MONTHLY', months: 1, price: '799.00', monthlyEquivalent: '799.00' },
        { cycle: 'ANNUAL', months: 12, price: '8629.20', monthlyEquivalent: '719.10' },
      ],
    });
    expect(plan.dataCentres.map((d: any) => d.name)).toEqual(['US East', 'India West']);

    const repriced = await t.gql(
      REPRICE,
      {
        input: {
          commandId: randomUUID(),
          planId: plan.id,
          prices: [
            { cycle: 'MONTHLY', price: '849.50' },
            { cycle: 'QUARTERLY', price: '2472.05' },
          ],
          setupFee: '199',
        },
      },
      admin,
    );
    expect(repriced.errors).toBeUndefined();
    expect(repriced.data.repricePlan).toEqual({
      id: plan.id,
      setupFee: '199.00',
      prices: [
        { cycle: 'MONTHLY', price: '849.50' },
        { cycle: 'QUARTERLY', price: '2472.05' },
      ],
    });
    const events = await t.running.platform.store.readStream('catalog-akashone');
    const mine = events.filter((e) => (e.data as { planId?: string }).planId === plan.id);
    expect(mine.map((e) => e.type)).toEqual(['PlanDefined', 'PlanRepriced']);
    // What was defined (and sold) stays in the log at its price.
    expect((mine[0]!.data as any).prices).toEqual({ MONTHLY: '799.00', ANNUAL: '8629.20' });

    const customerSees = (await t.gql(PLANS, {}, customer.cookie)).data.catalog.plans;
    expect(customerSees.map((p: any) => p.id)).toContain(plan.id);
    const retired = await t.gql(
      RETIRE,
      { input: { commandId: randomUUID(), planId: plan.id } },
      admin,
    );
    expect(retired.data.retirePlan).toEqual({ id: plan.id, visibility: 'RETIRED' });
    const after = (await t.gql(PLANS, { all: true }, customer.cookie)).data.catalog.plans;
    expect(after.map((p: any) => p.id)).not.toContain(plan.id);
    const byId = await t.gql(PLAN, { id: plan.id }, customer.cookie);
    expect(byId.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const staff = await t.gql(PLAN, { id: plan.id }, admin);
    expect(staff.data.catalog.plan.visibility).toBe('RETIRED');
    // Made public again, it is listed again.
    const back = await t.gql(
      VISIBILITY,
      { input: { commandId: randomUUID(), planId: plan.id, visibility: 'PUBLIC' } },
      admin,
    );
    expect(back.data.setPlanVisibility.visibility).toBe('PUBLIC');
  });

  it('the same commandId twice defines one plan and answers the same; with other input it is a CONFLICT', async () => {
    const input = newPlan();
    const first = await t.gql(CREATE, { input }, admin);
    const count = await catalogEvents();
    const second = await t.gql(CREATE, { input }, admin);
    expect(second.errors).toBeUndefined();
    expect(second.data.createPlan.id).toBe(first.data.createPlan.id);
    expect(await catalogEvents()).toBe(count);
    const other = await t.gql(CREATE, { input: { ...input, setupFee: '10.00' } }, admin);
    expect(other.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(await catalogEvents()).toBe(count);
  });

  const refusals: [string, Record<string, unknown>, string[]][] = [
    [
      'a price with more than six decimals',
      newPlanLater({
        prices: [
          { cycle: 'MONTHLY', price: '10.00' },
          { cycle: 'ANNUAL', price: '12.1234567' },
        ],
      }),
      ['prices', '1', 'price'],
    ],
    [
      'a cycle given twice',
      newPlanLater({
        prices: [
          { cycle: 'MONTHLY', price: '10.00' },
          { cycle: 'MONTHLY', price: '11.00' },
        ],
      }),
      ['prices', '1', 'cycle'],
    ],
    ['no cycle at all', newPlanLater({ prices: [] }), ['prices']],
    [
      'a zero price',
      newPlanLater({ prices: [{ cycle: 'QUARTERLY', price: '0' }] }),
      ['prices', '0', 'price'],
    ],
    ['a negative setup fee', newPlanLater({ setupFee: '-5' }), ['setupFee']],
    [
      'no vCPU',
      newPlanLater(
        {},
        { specs: { vCpu: 0, ramGb: 4, diskGb: 80, diskType: 'NVME', bandwidthTb: 3, ipv4: 1 } },
      ),
      ['details', 'specs', 'vCpu'],
    ],
    [
      'a data centre not in this catalog',
      newPlanLater({}, { dataCentreIds: ['nope'] }),
      ['details', 'dataCentreIds', '0'],
    ],
    ['a one-letter name', newPlanLater({}, { name: 'X' }), ['details', 'name']],
    ['a SAC that is not one', newPlanLater({}, { sac: '12' }), ['details', 'sac']],
    ['an unknown SAC without a rate', newPlanLater({}, { sac: '998399' }), ['details', 'gstRate']],
  ];
  for (const [what, build, path] of refusals) {
    it(`refuses ${what}: BAD_USER_INPUT at ${path.join('.')}, nothing written`, async () => {
      const before = await catalogEvents();
      const res = await t.gql(CREATE, { input: (build as any)() }, admin);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions.issues[0].path).toEqual(path);
      expect(await catalogEvents()).toBe(before);
    });
  }

  it('a customer cannot change the catalog; nothing is written', async () => {
    const before = await catalogEvents();
    const res = await t.gql(CREATE, { input: newPlan() }, customer.cookie);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const retire = await t.gql(
      RETIRE,
      { input: { commandId: randomUUID(), planId: seeded.plans['vps-pro'] } },
      customer.cookie,
    );
    expect(retire.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(CREATE, { input: newPlan() });
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await catalogEvents()).toBe(before);
  });
});

describe('data centres, add-ons, operating systems', () => {
  it('a closed data centre is gone for customers, kept for staff; a plan no longer lists it to customers', async () => {
    const made = await t.gql(
      `mutation($input: CreateDataCentreInput!) { createDataCentre(input: $input) { id name city country status } }`,
      {
        input: {
          commandId: randomUUID(),
          details: { name: 'India South', city: 'Chennai', country: 'in', status: 'ACTIVE' },
        },
      },
      admin,
    );
    expect(made.errors).toBeUndefined();
    const dc = made.data.createDataCentre;
    expect(dc).toMatchObject({ name: 'India South', country: 'IN', status: 'ACTIVE' });
    const plan = (await t.gql(CREATE, { input: newPlan({}, { dataCentreIds: [dc.id] }) }, admin))
      .data.createPlan;
    const closed = await t.gql(
      `mutation($input: RetireDataCentreInput!) { retireDataCentre(input: $input) { id name status } }`,
      { input: { commandId: randomUUID(), dataCentreId: dc.id } },
      admin,
    );
    expect(closed.data.retireDataCentre).toEqual({
      id: dc.id,
      name: 'India South',
      status: 'CLOSED',
    });
    const q = '{ catalog { dataCentres { id } } }';
    expect(
      (await t.gql(q, {}, customer.cookie)).data.catalog.dataCentres.map((d: any) => d.id),
    ).not.toContain(dc.id);
    expect((await t.gql(q, {}, admin)).data.catalog.dataCentres.map((d: any) => d.id)).toContain(
      dc.id,
    );
    expect(
      (await t.gql(PLAN, { id: plan.id }, customer.cookie)).data.catalog.plan.dataCentres,
    ).toEqual([]);
  });

  it('a data centre with a bad country names details.country', async () => {
    const before = await catalogEvents();
    const res = await t.gql(
      `mutation($input: CreateDataCentreInput!) { createDataCentre(input: $input) { id } }`,
      {
        input: {
          commandId: randomUUID(),
          details: { name: 'Nowhere', city: 'X', country: '1', status: 'ACTIVE' },
        },
      },
      admin,
    );
    expect(res.errors?.[0].extensions.issues[0].path).toEqual(['details', 'country']);
    expect(await catalogEvents()).toBe(before);
  });

  it('updates an add-on and its prices in one append; a bad price refuses both', async () => {
    const addonId = seeded.addons.backup;
    const UPDATE = `mutation($input: UpdateAddonInput!) { updateAddon(input: $input) { id description pricingKind prices { cycle price } } }`;
    const before = await catalogEvents();
    const bad = await t.gql(
      UPDATE,
      {
        input: {
          commandId: randomUUID(),
          addonId,
          details: { name: 'Daily Backup', description: 'Changed', planKinds: ['VPS'] },
          pricing: { kind: 'RECURRING', prices: [{ cycle: 'MONTHLY', price: 'abc' }] },
        },
      },
      admin,
    );
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions.issues[0].path).toEqual(['pricing', 'prices', '0', 'price']);
    expect(await catalogEvents()).toBe(before);
    const ok = await t.gql(
      UPDATE,
      {
        input: {
          commandId: randomUUID(),
          addonId,
          details: { name: 'Daily Backup', description: 'Kept 14 days', planKinds: ['VPS', 'VDS'] },
          pricing: { kind: 'RECURRING', prices: [{ cycle: 'MONTHLY', price: '299.00' }] },
        },
      },
      admin,
    );
    expect(ok.data.updateAddon).toEqual({
      id: addonId,
      description: 'Kept 14 days',
      pricingKind: 'RECURRING',
      prices: [{ cycle: 'MONTHLY', price: '299.00' }],
    });
    expect(await catalogEvents()).toBe(before + 2);
  });

  it('retires an add-on and a system: customers no longer see them, staff do', async () => {
    const addonId = seeded.addons.plesk;
    const osId = seeded.operatingSystems.rocky;
    const r1 = await t.gql(
      `mutation($input: RetireAddonInput!) { retireAddon(input: $input) { id retired } }`,
      { input: { commandId: randomUUID(), addonId } },
      admin,
    );
    expect(r1.data.retireAddon).toEqual({ id: addonId, retired: true });
    const r2 = await t.gql(
      `mutation($input: RetireOperatingSystemInput!) { retireOperatingSystem(input: $input) { id retired } }`,
      { input: { commandId: randomUUID(), operatingSystemId: osId } },
      admin,
    );
    expect(r2.data.retireOperatingSystem).toEqual({ id: osId, retired: true });
    const q = `query($id: ID!) { catalog { addons { id } operatingSystems { id } plan(id: $id) { addons { id } operatingSystems { id } } } }`;
    const c = (await t.gql(q, { id: seeded.plans['vps-pro'] }, customer.cookie)).data.catalog;
    expect(JSON.stringify(c)).not.toContain(addonId);
    expect(JSON.stringify(c)).not.toContain(osId);
    const s = (await t.gql(q, { id: seeded.plans['vps-pro'] }, admin)).data.catalog;
    expect(s.addons.map((a: any) => a.id)).toContain(addonId);
    expect(s.plan.addons.map((a: any) => a.id)).not.toContain(addonId);
    expect(s.plan.operatingSystems.map((o: any) => o.id)).toContain(osId);
  });

  it('creates and updates a licensed operating system; an empty list makes it free', async () => {
    const made = await t.gql(
      `mutation($input: CreateOperatingSystemInput!) { createOperatingSystem(input: $input) { id name version family licencePrices { cycle price monthlyEquivalent } } }`,
      {
        input: {
          commandId: randomUUID(),
          details: { name: 'Windows Server', version: '2025', family: 'WINDOWS' },
          licencePrices: [{ cycle: 'QUARTERLY', price: '4650.75' }],
        },
      },
      admin,
    );
    expect(made.data.createOperatingSystem.licencePrices).toEqual([
      { cycle: 'QUARTERLY', price: '4650.75', monthlyEquivalent: '1550.25' },
    ]);
    const freed = await t.gql(
      `mutation($input: UpdateOperatingSystemInput!) { updateOperatingSystem(input: $input) { id licencePrices { price } } }`,
      {
        input: {
          commandId: randomUUID(),
          operatingSystemId: made.data.createOperatingSystem.id,
          details: { name: 'Windows Server', version: '2025', family: 'WINDOWS' },
          licencePrices: [],
        },
      },
      admin,
    );
    expect(freed.data.updateOperatingSystem.licencePrices).toEqual([]);
  });
});

describe('tenant isolation', () => {
  it('each tenant sees its own catalog and prices; the reseller admin cannot reach the operator’s plan', async () => {
    const a = (await gqlAt(t, A, PLANS, { kind: 'VPS' })).data.catalog.plans;
    const b = (await gqlAt(t, B, PLANS, { kind: 'VPS' })).data.catalog.plans;
    expect(a.find((p: any) => p.name === 'VPS Starter').prices[0].price).toBe('449.00');
    expect(b.find((p: any) => p.name === 'VPS Starter').prices[0].price).toBe('493.90');
    const aIds = new Set(a.map((p: any) => p.id));
    expect(b.some((p: any) => aIds.has(p.id))).toBe(false);

    const operatorPlan = seeded.plans['vps-starter']!;
    const seen = await gqlAt(t, B, PLAN, { id: operatorPlan }, resellerAdmin);
    expect(seen.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const before = await catalogEvents('akashone');
    const retire = await gqlAt(
      t,
      B,
      RETIRE,
      { input: { commandId: randomUUID(), planId: operatorPlan } },
      resellerAdmin,
    );
    expect(retire.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(await catalogEvents('akashone')).toBe(before);
    // The operator's admin on the operator's host does not see the reseller's hidden plan either.
    const hiddenB = resellerSeed.plans['vps-partner']!;
    const staffA = (await gqlAt(t, A, PLANS, { all: true }, admin)).data.catalog.plans;
    expect(staffA.map((p: any) => p.id)).not.toContain(hiddenB);
  });
});

/** Inputs built when the test runs (the seeded ids exist only then). */
function newPlanLater(over: Record<string, unknown>, details: Record<string, unknown> = {}) {
  return (() => newPlan(over, details)) as unknown as Record<string, unknown>;
}
