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
const UPDATE_BRAND = `mutation($input: UpdateTenantBrandInput!) { updateTenantBrand(input: $input) { brand { name domains } } }`;
const BRAND_OF_HOST = `{ brand { tenantId } }`;
const SETTINGS_HOSTS = `{ tenantSettings { brand { domains } hosts { name status reason } } }`;
const TENANTS_HOSTS = `{ tenants { tenantId domains hosts { name status requestedAt } } }`;
const APPROVE = `mutation($input: ApproveHostInput!) { approveHost(input: $input) { tenantId domains hosts { name status } } }`;
const REJECT = `mutation($input: RejectHostInput!) { rejectHost(input: $input) { tenantId domains hosts { name status reason } } }`;
const SHOP = 'shop.example.net';

let t: TestPlatform;
let superAdmin: string;
let reseller: { admin: string };
/** The tenant a host serves; NO_SITE when it serves none (issue 15: no fallback to the operator). */
const NO_SITE = 'no site';
const tenantOf = async (host: string) => {
  const res = await gqlAt(t, host, BRAND_OF_HOST);
  if (code(res) === 'NOT_FOUND') return NO_SITE;
  return res.data.brand.tenantId as string;
};
const addHost = (host: string, cookie: string, tenantId?: string) =>
  gqlAt(
    t,
    tenantId ? OP : KN,
    UPDATE_BRAND,
    { input: { commandId: cmd(), tenantId, brand: knBrand({ domains: [KN, host] }) } },
    cookie,
  );

const eventCount = async () =>
  Number((await t.running.platform.sql`select count(*)::int as n from eventlog.events`)[0]!.n);
const knBrand = (over: Record<string, unknown>) => ({
  ...resellerInput('kloudnests', KN).brand,
  ...over,
});
const issues = (res: { errors?: any[] }) =>
  res.errors?.[0]?.extensions?.issues?.map(
    (i: { path: string[]; message: string }) => `${i.path.join('.')}: ${i.message}`,
  ) ?? [];

beforeAll(async () => {
  t = await startTestPlatform();
  superAdmin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
  reseller = await openReseller(t, superAdmin, 'kloudnests', KN);
});
afterAll(async () => t?.close());

