import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../server/testing/platform.ts';

const INTROSPECT = `{ __schema { queryType { name } } }`;

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform({ NODE_ENV: 'production' });
});
afterAll(async () => t?.close());

/** Signs the admin in from a peer with an X-Forwarded-For header; the address its session records. */
async function signedInFrom(
  on: TestPlatform,
  peer: string,
  forwardedFor: string,
): Promise<string | null> {
  const res = await on.running.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: peer,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    payload: JSON.stringify({
      query: 'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ id } }',
      variables: { e: ADMIN.email, p: ADMIN.password },
    }),
  });
  const set = res.cookies.find((c) => c.name === '__Host-sid')!;
  const sessions = (await on.gql('{ mySessions { current ip } }', {}, `${set.name}=${set.value}`))
    .data.mySessions as { current: boolean; ip: string | null }[];
  return sessions.find((s) => s.current)?.ip ?? null;
}

describe('GraphQL in production', () => {
  it('uses a __Host- Secure session cookie', async () => {
    const res = await t.running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        query: 'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ id } }',
        variables: { e: ADMIN.email, p: ADMIN.password },
      }),
    });
    const cookie = res.cookies.find((c) => c.name === '__Host-sid');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  });

  it('sign-out really clears __Host-sid: the clearing Set-Cookie carries Secure, Path=/ and no Domain', async () => {
    const cookie = await t.signIn(ADMIN.email, ADMIN.password);
    const res = await t.running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', cookie },
      payload: JSON.stringify({ query: 'mutation { signOut }' }),
    });
    const header = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((h) => h.startsWith('__Host-sid='));
    expect(header, 'a clearing Set-Cookie').toBeTruthy();
    const attributes = header!.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('secure');
    expect(attributes).toContain('path=/');
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
    expect(
      attributes.some((a) => a === 'max-age=0' || a.startsWith('expires=thu, 01 jan 1970')),
    ).toBe(true);
  });

  it('introspection is for admins only, even when an admin ran the same query first (mercurius caches documents)', async () => {
    const admin = await t.signIn(ADMIN.email, ADMIN.password);
    const customer = await t.customer('curious@example.com');
    expect((await t.gql(INTROSPECT, {}, admin)).data.__schema.queryType.name).toBe('Query');
    const refused = await t.gql(INTROSPECT, {}, customer.cookie);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(INTROSPECT)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a forged X-Forwarded-For does not change the client address when no proxy is named (TRUST_PROXY unset)', async () => {
    expect(await signedInFrom(t, '10.1.2.3', '203.0.113.9')).toBe('10.1.2.3');
  });

  it('suggests no field names ("Did you mean topUp or topUps?"), for a field, an argument or an enum value', async () => {
    const customer = await t.customer('guesser@example.com');
    const answers = [
      await t.gql('{ topUpz { id } }'),
      await t.gql('{ topUps(filtr: {}) { total } }', {}, customer.cookie),
      await t.gql(
        'query($f: TopUpFilter) { topUps(filter: $f) { total } }',
        { f: { status: 'PENDNG', serch: 'x' } },
        customer.cookie,
      ),
    ];
    for (const answer of answers) {
      expect(answer.errors?.length, JSON.stringify(answer)).toBeGreaterThan(0);
      for (const e of answer.errors!) {
        expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(e.extensions?.code);
        expect(e.message).not.toMatch(/did you mean|topUp"|"search"|"PENDING"/i);
      }
    }
    expect(answers[0]!.errors![0].message).toContain('Cannot query field "topUpz"');
  });

  it('serves no GraphiQL', async () => {
    const res = await t.running.app.inject({ method: 'GET', url: '/graphiql' });
    expect(res.statusCode).not.toBe(200);
  });
});

describe('behind a proxy the settings name (TRUST_PROXY)', () => {
  let behind: TestPlatform;
  beforeAll(async () => {
    behind = await startTestPlatform({ NODE_ENV: 'production', TRUST_PROXY: '10.0.0.0/8' });
  });
  afterAll(async () => behind?.close());

  it('believes X-Forwarded-For from a named proxy only', async () => {
    expect(await signedInFrom(behind, '10.1.2.3', '203.0.113.9')).toBe('203.0.113.9');
    expect(await signedInFrom(behind, '192.0.2.7', '203.0.113.9')).toBe('192.0.2.7');
  });
});
