import { randomUUID } from 'node:crypto';
import type { TestPlatform } from '../../server/testing/platform.ts';

/**
 * GraphQL over the real HTTP stack on a given host name (the host picks the tenant), for the
 * access and tenancy tests. `testing/platform.ts` asks on the default host only.
 */
export async function gqlAt<T = any>(
  t: Pick<TestPlatform, 'running'>,
  host: string,
  query: string,
  variables: Record<string, unknown> = {},
  cookie?: string,
) {
  const res = await t.running.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { host, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    payload: JSON.stringify({ query, variables }),
  });
  const body = res.json() as { data: T; errors?: any[] };
  return { ...body, status: res.statusCode, cookies: res.cookies };
}

/** The session cookie of a sign-in on `host` (throws with the API's message when refused). */
export async function signInAt(
  t: TestPlatform,
  host: string,
  email: string,
  password: string,
): Promise<string> {
  const res = await gqlAt(
    t,
    host,
    'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ id } }',
    { e: email, p: password },
  );
  if (res.errors)
    throw new Error(`sign-in of ${email} on ${host} failed: ${res.errors[0].message}`);
  const sid = res.cookies.find((c) => c.name === 'sid');
  if (!sid) throw new Error('no session cookie');
  return `sid=${sid.value}`;
}

/**
 * A staff member's first sign-in with the initial password they were given: sign-in holds them
 * at PASSWORD_CHANGE, they choose `newPassword`, and get a session. Returns its cookie.
 */
export async function firstSignInAt(
  t: Pick<TestPlatform, 'running'>,
  host: string,
  email: string,
  initialPassword: string,
  newPassword: string,
): Promise<string> {
  const held = await gqlAt(
    t,
    host,
    'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next challenge } }',
    { e: email, p: initialPassword },
  );
  if (held.errors || held.data.signIn.next !== 'PASSWORD_CHANGE')
    throw new Error(
      `first sign-in of ${email}: ${held.errors?.[0]?.message ?? held.data.signIn.next}`,
    );
  const res = await gqlAt(
    t,
    host,
    'mutation($c:String!,$p:String!){ chooseNewPassword(challenge:$c,password:$p){ next } }',
    { c: held.data.signIn.challenge, p: newPassword },
  );
  if (res.errors) throw new Error(`new password of ${email} refused: ${res.errors[0].message}`);
  const sid = res.cookies.find((c) => c.name === 'sid');
  if (!sid)
    throw new Error(`no session after the new password (${res.data.chooseNewPassword.next})`);
  return `sid=${sid.value}`;
}

/** Cookies a response set, as a Cookie header (e.g. after impersonation: sid and sid-staff). */
export const cookieHeader = (cookies: { name: string; value: string }[], base = ''): string => {
  const jar = new Map(
    base
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=') as [string, string]),
  );
  for (const c of cookies) jar.set(c.name, c.value);
  return [...jar]
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
};

export const code = (res: { errors?: any[] }) =>
  res.errors?.[0]?.extensions?.code as string | undefined;
export const cmd = () => randomUUID();

/** A reseller's settings as the create-tenant form sends them; override what a test varies. */
export function resellerInput(tenantId: string, host: string, over: Record<string, unknown> = {}) {
  return {
    commandId: cmd(),
    tenantId,
    brand: {
      name: `Brand ${tenantId}`,
      tagline: 'Enterprise Cloud Infrastructure Provider',
      primaryColor: '#0d9488',
      accentColor: null,
      logoUrl: null,
      supportEmail: `support@${tenantId}.example`,
      mailFrom: `Brand <billing@${tenantId}.example>`,
      domains: [host],
    },
    legal: {
      companyName: `${tenantId} Cloud Pvt Ltd`,
      gstin: '29AAKCK4021N1Z6',
      stateCode: '29',
      address: 'Bengaluru, Karnataka 560034, India',
      invoiceSeries: {
        invoice: 'KN/{FY4}/{SEQ:5}',
        creditNote: 'KC/{FY4}/{SEQ:5}',
        debitNote: 'KD/{FY4}/{SEQ:5}',
        receiptVoucher: 'KR/{FY4}/{SEQ:5}',
        refundVoucher: 'KF/{FY4}/{SEQ:5}',
      },
    },
    topUps: {
      bankAccountName: `${tenantId} Cloud Pvt Ltd`,
      bankName: 'ICICI Bank',
      bankAccountNumber: '000405012345',
      bankIfsc: 'ICIC0000004',
      bankBranch: null,
      upiId: null,
      cryptoAsset: 'USDT',
      cryptoNetwork: 'TRON (TRC-20)',
      cryptoAddress: '',
      cryptoEnabled: false,
      minAmount: '500.00',
      maxAmount: '200000.00',
    },
    features: ['wallet', 'team-accounts', 'tickets'],
    admin: { email: `admin@${tenantId}.example`, name: `${tenantId} admin` },
    ...over,
  };
}

export const CREATE_TENANT = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { tenantId name domains } adminEmail adminPassword } }`;

/**
 * Opens a reseller through the super admin's mutation; its first admin signs in on its host with
 * the password shown once, chooses their own (`adminPassword`), and this returns their cookie.
 */
export async function openReseller(
  t: TestPlatform,
  superAdmin: string,
  tenantId: string,
  host: string,
) {
  const created = await gqlAt(
    t,
    'akashone.localhost',
    CREATE_TENANT,
    { input: resellerInput(tenantId, host) },
    superAdmin,
  );
  if (created.errors) throw new Error(`createTenant failed: ${JSON.stringify(created.errors)}`);
  const { adminEmail, adminPassword: initialPassword } = created.data.createTenant as {
    adminEmail: string;
    adminPassword: string;
  };
  const adminPassword = `${initialPassword}-own`;
  return {
    adminEmail,
    initialPassword,
    adminPassword,
    admin: await firstSignInAt(t, host, adminEmail, initialPassword, adminPassword),
  };
}