describe('host names a reseller may not take', () => {
  it('a reseller cannot claim an IP address or the operator’s names, and nothing is written', async () => {
    const before = await eventCount();
    for (const host of [
      '127.0.0.2',
      '10.1.2.3',
      '2130706433',
      'www.akashone.localhost',
      'api.localhost',
      'admin.localhost',
      'mail.akashone.com',
      'akashone.com',
    ]) {
      const res = await gqlAt(
        t,
        KN,
        UPDATE_BRAND,
        { input: { commandId: cmd(), brand: knBrand({ domains: [KN, host] }) } },
        reseller.admin,
      );
      expect(code(res), host).toBe('BAD_USER_INPUT');
      expect(issues(res)[0], host).toMatch(/^brand\.domains: /);
    }
    expect(await eventCount()).toBe(before);
    // Nor does the host now serve the reseller's portal.
    expect(await tenantOf('www.akashone.localhost')).toBe(NO_SITE);
  });

  it('the super admin cannot open a reseller on an IP address or an operator subdomain either', async () => {
    for (const host of ['192.168.1.20', 'shop.akashone.localhost']) {
      const res = await gqlAt(
        t,
        OP,
        CREATE_TENANT,
        { input: resellerInput('ip-reseller', host) },
        superAdmin,
      );
      expect(code(res), host).toBe('BAD_USER_INPUT');
    }
  });

  it('a brand name or tagline is one line of printable text', async () => {
    for (const over of [
      { name: 'Kloud\nNests' },
      { name: 'Kloud\r\nBcc: x@y.z' },
      { name: 'Kloud\u2028Nests' },
      { tagline: 'Cloud\nfor all' },
    ]) {
      const res = await gqlAt(
        t,
        KN,
        UPDATE_BRAND,
        { input: { commandId: cmd(), brand: knBrand(over) } },
        reseller.admin,
      );
      expect(code(res), JSON.stringify(over)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('a reseller’s new host waits for the operator’s approval', () => {
  it('a pending host does not route to the reseller; approved, it does', async () => {
    const added = await addHost(SHOP, reseller.admin);
    expect(added.errors).toBeUndefined();
    // The brand lists it, and the reseller reads it is waiting.
    expect(added.data.updateTenantBrand.brand.domains).toEqual([KN, SHOP]);
    const mine = (await gqlAt(t, KN, SETTINGS_HOSTS, {}, reseller.admin)).data.tenantSettings;
    expect(mine.hosts).toEqual([
      { name: KN, status: 'APPROVED', reason: null },
      { name: SHOP, status: 'PENDING', reason: null },
    ]);
    // Requests for it reach no site yet, not the reseller's.
    expect(await tenantOf(SHOP)).toBe(NO_SITE);
    expect(await tenantOf(`${SHOP}:3000`)).toBe(NO_SITE);

    // The operator sees it waiting.
    const kn = (await gqlAt(t, OP, TENANTS_HOSTS, {}, superAdmin)).data.tenants.find(
      (x: { tenantId: string }) => x.tenantId === 'kloudnests',
    );
    expect(kn.domains).toEqual([KN]);
    expect(kn.hosts).toContainEqual({
      name: SHOP,
      status: 'PENDING',
      requestedAt: expect.any(String),
    });

    // Nobody else takes it meanwhile: the reservation holds.
    const other = await openReseller(t, superAdmin, 'otherhost', 'otherhost.localhost');
    const taken = await gqlAt(
      t,
      'otherhost.localhost',
      UPDATE_BRAND,
      {
        input: {
          commandId: cmd(),
          brand: {
            ...resellerInput('otherhost', 'otherhost.localhost').brand,
            domains: ['otherhost.localhost', SHOP],
          },
        },
      },
      other.admin,
    );
    expect(code(taken)).toBe('CONFLICT');

    const approved = await gqlAt(
      t,
      OP,
      APPROVE,
      { input: { commandId: cmd(), host: SHOP } },
      superAdmin,
    );
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approveHost).toMatchObject({
      tenantId: 'kloudnests',
      domains: [KN, SHOP],
    });
    expect(await tenantOf(SHOP)).toBe('kloudnests');
    expect(
      (await gqlAt(t, KN, SETTINGS_HOSTS, {}, reseller.admin)).data.tenantSettings.hosts,
    ).toContainEqual({ name: SHOP, status: 'APPROVED', reason: null });
    // Back to the first brand for the next test.
    await gqlAt(
      t,
      KN,
      UPDATE_BRAND,
      { input: { commandId: cmd(), brand: knBrand({ domains: [KN] }) } },
      reseller.admin,
    );
    expect(await tenantOf(SHOP)).toBe(NO_SITE);
  });

  it('a reseller cannot approve its own host; a rejected host is free again', async () => {
    await addHost('rejected.example.net', reseller.admin);
    const own = await gqlAt(
      t,
      KN,
      APPROVE,
      { input: { commandId: cmd(), host: 'rejected.example.net' } },
      reseller.admin,
    );
    expect(code(own)).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(
          t,
          KN,
          REJECT,
          { input: { commandId: cmd(), host: 'rejected.example.net', reason: 'mine' } },
          reseller.admin,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(await tenantOf('rejected.example.net')).toBe(NO_SITE);

    const rejected = await gqlAt(
      t,
      OP,
      REJECT,
      { input: { commandId: cmd(), host: 'rejected.example.net', reason: 'Not a domain you own' } },
      superAdmin,
    );
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data.rejectHost.domains).toEqual([KN]);
    expect(rejected.data.rejectHost.hosts).toContainEqual({
      name: 'rejected.example.net',
      status: 'REJECTED',
      reason: 'Not a domain you own',
    });
    // It left the reseller's brand, the reseller reads why, and it never served the reseller.
    const mine = (await gqlAt(t, KN, SETTINGS_HOSTS, {}, reseller.admin)).data.tenantSettings;
    expect(mine.brand.domains).toEqual([KN]);
    expect(mine.hosts).toContainEqual({
      name: 'rejected.example.net',
      status: 'REJECTED',
      reason: 'Not a domain you own',
    });
    expect(await tenantOf('rejected.example.net')).toBe(NO_SITE);
    // Approving it now finds nothing to approve; another tenant may claim it.
    expect(
      code(
        await gqlAt(
          t,
          OP,
          APPROVE,
          { input: { commandId: cmd(), host: 'rejected.example.net' } },
          superAdmin,
        ),
      ),
    ).toBe('NOT_FOUND');
    const other = await signInAt(t, OP, ADMIN.email, ADMIN.password);
    const claimed = await gqlAt(
      t,
      OP,
      UPDATE_BRAND,
      {
        input: {
          commandId: cmd(),
          tenantId: 'otherhost',
          brand: {
            ...resellerInput('otherhost', 'otherhost.localhost').brand,
            domains: ['otherhost.localhost', 'rejected.example.net'],
          },
        },
      },
      other,
    );
    expect(claimed.errors).toBeUndefined();
    // Named by the operator, it is approved by that act.
    expect(await tenantOf('rejected.example.net')).toBe('otherhost');
  });

  it('hosts the operator names for a reseller serve at once', async () => {
    const res = await addHost('ops-named.example.net', superAdmin, 'kloudnests');
    expect(res.errors).toBeUndefined();
    expect(await tenantOf('ops-named.example.net')).toBe('kloudnests');
    await addHost('ops-named.example.net', reseller.admin); // unchanged brand: nothing to ask for
    expect(
      (await gqlAt(t, KN, SETTINGS_HOSTS, {}, reseller.admin)).data.tenantSettings.hosts,
    ).toContainEqual({ name: 'ops-named.example.net', status: 'APPROVED', reason: null });
  });

  it('a rejection needs a reason, and only pending hosts can be rejected', async () => {
    await addHost('noreason.example.net', reseller.admin);
    expect(
      code(
        await gqlAt(
          t,
          OP,
          REJECT,
          { input: { commandId: cmd(), host: 'noreason.example.net', reason: ' ' } },
          superAdmin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          REJECT,
          { input: { commandId: cmd(), host: KN, reason: 'too late' } },
          superAdmin,
        ),
      ),
    ).toBe('CONFLICT');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          APPROVE,
          { input: { commandId: cmd(), host: 'nobody.example.net' } },
          superAdmin,
        ),
      ),
    ).toBe('NOT_FOUND');
  });
});
