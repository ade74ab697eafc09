import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../testing/platform.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => t?.close());

const health = (remoteAddress: string, cookie?: string) =>
  t.running.app.inject({
    method: 'GET',
    url: '/healthz',
    remoteAddress,
    headers: cookie ? { cookie } : {},
  });

describe('/healthz', () => {
  it('tells an anonymous caller from elsewhere only up or down', async () => {
    const res = await health('203.0.113.5');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    // A forged header does not make a caller local (TRUST_PROXY unset).
    const forged = await t.running.app.inject({
      method: 'GET',
      url: '/healthz',
      remoteAddress: '203.0.113.5',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(forged.json()).toEqual({ status: 'ok' });
  });

  it('gives the details to a caller on this machine and to a signed-in admin', async () => {
    for (const local of ['127.0.0.1', '::1', '::ffff:127.0.0.1'])
      expect((await health(local)).json(), local).toMatchObject({
        status: 'ok',
        database: 'ok',
        eventStore: { status: 'ok' },
      });
    const admin = await t.signIn(ADMIN.email, ADMIN.password);
    expect((await health('203.0.113.5', admin)).json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      projections: expect.any(Array),
    });
    const customer = await t.customer('nosy@example.com');
    expect((await health('203.0.113.5', customer.cookie)).json()).toEqual({ status: 'ok' });
  });
});
