import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../server/testing/platform.ts';

const INTROSPECT = `{ __schema { queryType { name } } }`;

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform({ NODE_ENV: 'production' });
});
afterAll(async () => t?.close());

describe('GraphQL in production', () => {
  it('uses a __Host- Secure session cookie', async () => {
    const res = await t.running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: 'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ id } }', variables: { e: ADMIN.email, p: ADMIN.password } }),
    });
    const cookie = res.cookies.find((c) => c.name === '__Host-sid');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  });

  it('introspection is for admins only, even when an admin ran the same query first (mercurius caches documents)', async () => {
    const admin = await t.signIn(ADMIN.email, ADMIN.password);
    const customer = await t.customer('curious@example.com');
    expect((await t.gql(INTROSPECT, {}, admin)).data.__schema.queryType.name).toBe('Query');
    const refused = await t.gql(INTROSPECT, {}, customer.cookie);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(INTROSPECT)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('serves no GraphiQL', async () => {
    const res = await t.running.app.inject({ method: 'GET', url: '/graphiql' });
    expect(res.statusCode).not.toBe(200);
  });
});
