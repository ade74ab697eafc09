import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { cmd, code, CREATE_TENANT, gqlAt, openReseller, resellerInput, signInAt } from '../access/testing.ts';

const OP = 'akashone.localhost';
const KN = 'kloudnests.localhost';
const UPDATE_BRAND = `mutation($input: UpdateTenantBrandInput!) { updateTenantBrand(input: $input) { brand { name domains } } }`;
const BRAND_OF_HOST = `{ brand { tenantId } }`;

let t: TestPlatform;
let superAdmin: string;
let reseller: { admin: string };

const eventCount = async () => Number((await t.running.platform.sql`select count(*)::int as n from eventlog.events`)[0]!.n);
const knBrand = (over: Record<string, unknown>) => ({ ...resellerInput('kloudnests', KN).brand, ...over });
const issues = (res: { errors?: any[] }) => res.errors?.[0]?.extensions?.issues?.map((i: { path: string[]; message: string }) => `${i.path.join('.')}: ${i.message}`) ?? [];

beforeAll(async () => {
  t = await startTestPlatform();
  superAdmin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
  reseller = await openReseller(t, superAdmin, 'kloudnests', KN);
});
afterAll(async () => t?.close());

describe('host names a reseller may not take', () => {
  it('a reseller cannot claim an IP address or the operator’s names, and nothing is written', async () => {
    const before = await eventCount();
    for (const host of ['127.0.0.2', '10.1.2.3', '2130706433', 'www.akashone.localhost', 'api.localhost', 'admin.localhost', 'mail.akashone.com', 'akashone.com']) {
      const res = await gqlAt(t, KN, UPDATE_BRAND, { input: { commandId: cmd(), brand: knBrand({ domains: [KN, host] }) } }, reseller.admin);
      expect(code(res), host).toBe('BAD_USER_INPUT');
      expect(issues(res)[0], host).toMatch(/^brand\.domains: /);
    }
    expect(await eventCount()).toBe(before);
    // Nor does the host now serve the reseller's portal.
    expect((await gqlAt(t, 'www.akashone.localhost', BRAND_OF_HOST)).data.brand.tenantId).toBe('akashone');
  });

  it('the super admin cannot open a reseller on an IP address or an operator subdomain either', async () => {
    for (const host of ['192.168.1.20', 'shop.akashone.localhost']) {
      const res = await gqlAt(t, OP, CREATE_TENANT, { input: resellerInput('ip-reseller', host) }, superAdmin);
      expect(code(res), host).toBe('BAD_USER_INPUT');
    }
  });

  it('a brand name or tagline is one line of printable text', async () => {
    for (const over of [{ name: 'Kloud\nNests' }, { name: 'Kloud\r\nBcc: x@y.z' }, { name: 'Kloud\u2028Nests' }, { tagline: 'Cloud\nfor all' }]) {
      const res = await gqlAt(t, KN, UPDATE_BRAND, { input: { commandId: cmd(), brand: knBrand(over) } }, reseller.admin);
      expect(code(res), JSON.stringify(over)).toBe('BAD_USER_INPUT');
    }
  });
});
