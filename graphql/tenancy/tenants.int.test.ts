import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import {
  cmd,
  code,
  CREATE_TENANT,
  gqlAt,
  openReseller,
  resellerInput,
  signInAt,
} from '../access/testing.ts';

const OP = 'akashone.localhost';
const KN = 'kloudnests.localhost';
const BRAND = `query { brand { tenantId name tagline primaryColor supportEmail companyName features logoUrl accentColor } }`;
const SETTINGS = `query($id: ID) { tenantSettings(tenantId: $id) { tenantId brand { name domains primaryColor } legal { gstin stateCode stateName invoiceSeries { invoice creditNote } } topUps { minAmount cryptoEnabled } features { key enabled } } }`;
const UPDATE_BRAND = `mutation($input: UpdateTenantBrandInput!) { updateTenantBrand(input: $input) { brand { name domains } } }`;
const UPDATE_LEGAL = `mutation($input: UpdateTenantLegalProfileInput!) { updateTenantLegalProfile(input: $input) { legal { gstin } } }`;
const SWITCH = `mutation($input: SwitchFeatureInput!) { switchFeature(input: $input) { features { key enabled } } }`;

let t: TestPlatform;
let superAdmin: string;
let reseller: { admin: string; adminEmail: string; adminPassword: string };

const eventCount = async () =>
  Number((await t.running.platform.sql`select count(*)::int as n from eventlog.events`)[0]!.n);

beforeAll(async () => {
  t = await startTestPlatform();
  superAdmin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
  reseller = await openReseller(t, superAdmin, 'kloudnests', KN);
});
afterAll(async () => t?.close());

