import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { seedCatalog, type CatalogSeed } from '../../server/demo-catalog.ts';
import { calculateDocument, determineSupply } from '../../domain/tax/index.ts';
import { MAX_FIELDS } from '../limits.ts';
import { code, gqlAt, openReseller } from '../access/testing.ts';

/**
 * The public store (issue 20) over the real HTTP stack, as an anonymous visitor: the catalog's
 * public part, the GST of a plan for the visitor's state from the tax engine, the brand's
 * contact details, each host's own catalog, and the cost limits for visitors too.
 */

const A = 'akashone.localhost';
const B = 'kloudnests.localhost';

const QUOTE = `query($id: ID!, $cycle: BillingCycle!, $state: String!) {
  storeQuote(planId: $id, cycle: $cycle, stateCode: $state) {
    planId cycle price setupFee taxableValue taxes { name rate amount } taxTotal roundOff total
    placeOfSupply placeOfSupplyName intraState } }`;
const BRAND = `{ brand { tenantId name tagline supportEmail supportPhone storeDescription companyName
  legalAddress gstin stateName stateCode } }`;
const SETTINGS_BRAND = `{ tenantSettings { brand { name tagline primaryColor accentColor logoUrl
  supportEmail mailFrom domains supportPhone storeDescription } } }`;
const UPDATE_BRAND = `mutation($input: UpdateTenantBrandInput!) { updateTenantBrand(input: $input) {
  brand { supportPhone storeDescription tagline } } }`;

let t: TestPlatform;
let admin: string;
let resellerAdmin: string;
let seedA: CatalogSeed;
let seedB: CatalogSeed;

const deps = () => ({ store: t.running.platform.store, now: () => new Date() });
const caughtUp = async (s: CatalogSeed) => {
  for (const p of s.positions) await t.running.platform.projections.waitFor(p, 10_000);
};
const quote = (host: string, id: string, state: string, cycle = 'MONTHLY') =>
  gqlAt(t, host, QUOTE, { id, cycle, state });

/** What domain/tax charges an unregistered buyer in `state` on these lines from a supplier in `supplier`. */
function engine(supplier: string, state: string, unitPrices: string[]) {
  return calculateDocument({
    supply: determineSupply({
      supplierStateCode: supplier,
      recipient: { kind: 'unregistered', stateCode: state },
    }),
    lines: unitPrices.map((unitPrice, i) => ({
      description: `line ${i + 1}`,
      sac: '998315',
      quantity: '1',
      unitPrice,
      rate: '18',
    })),
  });
}

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  seedA = await seedCatalog(deps(), 'akashone', { mumbai: true });
  await caughtUp(seedA);
  resellerAdmin = (await openReseller(t, admin, 'kloudnests', B)).admin;
  seedB = await seedCatalog(deps(), 'kloudnests', { markup: '1.10' });
  await caughtUp(seedB);
});
afterAll(async () => t?.close());

