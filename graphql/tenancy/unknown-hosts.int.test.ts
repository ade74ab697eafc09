import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { code, gqlAt, signInAt } from '../access/testing.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';

/** Issue 15 §8: a host no tenant serves is no site; this machine's own names are the operator's. */
const BRAND = `{ brand { tenantId name } }`;
const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => t?.close());

const page = (host: string, url = '/') =>
  t.running.app.inject({ method: 'GET', url, headers: { host } });

describe('a host no tenant serves', () => {
  it('GraphQL refuses every operation there with NOT_FOUND, sign-in included', async () => {
    for (const host of ['foo.localhost', 'foo.localhost:3000', 'www.example.net', '10.1.2.3']) {
      const res = await gqlAt(t, host, BRAND);
      expect(code(res), host).toBe('NOT_FOUND');
      expect(res.errors![0].message).toBe('No site is configured for this address.');
      expect(res.data).toBeNull();
    }
    const signIn = await gqlAt(t, 'foo.localhost', SIGN_IN, { e: ADMIN.email, p: ADMIN.password });
    expect(code(signIn)).toBe('NOT_FOUND');
    expect(signIn.cookies).toHaveLength(0);
  });

  it('a session of the operator is not honoured on it', async () => {
    const cookie = await signInAt(t, 'localhost', ADMIN.email, ADMIN.password);
    expect((await gqlAt(t, 'localhost', '{ me { id } }', {}, cookie)).data.me).not.toBeNull();
    expect(code(await gqlAt(t, 'foo.localhost', '{ me { id } }', {}, cookie))).toBe('NOT_FOUND');
    const res = await t.running.app.inject({
      method: 'GET',
      url: '/files/top-ups/00000000-0000-4000-8000-000000000000/proof',
      headers: { host: 'foo.localhost', cookie },
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers pages with a neutral 404 "No such site", no brand and no sign-in', async () => {
    for (const url of ['/', '/login', '/store', '/_app/version.json']) {
      const res = await page('foo.localhost', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<title>No such site</title>');
      expect(res.body).toContain('<h1>No such site</h1>');
      expect(res.body).not.toMatch(/akashone|kloudnests|sign in|password/i);
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src/);
    }
  });
});

describe('the operator', () => {
  it('keeps localhost, 127.0.0.1, [::1] (with or without a port) and its own domains', async () => {
    for (const host of [
      'localhost',
      'localhost:80',
      'LOCALHOST:3000',
      '127.0.0.1',
      '127.0.0.1:3000',
      '[::1]',
      '[::1]:3000',
      'akashone.localhost:3000',
    ]) {
      const res = await gqlAt(t, host, BRAND);
      expect(res.errors, host).toBeUndefined();
      expect(res.data.brand.tenantId, host).toBe(OPERATOR_TENANT_ID);
      expect((await page(host, '/store')).body, host).not.toContain('No such site');
    }
    // And the tests' own requests (fastify inject's Host is localhost:80).
    expect((await t.gql(BRAND)).data.brand.name).toBe('AkashOne.com');
  });
});