describe('tenants and their brands', () => {
  it('serves each tenant its own brand by host name', async () => {
    const op = (await gqlAt(t, OP, BRAND)).data.brand;
    const kn = (await gqlAt(t, KN, BRAND)).data.brand;
    expect(op).toMatchObject({
      tenantId: 'akashone',
      name: 'AkashOne.com',
      companyName: 'Mieux Technologies Pvt Ltd',
    });
    expect(kn).toMatchObject({
      tenantId: 'kloudnests',
      name: 'Brand kloudnests',
      tagline: 'Enterprise Cloud Infrastructure Provider',
      primaryColor: '#0d9488',
      features: ['wallet', 'team-accounts', 'tickets'],
    });
    // An unknown host is no site (issue 15), not the operator's portal.
    expect(code(await gqlAt(t, 'unknown.example', BRAND))).toBe('NOT_FOUND');
  });

  it('the reseller admin signs in on the reseller host only, and a session does not cross hosts', async () => {
    await expect(signInAt(t, OP, reseller.adminEmail, reseller.adminPassword)).rejects.toThrow(
      /Wrong email or password/,
    );
    const me = await gqlAt(t, OP, `{ me { id } }`, {}, reseller.admin);
    expect(me.data.me).toBeNull();
    const own = await gqlAt(t, KN, `{ me { staffRole permissions } }`, {}, reseller.admin);
    expect(own.data.me.staffRole).toBe('tenant_admin');
    expect(own.data.me.permissions).not.toContain('tenants.manage');
  });

  it('the super admin lists every tenant; a reseller admin may not, nor create one', async () => {
    const list = await gqlAt(t, OP, `{ tenants { tenantId name domains } }`, {}, superAdmin);
    expect(list.data.tenants.map((x: { tenantId: string }) => x.tenantId)).toEqual([
      'akashone',
      'kloudnests',
    ]);
    expect(code(await gqlAt(t, KN, `{ tenants { tenantId } }`, {}, reseller.admin))).toBe(
      'FORBIDDEN',
    );
    expect(
      code(
        await gqlAt(
          t,
          KN,
          CREATE_TENANT,
          { input: resellerInput('sneaky', 'sneaky.localhost') },
          reseller.admin,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(code(await gqlAt(t, KN, SETTINGS, { id: 'akashone' }, reseller.admin))).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses bad tenants with field errors and writes nothing', async () => {
    const before = await eventCount();
    const base = resellerInput('bad-one', 'bad-one.localhost');
    const cases: [Record<string, unknown>, string[]][] = [
      [{ legal: { ...base.legal, gstin: '29AAKCK4021N1Z7' } }, ['legal', 'gstin']],
      [{ legal: { ...base.legal, gstin: '27AAPFU0939F1ZV' } }, ['legal', 'gstin']],
      [
        {
          legal: {
            ...base.legal,
            invoiceSeries: { ...base.legal.invoiceSeries, invoice: 'BADONE-INVOICE/{FY}/{SEQ:5}' },
          },
        },
        ['legal', 'invoiceSeries', 'invoice'],
      ],
      [{ brand: { ...base.brand, domains: [KN] } }, []],
      [{ brand: { ...base.brand, logoUrl: 'javascript:alert(1)' } }, ['brand', 'logoUrl']],
      [
        { topUps: { ...base.topUps, minAmount: '900.00', maxAmount: '100.00' } },
        ['topUps', 'maxAmount'],
      ],
      [{ tenantId: 'Not Valid!' }, ['tenantId']],
      [{ tenantId: 'kloudnests' }, []],
      [{ features: ['teleport'] }, ['features']],
    ];
    for (const [over, path] of cases) {
      const res = await gqlAt(
        t,
        OP,
        CREATE_TENANT,
        { input: { ...base, commandId: cmd(), ...over } },
        superAdmin,
      );
      expect(res.errors, JSON.stringify(over).slice(0, 80)).toBeDefined();
      if (path.length) {
        expect(code(res)).toBe('BAD_USER_INPUT');
        expect(
          res.errors![0].extensions.issues.map((i: { path: string[] }) => i.path),
        ).toContainEqual(path);
      } else expect(code(res)).toBe('CONFLICT');
    }
    expect(await eventCount()).toBe(before);
  });

  it('a tenant admin changes their brand and legal profile; bad GSTINs are refused', async () => {
    const settings = (await gqlAt(t, KN, SETTINGS, {}, reseller.admin)).data.tenantSettings;
    expect(settings).toMatchObject({
      tenantId: 'kloudnests',
      legal: {
        stateCode: '29',
        stateName: 'Karnataka',
        invoiceSeries: { invoice: 'KN/{FY4}/{SEQ:5}' },
      },
    });
    const brand = { ...resellerInput('kloudnests', KN).brand, name: 'KloudNests' };
    const updated = await gqlAt(
      t,
      KN,
      UPDATE_BRAND,
      { input: { commandId: cmd(), brand } },
      reseller.admin,
    );
    expect(updated.data.updateTenantBrand.brand.name).toBe('KloudNests');
    expect((await gqlAt(t, KN, BRAND)).data.brand.name).toBe('KloudNests');
    const legal = { ...resellerInput('kloudnests', KN).legal, gstin: '29AAKCK4021N1Z0' };
    const refused = await gqlAt(
      t,
      KN,
      UPDATE_LEGAL,
      { input: { commandId: cmd(), legal } },
      reseller.admin,
    );
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].extensions.issues[0].path).toEqual(['legal', 'gstin']);
    expect(refused.errors![0].extensions.issues[0].message).toMatch(/check/);
  });

  it('a tenant admin sets billing settings and the LUT; the defaults hold until then; bad values name the field', async () => {
    const BILLING = `mutation($input: UpdateTenantBillingInput!) { updateTenantBilling(input: $input) { billing { partialPayments unpaidOrderDays roundOff } } }`;
    const read = async () =>
      (
        await gqlAt(
          t,
          KN,
          '{ tenantSettings { billing { partialPayments unpaidOrderDays roundOff } legal { lutNumber } } }',
          {},
          reseller.admin,
        )
      ).data.tenantSettings;
    expect(await read()).toEqual({
      billing: { partialPayments: false, unpaidOrderDays: 7, roundOff: 'NONE' },
      legal: { lutNumber: null },
    });
    const billing = { partialPayments: true, unpaidOrderDays: 10, roundOff: 'RUPEE' };
    const set = await gqlAt(
      t,
      KN,
      BILLING,
      { input: { commandId: cmd(), billing } },
      reseller.admin,
    );
    expect(set.data.updateTenantBilling.billing).toEqual(billing);
    const before = await eventCount();
    const refused = await gqlAt(
      t,
      KN,
      BILLING,
      { input: { commandId: cmd(), billing: { ...billing, unpaidOrderDays: 0 } } },
      reseller.admin,
    );
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].extensions.issues[0].path).toEqual(['billing', 'unpaidOrderDays']);
    expect(await eventCount()).toBe(before);
    const legal = { ...resellerInput('kloudnests', KN).legal, lutNumber: 'ad290326000123x' };
    await gqlAt(t, KN, UPDATE_LEGAL, { input: { commandId: cmd(), legal } }, reseller.admin);
    expect(await read()).toEqual({ billing, legal: { lutNumber: 'AD290326000123X' } });
    // The operator's super admins may set them for a reseller (tenants.manage); that no other
    // tenant's admin may is the isolation suite's row.
    const other = await gqlAt(
      t,
      OP,
      BILLING,
      { input: { commandId: cmd(), tenantId: 'kloudnests', billing } },
      await signInAt(t, OP, ADMIN.email, ADMIN.password),
    );
    expect(other.data.updateTenantBilling.billing).toEqual(billing);
  });

  it('moves a host name from one tenant to another only after it is released', async () => {
    const brand = {
      ...resellerInput('kloudnests', KN).brand,
      name: 'KloudNests',
      domains: [KN, 'portal.kloudnests.example'],
    };
    await gqlAt(t, KN, UPDATE_BRAND, { input: { commandId: cmd(), brand } }, reseller.admin);
    // A reseller's own new host waits for the operator (hosts.int.test.ts); reserved meanwhile.
    expect(code(await gqlAt(t, 'portal.kloudnests.example', BRAND))).toBe('NOT_FOUND');
    await gqlAt(
      t,
      OP,
      `mutation($input: ApproveHostInput!) { approveHost(input: $input) { tenantId } }`,
      { input: { commandId: cmd(), host: 'portal.kloudnests.example' } },
      superAdmin,
    );
    expect((await gqlAt(t, 'portal.kloudnests.example', BRAND)).data.brand.tenantId).toBe(
      'kloudnests',
    );
    const taken = await gqlAt(
      t,
      OP,
      UPDATE_BRAND,
      {
        input: {
          commandId: cmd(),
          brand: {
            ...(await opBrand()),
            domains: ['akashone.localhost', 'localhost', '127.0.0.1', 'portal.kloudnests.example'],
          },
        },
      },
      superAdmin,
    );
    expect(code(taken)).toBe('CONFLICT');
    await gqlAt(
      t,
      KN,
      UPDATE_BRAND,
      { input: { commandId: cmd(), brand: { ...brand, domains: [KN] } } },
      reseller.admin,
    );
    expect(code(await gqlAt(t, 'portal.kloudnests.example', BRAND))).toBe('NOT_FOUND');
  });

  it('the super admin edits a reseller’s settings by id', async () => {
    const res = await gqlAt(
      t,
      OP,
      SWITCH,
      { input: { commandId: cmd(), tenantId: 'kloudnests', feature: 'tickets', enabled: true } },
      superAdmin,
    );
    expect(res.data.switchFeature.features).toContainEqual({ key: 'tickets', enabled: true });
    expect((await gqlAt(t, KN, BRAND)).data.brand.features).toContain('tickets');
    expect((await gqlAt(t, OP, BRAND)).data.brand.features).not.toContain('team-accounts');
  });
});