describe('storeQuote for an anonymous visitor', () => {
  it('within the supplier’s state (Maharashtra, 27): CGST + SGST, each as the engine has it', async () => {
    const res = await quote(A, seedA.plans['vps-pro']!, '27');
    expect(res.errors).toBeUndefined();
    const doc = engine('27', '27', ['1234.56']);
    expect(res.data.storeQuote).toEqual({
      planId: seedA.plans['vps-pro'],
      cycle: 'MONTHLY',
      price: '1234.56',
      setupFee: '0.00',
      taxableValue: doc.totals.taxableValue,
      taxes: [
        { name: 'CGST', rate: '9', amount: doc.totals.cgst },
        { name: 'SGST', rate: '9', amount: doc.totals.sgst },
      ],
      taxTotal: doc.totals.tax,
      roundOff: '0.00',
      total: doc.totals.total,
      placeOfSupply: '27',
      placeOfSupplyName: 'Maharashtra',
      intraState: true,
    });
    // 1234.56 × 9 % = 111.1104 → 111.11 per head, never half of a rounded 222.22.
    expect(doc.totals.cgst).toBe('111.11');
    expect(res.data.storeQuote.total).toBe('1456.78');
  });

  it('from another state (Karnataka, 29): IGST on plan and setup fee, as the engine has it', async () => {
    const res = await quote(A, seedA.plans['dedicated-e2388g']!, '29');
    expect(res.errors).toBeUndefined();
    const doc = engine('27', '29', ['11999.00', '4999.00']);
    expect(res.data.storeQuote).toMatchObject({
      price: '11999.00',
      setupFee: '4999.00',
      taxableValue: '16998.00',
      taxes: [{ name: 'IGST', rate: '18', amount: doc.totals.igst }],
      taxTotal: doc.totals.tax,
      total: doc.totals.total,
      placeOfSupply: '29',
      placeOfSupplyName: 'Karnataka',
      intraState: false,
    });
    expect(res.data.storeQuote.total).toBe('20057.64');
  });

  it('a union territory without a legislature (Chandigarh, 04) is inter-state from Maharashtra', async () => {
    const res = await quote(A, seedA.plans['vps-pro']!, '04');
    expect(res.data.storeQuote.taxes.map((x: any) => x.name)).toEqual(['IGST']);
  });

  it('the price of the cycle asked: annual, as the catalog lists it', async () => {
    const id = seedA.plans['vps-pro']!;
    const catalog = await gqlAt(
      t,
      A,
      `query($id: ID!) { catalog { plan(id: $id) { prices { cycle price } } } }`,
      { id },
    );
    const annual = catalog.data.catalog.plan.prices.find((p: any) => p.cycle === 'ANNUAL').price;
    const res = await quote(A, id, '27', 'ANNUAL');
    expect(res.data.storeQuote).toMatchObject({ cycle: 'ANNUAL', price: annual });
    expect(res.data.storeQuote.total).toBe(engine('27', '27', [annual]).totals.total);
  });

  it('refuses a state that is no GST state code, on the field stateCode, saying what one is', async () => {
    for (const bad of ['7', 'MH', '96', '99', '25', '']) {
      const res = await quote(A, seedA.plans['vps-pro']!, bad);
      expect(code(res), bad).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions.issues[0].path).toEqual(['stateCode']);
      expect(res.errors![0].message).toContain('GST state code');
      expect(res.errors![0].message).toContain('"27"');
    }
  });

  it('refuses a cycle the plan is not offered for, on the field cycle', async () => {
    // The demo's VPS Pro has no triennial price.
    const res = await quote(A, seedA.plans['vps-pro']!, '27', 'TRIENNIAL');
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions.issues[0].path).toEqual(['cycle']);
  });
});

describe('only public plans of the host’s tenant', () => {
  let hidden: string;
  let retired: string;

  beforeAll(async () => {
    const make = async (visibility: string) => {
      const res = await gqlAt(
        t,
        A,
        `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id } }`,
        {
          input: {
            commandId: randomUUID(),
            details: {
              kind: 'VPS',
              name: `Store ${visibility} ${randomUUID().slice(0, 6)}`,
              description: '',
              specs: { vCpu: 1, ramGb: 1, diskGb: 10, diskType: 'SSD', bandwidthTb: 1, ipv4: 1 },
              dataCentreIds: [seedA.dataCentres.mumbai],
              operatingSystemIds: [seedA.operatingSystems.ubuntu],
            },
            prices: [{ cycle: 'MONTHLY', price: '500.00' }],
            visibility,
          },
        },
        admin,
      );
      expect(res.errors).toBeUndefined();
      return res.data.createPlan.id as string;
    };
    hidden = await make('HIDDEN');
    retired = await make('PUBLIC');
    const r = await gqlAt(
      t,
      A,
      `mutation($input: RetirePlanInput!) { retirePlan(input: $input) { visibility } }`,
      { input: { commandId: randomUUID(), planId: retired } },
      admin,
    );
    expect(r.data.retirePlan.visibility).toBe('RETIRED');
  });

  it('the anonymous catalog lists neither hidden nor retired plans, even asking for hidden ones', async () => {
    for (const all of [false, true]) {
      const res = await gqlAt(
        t,
        A,
        'query($all: Boolean) { catalog { plans(includeHidden: $all) { id visibility } } }',
        { all },
      );
      expect(res.errors).toBeUndefined();
      const ids = res.data.catalog.plans.map((p: any) => p.id);
      expect(ids).not.toContain(hidden);
      expect(ids).not.toContain(retired);
      expect(new Set(res.data.catalog.plans.map((p: any) => p.visibility))).toEqual(
        new Set(['PUBLIC']),
      );
    }
    // A retired plan is not found by its id either (a hidden one is: ordered by its link).
    const byId = await gqlAt(t, A, 'query($id: ID!) { catalog { plan(id: $id) { id } } }', {
      id: retired,
    });
    expect(code(byId)).toBe('NOT_FOUND');
    // Staff with catalog.manage see both.
    const staff = await gqlAt(t, A, '{ catalog { plans(includeHidden: true) { id } } }', {}, admin);
    expect(staff.data.catalog.plans.map((p: any) => p.id)).toEqual(
      expect.arrayContaining([hidden, retired]),
    );
  });

  it('storeQuote of a hidden, retired or unknown plan is NOT_FOUND, for staff too', async () => {
    for (const id of [hidden, retired, randomUUID()]) {
      expect(code(await quote(A, id, '27')), id).toBe('NOT_FOUND');
      expect(code(await gqlAt(t, A, QUOTE, { id, cycle: 'MONTHLY', state: '27' }, admin))).toBe(
        'NOT_FOUND',
      );
    }
  });

  it('the reseller’s host shows its own catalog and quotes its own plans only', async () => {
    const listed = async (host: string) =>
      (await gqlAt(t, host, '{ catalog { plans { id } } }')).data.catalog.plans.map(
        (p: any) => p.id,
      ) as string[];
    const onA = await listed(A);
    const onB = await listed(B);
    expect(onB).toEqual(expect.arrayContaining(Object.values(seedB.plans).slice(0, 3)));
    for (const id of onB) expect(onA).not.toContain(id);
    for (const id of Object.values(seedA.plans)) expect(onB).not.toContain(id);

    // B's VPS Pro on B's host: B's marked-up price, taxed from Karnataka (29).
    const bPro = seedB.plans['vps-pro']!;
    const own = await quote(B, bPro, '29');
    expect(own.errors).toBeUndefined();
    const price = own.data.storeQuote.price as string;
    expect(price).not.toBe('1234.56');
    expect(own.data.storeQuote).toMatchObject({
      intraState: true,
      total: engine('29', '29', [price]).totals.total,
    });
    expect((await quote(B, bPro, '27')).data.storeQuote.intraState).toBe(false);
    // Each tenant's plan is not there on the other's host.
    expect(code(await quote(A, bPro, '29'))).toBe('NOT_FOUND');
    expect(code(await quote(B, seedA.plans['vps-pro']!, '27'))).toBe('NOT_FOUND');
  });
});

