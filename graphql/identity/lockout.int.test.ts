import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { accountTesting, type Answer } from '../../server/testing/accounts.ts';

/**
 * Lock-outs that keep the owner working (OWASP device cookies), caps that hold under
 * concurrency, and reset mails an attacker cannot use up. Small caps keep the runs short.
 */
let t: TestPlatform;
let h: ReturnType<typeof accountTesting>;
const CAP = 10;
const PASSWORD = 'a long secret phrase';
const FORGOT = `mutation($e:String!){ requestPasswordReset(email:$e){ email } }`;
const signIn = (email: string, password: string, ip: string, cookie?: string) =>
  h.gql(h.SIGN_IN, { e: email, p: password }, { ip, ...(cookie ? { cookie } : {}) });
const deviceOf = (a: Answer) => `did=${a.cookies.did!.value}`;
const code = (a: Answer) => a.errors?.[0]?.extensions.code ?? 'OK';

/** `n` wrong passwords for `email`, one address each so no address reaches its cap. */
async function fail(email: string, n: number, net: string, cookie?: string) {
  const codes: string[] = [];
  for (let i = 0; i < n; i++)
    codes.push(code(await signIn(email, `wrong guess number ${i}`, `${net}.${i}`, cookie)));
  return codes;
}

beforeAll(async () => {
  t = await startTestPlatform({
    AUTH_MAX_FAILURES_PER_ACCOUNT: String(CAP),
    AUTH_MAX_FAILURES_PER_ADDRESS: '1000',
  });
  h = accountTesting(t);
});
afterAll(async () => t?.close());

describe('device cookies: an attacker locks out unknown clients only', () => {
  it('the owner signs in from a browser that signed in before, while everyone else is locked out', async () => {
    await h.newCustomer('meera@example.com', PASSWORD, 'Meera');
    const first = await signIn('meera@example.com', PASSWORD, '192.0.2.1');
    expect(first.data.signIn.next).toBe('DONE');
    expect(first.cookies.did!.attributes).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
    const device = deviceOf(first);

    expect(await fail('meera@example.com', CAP, '198.18.10')).toEqual(
      Array(CAP).fill('UNAUTHENTICATED'),
    );
    // An unknown client with the right password is refused...
    expect(code(await signIn('meera@example.com', PASSWORD, '192.0.2.1'))).toBe('RATE_LIMITED');
    // ...a forged device cookie too...
    expect(
      code(await signIn('meera@example.com', PASSWORD, '192.0.2.1', `${device.slice(0, -3)}AAA`)),
    ).toBe('RATE_LIMITED');
    // ...but the owner's browser signs in, from any address.
    const owner = await signIn('meera@example.com', PASSWORD, '203.0.113.77', device);
    expect(owner.data.signIn.next).toBe('DONE');
  });

  it('a known device has a counter of its own: its failures lock only it', async () => {
    await h.newCustomer('ravi@example.com', PASSWORD, 'Ravi');
    const device = deviceOf(await signIn('ravi@example.com', PASSWORD, '192.0.2.2'));
    expect(await fail('ravi@example.com', CAP, '198.18.11', device)).toEqual(
      Array(CAP).fill('UNAUTHENTICATED'),
    );
    expect(code(await signIn('ravi@example.com', PASSWORD, '192.0.2.2', device))).toBe(
      'RATE_LIMITED',
    );
    // Unknown clients were not locked by the device's failures.
    expect((await signIn('ravi@example.com', PASSWORD, '192.0.2.3')).data.signIn.next).toBe('DONE');
  });
});

describe('the failure cap under concurrency', () => {
  it('four times the cap of wrong passwords, all in flight at once: exactly the cap are checked, one lock-out, one mail', async () => {
    await h.newCustomer('kiran@example.com', PASSWORD, 'Kiran');
    const answers = await Promise.all(
      Array.from({ length: 4 * CAP }, (_, i) =>
        signIn('kiran@example.com', `wrong guess ${i}`, `198.18.12.${i}`),
      ),
    );
    const codes = answers.map(code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(CAP);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(3 * CAP);
    await h.settled();
    const userId = (
      await t.running.platform
        .sql`select id from rm_identity.users where email = 'kiran@example.com'`
    )[0]!.id;
    const locks = await t.running.platform
      .sql`select data from eventlog.events where type = 'AccountLockedOut' and data->>'userId' = ${userId}`;
    expect(locks.map((l) => l.data.failures)).toEqual([CAP]);
    expect(
      (await h.mailsTo('kiran@example.com')).filter((m) => /paused/.test(m.subject)),
    ).toHaveLength(1);
  });

  it('failures during a lock-out (a wrong current password while signed in) do not mail again', async () => {
    const signedIn = await h.newCustomer('sana@example.com', PASSWORD, 'Sana');
    await fail('sana@example.com', CAP, '198.18.13');
    const CHANGE = `mutation($input: ChangePasswordInput!){ changePassword(input:$input){ id } }`;
    for (let i = 0; i < 3; i++) {
      await h.gql(
        CHANGE,
        {
          input: {
            commandId: randomUUID(),
            currentPassword: `not it ${i}`,
            newPassword: 'another long phrase',
          },
        },
        { cookie: signedIn.cookie, ip: '198.18.13.200' },
      );
    }
    expect(
      (await h.mailsTo('sana@example.com')).filter((m) => /paused/.test(m.subject)),
    ).toHaveLength(1);
  });
});

describe('reset mails an attacker cannot use up', () => {
  it("requests from elsewhere do not use up the owner's: each address has its own three, the owner's browser its own", async () => {
    await h.newCustomer('dev@example.com', PASSWORD, 'Dev');
    const device = deviceOf(await signIn('dev@example.com', PASSWORD, '192.0.2.9'));
    const before = (await h.mailsTo('dev@example.com')).length;
    // One attacker address asks five times: three mails.
    for (let i = 0; i < 5; i++)
      expect(
        (await h.gql(FORGOT, { e: 'dev@example.com' }, { ip: '198.18.14.1' })).errors,
      ).toBeUndefined();
    expect((await h.mailsTo('dev@example.com')).length - before).toBe(3);
    // The owner, at another address, still gets a link.
    await h.gql(FORGOT, { e: 'dev@example.com' }, { ip: '192.0.2.10' });
    expect((await h.mailsTo('dev@example.com')).length - before).toBe(4);
    // Many attacker addresses fill the unknown clients' ten...
    for (let i = 0; i < 12; i++)
      await h.gql(FORGOT, { e: 'dev@example.com' }, { ip: `198.18.15.${i}` });
    expect((await h.mailsTo('dev@example.com')).length - before).toBe(10);
    // ...and the owner's own browser still gets one.
    await h.gql(FORGOT, { e: 'dev@example.com' }, { ip: '192.0.2.11', cookie: device });
    expect((await h.mailsTo('dev@example.com')).length - before).toBe(11);
  });
});