describe('feature switches', () => {
  it('a switched-off feature is gone from the brand and its operations are refused, for everyone', async () => {
    const customer = await t.customer('feature@example.com', 'Feature Customer');
    expect((await t.gql(`{ wallet { balance } }`, {}, customer.cookie)).data.wallet.balance).toBe(
      '0.00',
    );
    const off = await gqlAt(
      t,
      OP,
      SWITCH,
      { input: { commandId: cmd(), feature: 'wallet', enabled: false } },
      superAdmin,
    );
    expect(off.data.switchFeature.features).toContainEqual({ key: 'wallet', enabled: false });
    expect((await gqlAt(t, OP, BRAND)).data.brand.features).not.toContain('wallet');
    const refused = await t.gql(`{ wallet { balance } }`, {}, customer.cookie);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].message).toMatch(/“Wallet and top-ups” is switched off/);
    expect(code(await gqlAt(t, OP, `{ topUps { total } }`, {}, superAdmin))).toBe('FORBIDDEN');
    // Another tenant's wallet is unaffected.
    expect(code(await gqlAt(t, KN, `{ topUps { total } }`, {}, reseller.admin))).toBeUndefined();
    await gqlAt(
      t,
      OP,
      SWITCH,
      { input: { commandId: cmd(), feature: 'wallet', enabled: true } },
      superAdmin,
    );
    expect((await t.gql(`{ wallet { balance } }`, {}, customer.cookie)).data.wallet.balance).toBe(
      '0.00',
    );
  });

  it('crypto top-ups follow their switch', async () => {
    const details = `{ topUpPaymentDetails { cryptoEnabled methods { method } } }`;
    const customer = await t.customer('crypto@example.com', 'Crypto Customer');
    expect((await t.gql(details, {}, customer.cookie)).data.topUpPaymentDetails).toEqual({
      cryptoEnabled: true,
      methods: [{ method: 'BANK_TRANSFER' }, { method: 'CRYPTO' }],
    });
    await gqlAt(
      t,
      OP,
      SWITCH,
      { input: { commandId: cmd(), feature: 'crypto-topups', enabled: false } },
      superAdmin,
    );
    expect((await t.gql(details, {}, customer.cookie)).data.topUpPaymentDetails).toEqual({
      cryptoEnabled: false,
      methods: [{ method: 'BANK_TRANSFER' }],
    });
  });

  it("the brand says whether crypto top-ups are offered: the feature and the tenant's setting both on", async () => {
    const offered = async () =>
      (await gqlAt(t, OP, `{ brand { cryptoTopUps } }`, {})).data!.brand.cryptoTopUps as boolean;
    const switchCrypto = (enabled: boolean) =>
      gqlAt(
        t,
        OP,
        SWITCH,
        { input: { commandId: cmd(), feature: 'crypto-topups', enabled } },
        superAdmin,
      );
    await switchCrypto(true);
    expect(await offered()).toBe(true);
    const fields =
      'bankAccountName bankName bankAccountNumber bankIfsc bankBranch upiId cryptoAsset cryptoNetwork cryptoAddress cryptoEnabled minAmount maxAmount';
    const now = (await gqlAt(t, OP, `{ tenantSettings { topUps { ${fields} } } }`, {}, superAdmin))
      .data!.tenantSettings.topUps;
    const setCrypto = async (cryptoEnabled: boolean) =>
      expect(
        code(
          await gqlAt(
            t,
            OP,
            `mutation($input: UpdateTenantTopUpsInput!) { updateTenantTopUps(input: $input) { tenantId } }`,
            { input: { commandId: cmd(), topUps: { ...now, cryptoEnabled } } },
            superAdmin,
          ),
        ),
      ).toBeUndefined();
    // The feature on, the setting off: not offered (the login page says nothing of crypto).
    await setCrypto(false);
    expect(await offered()).toBe(false);
    await setCrypto(true);
    expect(await offered()).toBe(true);
    // The setting on, the feature off: not offered either.
    await switchCrypto(false);
    expect(await offered()).toBe(false);
    await switchCrypto(true);
  });

  it('refuses unknown features and settings without the permission', async () => {
    expect(
      code(
        await gqlAt(
          t,
          OP,
          SWITCH,
          { input: { commandId: cmd(), feature: 'teleport', enabled: true } },
          superAdmin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    const customer = await t.customer('nosettings@example.com');
    expect(
      code(
        await t.gql(
          SWITCH,
          { input: { commandId: cmd(), feature: 'tickets', enabled: false } },
          customer.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(code(await t.gql(SETTINGS, {}, customer.cookie))).toBe('FORBIDDEN');
  });
});

async function opBrand() {
  const s = (
    await gqlAt(
      t,
      OP,
      `{ tenantSettings { brand { name tagline primaryColor accentColor logoUrl supportEmail mailFrom domains } } }`,
      {},
      superAdmin,
    )
  ).data.tenantSettings;
  return s.brand;
}

describe("a reseller's first admin", () => {
  it("a reseller's first admin is held at a new password with the one shown once; no session opens before it (issue 9, item 12)", async () => {
    const SIGN_IN =
      'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next challenge viewer { id } } }';
    const CHOOSE =
      'mutation($c:String!,$p:String!){ chooseNewPassword(challenge:$c,password:$p){ next viewer { id email staffRole } } }';
    const created = await gqlAt(
      t,
      OP,
      CREATE_TENANT,
      { input: resellerInput('firstsign', 'firstsign.localhost') },
      superAdmin,
    );
    expect(created.errors).toBeUndefined();
    const { adminEmail, adminPassword: shown } = created.data.createTenant;
    const host = 'firstsign.localhost';

    const held = await gqlAt(t, host, SIGN_IN, { e: adminEmail, p: shown });
    expect(held.data.signIn).toMatchObject({
      next: 'PASSWORD_CHANGE',
      viewer: null,
      challenge: expect.any(String),
    });
    expect(held.cookies.find((c) => c.name === 'sid')).toBeUndefined();
    // Signing in again holds them again: the shown password never opens a session by itself.
    const again = await gqlAt(t, host, SIGN_IN, { e: adminEmail, p: shown });
    expect(again.data.signIn).toMatchObject({ next: 'PASSWORD_CHANGE', viewer: null });
    expect(again.cookies.find((c) => c.name === 'sid')).toBeUndefined();
    expect(code(await gqlAt(t, host, CHOOSE, { c: held.data.signIn.challenge, p: shown }))).toBe(
      'BAD_USER_INPUT',
    );

    const chosen = await gqlAt(t, host, CHOOSE, {
      c: again.data.signIn.challenge,
      p: 'my own passphrase for the brand',
    });
    expect(chosen.errors).toBeUndefined();
    expect(chosen.data.chooseNewPassword).toMatchObject({
      next: 'DONE',
      viewer: { email: adminEmail, staffRole: 'tenant_admin' },
    });
    const sid = chosen.cookies.find((c) => c.name === 'sid')!;
    expect((await gqlAt(t, host, '{ me { email } }', {}, `sid=${sid.value}`)).data.me.email).toBe(
      adminEmail,
    );
    // The shown password is spent; their own signs straight in.
    expect(code(await gqlAt(t, host, SIGN_IN, { e: adminEmail, p: shown }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await gqlAt(t, host, SIGN_IN, { e: adminEmail, p: 'my own passphrase for the brand' })).data
        .signIn.next,
    ).toBe('DONE');
  });
});