describe('storeStates', () => {
  it('lists the places of supply in India by GST code: no legacy codes, no 96 or 99', async () => {
    const res = await gqlAt(t, A, '{ storeStates { code name } }');
    const states = res.data.storeStates as { code: string; name: string }[];
    expect(states).toContainEqual({ code: '27', name: 'Maharashtra' });
    expect(states).toContainEqual({ code: '38', name: 'Ladakh' });
    const codes = states.map((s) => s.code);
    for (const gone of ['25', '28', '96', '99']) expect(codes).not.toContain(gone);
    // Every one listed is quoted.
    for (const s of ['01', '07', '37', '97'])
      expect((await quote(A, seedA.plans['vps-pro']!, s)).errors, s).toBeUndefined();
  });
});

describe('the public brand and its contact fields', () => {
  it('a tenant created before the fields reads null; the legal profile’s address, GSTIN and state are public', async () => {
    const res = await gqlAt(t, A, BRAND);
    expect(res.errors).toBeUndefined();
    expect(res.data.brand).toEqual({
      tenantId: 'akashone',
      name: 'AkashOne.com',
      tagline: 'Cloud infrastructure for India',
      supportEmail: 'support@akashone.com',
      supportPhone: null,
      // No description of its own: the tagline describes the store.
      storeDescription: 'Cloud infrastructure for India',
      companyName: 'Mieux Technologies Pvt Ltd',
      legalAddress: 'Pune, Maharashtra 411001, India',
      gstin: '27AAPFU0939F1ZV',
      stateName: 'Maharashtra',
      stateCode: '27',
    });
    const b = await gqlAt(t, B, BRAND);
    expect(b.data.brand).toMatchObject({
      tenantId: 'kloudnests',
      stateCode: '29',
      stateName: 'Karnataka',
      gstin: '29AAKCK4021N1Z6',
      supportPhone: null,
    });
    const settings = await gqlAt(t, B, SETTINGS_BRAND, {}, resellerAdmin);
    expect(settings.data.tenantSettings.brand).toMatchObject({
      supportPhone: null,
      storeDescription: null,
    });
  });

  it('updateTenantBrand sets the phone and description; omitted keeps them, null clears them', async () => {
    const current = (await gqlAt(t, B, SETTINGS_BRAND, {}, resellerAdmin)).data.tenantSettings
      .brand;
    const { supportPhone: _p, storeDescription: _d, ...withoutContact } = current;
    const save = (brand: Record<string, unknown>) =>
      gqlAt(t, B, UPDATE_BRAND, { input: { commandId: randomUUID(), brand } }, resellerAdmin);

    const set = await save({
      ...current,
      supportPhone: ' +91 80 4000 1234 ',
      storeDescription: 'Cloud servers in Bengaluru, billed in rupees with GST.',
    });
    expect(set.errors).toBeUndefined();
    expect(set.data.updateTenantBrand.brand).toMatchObject({
      supportPhone: '+91 80 4000 1234',
      storeDescription: 'Cloud servers in Bengaluru, billed in rupees with GST.',
    });
    expect((await gqlAt(t, B, BRAND)).data.brand).toMatchObject({
      supportPhone: '+91 80 4000 1234',
      storeDescription: 'Cloud servers in Bengaluru, billed in rupees with GST.',
    });
    // The operator's brand is untouched.
    expect((await gqlAt(t, A, BRAND)).data.brand.supportPhone).toBeNull();

    // A client that does not send the fields keeps them.
    const kept = await save({ ...withoutContact, tagline: 'Cloud for India' });
    expect(kept.errors).toBeUndefined();
    expect(kept.data.updateTenantBrand.brand).toEqual({
      supportPhone: '+91 80 4000 1234',
      storeDescription: 'Cloud servers in Bengaluru, billed in rupees with GST.',
      tagline: 'Cloud for India',
    });

    const cleared = await save({ ...withoutContact, supportPhone: null, storeDescription: '' });
    expect(cleared.data.updateTenantBrand.brand).toMatchObject({
      supportPhone: null,
      storeDescription: null,
    });
    const publicBrand = (await gqlAt(t, B, BRAND)).data.brand;
    expect(publicBrand.supportPhone).toBeNull();
    // Cleared, the public description falls back to the tagline.
    expect(publicBrand.storeDescription).toBe(publicBrand.tagline);
  });

  it('a bad phone or description is BAD_USER_INPUT naming each field, and nothing changes', async () => {
    const current = (await gqlAt(t, B, SETTINGS_BRAND, {}, resellerAdmin)).data.tenantSettings
      .brand;
    const res = await gqlAt(
      t,
      B,
      UPDATE_BRAND,
      {
        input: {
          commandId: randomUUID(),
          brand: { ...current, supportPhone: 'call 555', storeDescription: '<b>Best</b>' },
        },
      },
      resellerAdmin,
    );
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions.issues.map((i: any) => i.path.join('.'))).toEqual([
      'brand.supportPhone',
      'brand.storeDescription',
    ]);
    expect(res.errors![0].message).toContain('A phone number of 6 to 20');
    const after = (await gqlAt(t, B, SETTINGS_BRAND, {}, resellerAdmin)).data.tenantSettings.brand;
    expect(after).toEqual(current);
  });

  it('an anonymous visitor cannot change a brand', async () => {
    const current = (await gqlAt(t, B, SETTINGS_BRAND, {}, resellerAdmin)).data.tenantSettings
      .brand;
    const res = await gqlAt(t, B, UPDATE_BRAND, {
      input: { commandId: randomUUID(), brand: { ...current, supportPhone: '+91 80 1111 2222' } },
    });
    expect(code(res)).toBe('UNAUTHENTICATED');
  });
});

