import { randomUUID } from 'node:crypto';
import type { TestPlatform } from './platform.ts';
import { mailsInMailbox } from './mailbox.ts';

/** A GraphQL answer with the cookies it set. */
export interface Answer<T = any> {
  data: T;
  errors?: {
    message: string;
    extensions: { code: string; issues?: { path: string[]; message: string }[] };
  }[];
  status: number;
  cookies: Record<string, { value: string; attributes: Record<string, unknown> }>;
}

/**
 * Helpers for account tests: GraphQL over the real HTTP stack from a chosen address (rate
 * limits are per address), the mails as the recipient gets them (the local mailbox, DATA_DIR/mail),
 * and the link tokens in them.
 */
export function accountTesting(t: TestPlatform) {
  const sql = t.running.platform.sql;
  const gql = async <T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    opts: { cookie?: string; ip?: string; host?: string } = {},
  ): Promise<Answer<T>> => {
    const res = await t.running.app.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress: opts.ip ?? '198.51.100.1',
      headers: {
        'content-type': 'application/json',
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.host ? { host: opts.host } : {}),
      },
      payload: JSON.stringify({ query, variables }),
    });
    const cookies = Object.fromEntries(
      res.cookies.map((c) => [
        c.name,
        { value: c.value, attributes: c as unknown as Record<string, unknown> },
      ]),
    );
    return {
      ...(res.json() as { data: T; errors?: Answer['errors'] }),
      status: res.statusCode,
      cookies,
    };
  };

  /** Waits for work done after answers (registration, reset and resend mails) and the read models. */
  const settled = async () => {
    const { identity, projections, store } = t.running.platform;
    while (identity.inFlight?.size) await Promise.allSettled([...identity.inFlight]);
    await projections.waitFor(await store.headPosition(), 10_000);
  };

  /** Every mail to `to`, oldest first, read from the mailbox once each queued mail was delivered. */
  const mailsTo = async (to: string) => {
    await settled();
    const [queued] = await sql<
      { n: number }[]
    >`select count(*)::int as n from rm_mail.outbox where to_address = ${to}`;
    if (!queued!.n) return [];
    const mails = await mailsInMailbox(t.running.platform.mail.mailbox!, to, queued!.n);
    return mails.map((m) => ({ subject: m.subject, body: m.text }));
  };

  /** The token of the last link to `path` mailed to `to`. */
  const tokenFor = async (to: string, path: '/verify-email' | '/reset-password') => {
    const mails = await mailsTo(to);
    for (const mail of [...mails].reverse()) {
      const m = new RegExp(`https?://\\S+${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail.body);
      if (m) return m[1]!;
    }
    throw new Error(`no ${path} link mailed to ${to}`);
  };

  const eventCount = async () =>
    Number((await sql`select count(*)::int as n from eventlog.events`)[0]!.n);
  const sessionCookieOf = (a: Answer) => (a.cookies.sid ? `sid=${a.cookies.sid.value}` : null);

  const SIGN_IN = `mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next challenge viewer { id email } } }`;
  const REGISTER = `mutation($input: RegisterInput!){ register(input:$input){ email } }`;
  const VERIFY = `mutation($t:String!){ verifyEmail(token:$t){ email } }`;

  /** Registers through the public mutation, follows the mailed link and signs in; returns the cookie. */
  async function newCustomer(
    email: string,
    password = 'a fine long passphrase',
    name = 'Test Customer',
    ip = '198.51.100.50',
  ) {
    const reg = await gql(
      REGISTER,
      { input: { commandId: randomUUID(), email, name, password } },
      { ip },
    );
    if (reg.errors) throw new Error(reg.errors[0]!.message);
    const verified = await gql(VERIFY, { t: await tokenFor(email, '/verify-email') }, { ip });
    if (verified.errors) throw new Error(verified.errors[0]!.message);
    const signedIn = await gql(SIGN_IN, { e: email, p: password }, { ip });
    if (signedIn.errors) throw new Error(signedIn.errors[0]!.message);
    return {
      cookie: sessionCookieOf(signedIn)!,
      id: signedIn.data.signIn.viewer.id as string,
      password,
    };
  }

  return {
    gql,
    settled,
    mailsTo,
    tokenFor,
    eventCount,
    sessionCookieOf,
    newCustomer,
    SIGN_IN,
    REGISTER,
    VERIFY,
  };
}
