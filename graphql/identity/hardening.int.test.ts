import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { accountTesting } from '../../server/testing/accounts.ts';

let t: TestPlatform;
let h: ReturnType<typeof accountTesting>;
const PASSWORD = 'a long secret phrase';
const signIn = (email: string, password: string, ip: string) =>
  h.gql(h.SIGN_IN, { e: email, p: password }, { ip });

/** 100 wrong passwords for `email`, spread over four addresses so no address reaches its own cap. */
async function fail100(email: string, net: string) {
  const answers = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const res = await signIn(email, `wrong guess number ${i}`, `${net}.${i % 4}`);
    answers.add(`${res.errors![0]!.extensions.code}: ${res.errors![0]!.message}`);
  }
  return answers;
}

beforeAll(async () => {
  t = await startTestPlatform();
  h = accountTesting(t);
});
afterAll(async () => t?.close());

describe('failure caps and lock-out', () => {
  it('after 100 failures in an hour the account is locked out (an event), its owner mailed, and the right password refused', async () => {
    await h.newCustomer('priya@example.com', PASSWORD, 'Priya');
    const answers = await fail100('priya@example.com', '192.0.2');
    expect([...answers]).toEqual(['UNAUTHENTICATED: Wrong email or password.']);
    const [locked] = await t.running.platform
      .sql`select data from eventlog.events where type = 'AccountLockedOut'`;
    expect(locked!.data).toMatchObject({ failures: 100 });
    expect(Date.parse(locked!.data.until) - Date.now()).toBeGreaterThan(59 * 60_000);
    // The mail is queued right after the refusal answered; give the outbox a moment to show it.
    await expect
      .poll(async () => (await h.mailsTo('priya@example.com')).at(-1)!.subject, { timeout: 5000 })
      .toMatch(/paused/);
    const mail = (await h.mailsTo('priya@example.com')).at(-1)!;
    expect(mail.subject).toBe('AkashOne.com: sign-in to your account is paused');
    expect(mail.body).toMatch(/100 failed attempts/);
    const right = await signIn('priya@example.com', PASSWORD, '192.0.2.200');
    expect(right.errors![0]!.extensions.code).toBe('RATE_LIMITED');
    expect(right.cookies.sid).toBeUndefined();
  });

  it('an unknown email locks out the same way with the same answer (no enumeration), and mails nobody', async () => {
    const answers = await fail100('nobody-at-all@example.com', '192.0.3');
    expect([...answers]).toEqual(['UNAUTHENTICATED: Wrong email or password.']);
    const unknown = await signIn('nobody-at-all@example.com', PASSWORD, '192.0.3.200');
    const known = await signIn('priya@example.com', PASSWORD, '192.0.3.201');
    expect(unknown.errors![0]).toEqual(known.errors![0]);
    expect(await h.mailsTo('nobody-at-all@example.com')).toEqual([]);
  });

  it('a password reset by mail lifts the lock-out', async () => {
    await h.gql(
      `mutation { requestPasswordReset(email: "priya@example.com") { email } }`,
      {},
      { ip: '192.0.2.250' },
    );
    const token = await h.tokenFor('priya@example.com', '/reset-password');
    const reset = await h.gql(
      `mutation($t:String!){ resetPassword(token:$t, password:"a new long secret phrase"){ email } }`,
      { t: token },
      { ip: '192.0.2.250' },
    );
    expect(reset.errors).toBeUndefined();
    expect(
      (await signIn('priya@example.com', 'a new long secret phrase', '192.0.2.251')).data.signIn
        .next,
    ).toBe('DONE');
  });

  it('one address is refused after 100 failures an hour, across accounts, even with a right password', async () => {
    await h.newCustomer('ajay@example.com', PASSWORD, 'Ajay');
    const ip = '198.18.0.1';
    for (let i = 0; i < 100; i++) {
      const res = await signIn(`guess${i % 10}@example.com`, 'wrong guess', ip);
      expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
    const refused = await signIn('ajay@example.com', PASSWORD, ip);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(refused.errors![0]!.message).toMatch(/network/);
    // Link guessing from that address is refused too; other addresses are not affected.
    expect((await h.gql(h.VERIFY, { t: 'x'.repeat(75) }, { ip })).errors![0]!.extensions.code).toBe(
      'RATE_LIMITED',
    );
    expect((await signIn('ajay@example.com', PASSWORD, '198.18.0.2')).data.signIn.next).toBe(
      'DONE',
    );
  });

  it('guessed link tokens count as failures of the address', async () => {
    const ip = '198.18.1.1';
    for (let i = 0; i < 100; i++) {
      const res = await h.gql(
        `mutation($t:String!){ resetPassword(token:$t, password:"a long secret phrase 2"){ email } }`,
        { t: `${'0'.repeat(32)}${String(i).padStart(43, 'A')}` },
        { ip },
      );
      expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    }
    expect((await h.gql(h.VERIFY, { t: 'anything' }, { ip })).errors![0]!.extensions.code).toBe(
      'RATE_LIMITED',
    );
  });

  it('resetPassword checks the link before the password rules: a real user id answers like a made-up one', async () => {
    const RESET = `mutation($t:String!,$p:String!){ resetPassword(token:$t, password:$p){ email } }`;
    const { id } = await h.newCustomer('tara@example.com', PASSWORD, 'Tara');
    const forged = (userId: string) => `${userId.replace(/-/g, '')}${'B'.repeat(43)}`;
    // A password built from the email breaks the rules for Tara only.
    const weak = 'tara@example.com-2026';
    const real = await h.gql(RESET, { t: forged(id), p: weak }, { ip: '198.18.2.1' });
    const madeUp = await h.gql(
      RESET,
      { t: forged('0f0e0d0c-0b0a-4908-8706-050403020100'), p: weak },
      { ip: '198.18.2.1' },
    );
    expect(real.errors![0]).toEqual(madeUp.errors![0]);
    expect(real.errors![0]!.extensions.issues![0]!.path).toEqual(['token']);
  });
});