describe('cost limits hold for anonymous visitors', () => {
  it('an alias bomb of store quotes is refused before anything runs', async () => {
    const id = seedA.plans['vps-pro']!;
    const n = Math.ceil(MAX_FIELDS / 4) + 10;
    const bomb = `{ ${Array.from(
      { length: n },
      (_, i) =>
        `q${i}: storeQuote(planId: "${id}", cycle: MONTHLY, stateCode: "27") { total taxes { name amount } }`,
    ).join(' ')} }`;
    const res = await gqlAt(t, A, bomb);
    expect(res.data).toBeNull();
    expect(code(res)).toBe('QUERY_TOO_COMPLEX');
    const catalogBomb = `{ ${Array.from(
      { length: MAX_FIELDS },
      (_, i) => `c${i}: catalog { plans { id } }`,
    ).join(' ')} }`;
    expect(code(await gqlAt(t, A, catalogBomb))).toBe('QUERY_TOO_COMPLEX');
  });

  it('a query nested deeper than the depth limit is refused', async () => {
    const deep = `{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }`;
    const res = await gqlAt(t, A, deep);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('a state code longer than its bound is refused before any read', async () => {
    const res = await quote(A, seedA.plans['vps-pro']!, '2'.repeat(11));
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions.issues[0].path).toEqual(['stateCode']);
  });
});
