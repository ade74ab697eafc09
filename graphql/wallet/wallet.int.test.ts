import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';

const REQUEST = `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id amount status method reference proof { url contentType size } customer { email } } }`;
const APPROVE = `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id status decidedBy } }`;
const REJECT = `mutation($input: RejectTopUpInput!) { rejectTopUp(input: $input) { id status rejectionReason } }`;
const WALLET = `query { wallet { balance entries { amount balanceAfter kind eventId description } } }`;

const proof = { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
const topUpInput = (over: Record<string, unknown> = {}) => ({
  commandId: randomUUID(),
  amount: '1500.00',
  method: 'BANK_TRANSFER',
  reference: 'UTR-000123',
  proof,
  ...over,
});

let t: TestPlatform;
let customer: { id: string; cookie: string };
let other: { id: string; cookie: string };
let admin: string;

const eventCount = async () =>
  Number((await t.running.platform.sql`select count(*)::int as n from eventlog.events`)[0]!.n);

beforeAll(async () => {
  t = await startTestPlatform();
  customer = await t.customer('asha@example.com', 'Asha Verma');
  other = await t.customer('ravi@example.com', 'Ravi Kumar');
  admin = await t.signIn(ADMIN.email, ADMIN.password);
});
afterAll(async () => t?.close());

describe('wallet top-ups over GraphQL', () => {
  it('customer requests a top-up with a proof; it shows as pending and moves no money', async () => {
    const res = await t.gql(REQUEST, { input: topUpInput() }, customer.cookie);
    expect(res.errors).toBeUndefined();
    expect(res.data.requestTopUp).toMatchObject({
      amount: '1500.00',
      status: 'PENDING',
      method: 'BANK_TRANSFER',
      proof: { contentType: 'image/png' },
    });
    expect((await t.gql(WALLET, {}, customer.cookie)).data.wallet.balance).toBe('0.00');
  });

  it('serves each method’s label from the domain: on a top-up and in the list of methods', async () => {
    const req = (
      await t.gql(
        `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { method methodLabel } }`,
        { input: topUpInput({ reference: 'UTR-LABEL' }) },
        customer.cookie,
      )
    ).data.requestTopUp;
    expect(req).toEqual({ method: 'BANK_TRANSFER', methodLabel: 'Bank transfer' });
    const methods = (await t.gql(`query { paymentMethods { method label } }`, {}, admin)).data
      .paymentMethods;
    expect(methods).toEqual([
      { method: 'BANK_TRANSFER', label: 'Bank transfer' },
      { method: 'CRYPTO', label: 'Crypto' },
    ]);
    expect(
      (await t.gql(`query { paymentMethods { method } }`, {})).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
    // The operator offers crypto (its default settings): its payment details list both methods.
    const details = (
      await t.gql(
        `query { topUpPaymentDetails { cryptoEnabled methods { method label } } }`,
        {},
        customer.cookie,
      )
    ).data.topUpPaymentDetails;
    expect(details).toEqual({ cryptoEnabled: true, methods });
  });

  it('refuses bad input with field-level errors and writes nothing', async () => {
    const before = await eventCount();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ amount: 'abc' }, ['amount']],
      [{ amount: '1e5' }, ['amount']],
      [{ amount: 'NaN' }, ['amount']],
      [{ amount: '100.001' }, ['amount']],
      [{ amount: '-100.00' }, ['amount']],
      [{ amount: '99.99' }, ['amount']],
      [{ amount: '500000.01' }, ['amount']],
      [{ reference: '' }, ['reference']],
      [{ reference: 'x\u0000y' }, ['reference']],
      [{ proof: { ...proof, contentType: 'text/html' } }, ['proof', 'contentType']],
      [
        {
          proof: { ...proof, base64: Buffer.from('<script>alert(1)</script>').toString('base64') },
        },
        ['proof', 'contentType'],
      ],
      [
        { proof: { ...proof, base64: Buffer.alloc(5 * 1024 * 1024 + 10, 1).toString('base64') } },
        ['proof', 'base64'],
      ],
    ];
    for (const [over, path] of cases) {
      const res = await t.gql(REQUEST, { input: topUpInput(over) }, customer.cookie);
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(over).slice(0, 80)).toBe(
        'BAD_USER_INPUT',
      );
      expect(
        res.errors![0].extensions.issues.map((i: { path: string[] }) => i.path),
      ).toContainEqual(path);
    }
    // Money as a JSON number is refused by the Decimal scalar before any resolver runs.
    const numeric = await t.gql(REQUEST, { input: topUpInput({ amount: 1500 }) }, customer.cookie);
    expect(numeric.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(numeric.errors?.[0]?.message).toMatch(/Decimal must be sent as a string/);
    expect(await eventCount()).toBe(before);
  });

  it('admin approves: the wallet is credited once, the ledger shows the running balance and the customer gets a mail', async () => {
    const req = (
      await t.gql(
        REQUEST,
        { input: topUpInput({ amount: '2500.50', reference: 'UTR-APPROVE' }) },
        customer.cookie,
      )
    ).data.requestTopUp;
    const list = await t.gql(
      `query { topUps(filter: { status: PENDING, search: "UTR-APPROVE" }) { total items { id customer { email } } } }`,
      {},
      admin,
    );
    expect(list.data.topUps.items.map((i: { id: string }) => i.id)).toEqual([req.id]);
    expect(list.data.topUps.items[0].customer.email).toBe('asha@example.com');
    const approved = await t.gql(
      APPROVE,
      { input: { commandId: randomUUID(), topUpId: req.id } },
      admin,
    );
    expect(approved.data.approveTopUp.status).toBe('APPROVED');
    const wallet = (await t.gql(WALLET, {}, customer.cookie)).data.wallet;
    expect(wallet.balance).toBe('2500.50');
    // The label comes from domain/wallet/payment-methods.ts, the table keeps the method's code.
    expect(wallet.entries).toMatchObject([
      {
        amount: '2500.50',
        balanceAfter: '2500.50',
        kind: 'CREDIT',
        description: 'Wallet top-up · Bank transfer · ref UTR-APPROVE',
      },
    ]);
    const [stored] = await t.running.platform
      .sql`select description, top_up_method, top_up_reference from rm_wallet.ledger_entries where event_id = ${wallet.entries[0].eventId}`;
    expect(stored).toEqual({
      description: '',
      top_up_method: 'BANK_TRANSFER',
      top_up_reference: 'UTR-APPROVE',
    });
    const traced = await t.gql(
      `query($id: ID!) { tracedEvent(eventId: $id) { type chainValid data } }`,
      { id: wallet.entries[0].eventId },
      customer.cookie,
    );
    expect(traced.data.tracedEvent).toMatchObject({ type: 'TopUpApproved', chainValid: true });
    let mails: { to: string; subject: string }[] = [];
    for (let i = 0; i < 100 && mails.length === 0; i++) {
      mails = (await t.gql(`query { outbox { to subject } }`, {}, admin)).data.outbox;
      if (mails.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(mails).toContainEqual({
      to: 'asha@example.com',
      subject: 'AkashOne.com: ₹2,500.50 added to your wallet',
    });
  });

  it('a request is decided once, even when admins click at the same time', async () => {
    const req = (await t.gql(REQUEST, { input: topUpInput({ amount: '700.00' }) }, customer.cookie))
      .data.requestTopUp;
    const before = (await t.gql(WALLET, {}, customer.cookie)).data.wallet.balance;
    const clicks = await Promise.all([
      ...Array.from({ length: 6 }, () =>
        t.gql(APPROVE, { input: { commandId: randomUUID(), topUpId: req.id } }, admin),
      ),
      ...Array.from({ length: 4 }, () =>
        t.gql(
          REJECT,
          { input: { commandId: randomUUID(), topUpId: req.id, reason: 'not received' } },
          admin,
        ),
      ),
    ]);
    const wins = clicks.filter((c) => !c.errors);
    expect(wins).toHaveLength(1);
    for (const c of clicks.filter((c) => c.errors))
      expect(c.errors![0].extensions.code).toBe('CONFLICT');
    const after = (await t.gql(WALLET, {}, customer.cookie)).data.wallet.balance;
    const credited = wins[0]!.data.approveTopUp ? 700 : 0;
    expect(Number(after) - Number(before)).toBeCloseTo(credited, 2);
  });

  it('the same commandId gives one effect and the first answer; with other input it is refused', async () => {
    const input = topUpInput({ amount: '333.00' });
    const [a, b] = await Promise.all([
      t.gql(REQUEST, { input }, customer.cookie),
      t.gql(REQUEST, { input }, customer.cookie),
    ]);
    expect(a.data.requestTopUp.id).toBe(b.data.requestTopUp.id);
    const again = await t.gql(REQUEST, { input }, customer.cookie);
    expect(again.data.requestTopUp.id).toBe(a.data.requestTopUp.id);
    const mine = await t.gql(
      `query { topUps(filter: { search: "UTR-000123" }) { items { id amount } } }`,
      {},
      customer.cookie,
    );
    expect(
      mine.data.topUps.items.filter((i: { amount: string }) => i.amount === '333.00'),
    ).toHaveLength(1);
    const changed = await t.gql(
      REQUEST,
      { input: { ...input, amount: '334.00' } },
      customer.cookie,
    );
    expect(changed.errors![0].extensions.code).toBe('CONFLICT');
  });

  it('two customers may use the same commandId: each gets their own top-up', async () => {
    const commandId = randomUUID();
    const mine = await t.gql(
      REQUEST,
      { input: topUpInput({ commandId, amount: '410.00' }) },
      customer.cookie,
    );
    const theirs = await t.gql(
      REQUEST,
      { input: topUpInput({ commandId, amount: '420.00' }) },
      other.cookie,
    );
    expect(mine.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    expect(mine.data.requestTopUp.id).not.toBe(theirs.data.requestTopUp.id);
    expect(theirs.data.requestTopUp).toMatchObject({
      amount: '420.00',
      customer: { email: 'ravi@example.com' },
    });
  });

  it('rejection records the reason; the statement as of before a credit shows the old balance', async () => {
    const req = (await t.gql(REQUEST, { input: topUpInput({ amount: '900.00' }) }, customer.cookie))
      .data.requestTopUp;
    const rejected = await t.gql(
      REJECT,
      { input: { commandId: randomUUID(), topUpId: req.id, reason: 'No credit for this UTR' } },
      admin,
    );
    expect(rejected.data.rejectTopUp).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'No credit for this UTR',
    });
    const past = await t.gql(
      `query { walletStatement(asOf: "2020-01-01T00:00:00Z") { balance entries { amount } } }`,
      {},
      customer.cookie,
    );
    expect(past.data.walletStatement).toEqual({ balance: '0.00', entries: [] });
    const nowStatement = await t.gql(
      `query($at: DateTime!) { walletStatement(asOf: $at) { balance totalCredits totalDebits } }`,
      { at: new Date(Date.now() + 60_000).toISOString() },
      customer.cookie,
    );
    expect(nowStatement.data.walletStatement.balance).toBe(
      (await t.gql(WALLET, {}, customer.cookie)).data.wallet.balance,
    );
  });
});

describe('access', () => {
  it('the ledger comes newest first, or from the wallet’s first entry with oldestFirst (not the newest reversed)', async () => {
    const buyer = await t.customer('ledger-order@example.com', 'Ledger Order');
    for (const amount of ['101.00', '102.00', '103.00']) {
      const input = topUpInput({ amount, reference: `UTR-ORDER-${amount}` });
      const req = (await t.gql(REQUEST, { input }, buyer.cookie)).data.requestTopUp;
      const approved = await t.gql(
        APPROVE,
        { input: { commandId: randomUUID(), topUpId: req.id } },
        admin,
      );
      expect(approved.data.approveTopUp.status).toBe('APPROVED');
    }
    const amounts = async (first: number, oldestFirst?: boolean) =>
      (
        await t.gql(
          `query($first: Int, $oldestFirst: Boolean) { wallet { entries(first: $first, oldestFirst: $oldestFirst) { amount } } }`,
          { first, oldestFirst },
          buyer.cookie,
        )
      ).data.wallet.entries.map((e: { amount: string }) => e.amount);
    expect(await amounts(10)).toEqual(['103.00', '102.00', '101.00']);
    expect(await amounts(2)).toEqual(['103.00', '102.00']);
    expect(await amounts(2, true)).toEqual(['101.00', '102.00']);
    expect(await amounts(2, false)).toEqual(['103.00', '102.00']);
  });

  it('a customer calling an admin mutation is FORBIDDEN; anonymous is UNAUTHENTICATED; unknown ids are NOT_FOUND', async () => {
    const req = (await t.gql(REQUEST, { input: topUpInput() }, customer.cookie)).data.requestTopUp;
    expect(
      (
        await t.gql(
          APPROVE,
          { input: { commandId: randomUUID(), topUpId: req.id } },
          customer.cookie,
        )
      ).errors![0].extensions.code,
    ).toBe('FORBIDDEN');
    expect((await t.gql(WALLET)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(
      (await t.gql(APPROVE, { input: { commandId: randomUUID(), topUpId: randomUUID() } }, admin))
        .errors![0].extensions.code,
    ).toBe('NOT_FOUND');
    expect(
      (await t.gql(`query($id: ID!) { topUp(id: $id) { id } }`, { id: req.id }, other.cookie))
        .errors![0].extensions.code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await t.gql(
          `query($id: ID!) { wallet(customerId: $id) { balance } }`,
          { id: customer.id },
          other.cookie,
        )
      ).errors![0].extensions.code,
    ).toBe('NOT_FOUND');
  });

  it('serves a proof to its owner and admins only', async () => {
    const req = (await t.gql(REQUEST, { input: topUpInput() }, customer.cookie)).data.requestTopUp;
    const get = (cookie?: string) =>
      t.running.app.inject({
        method: 'GET',
        url: req.proof.url,
        headers: cookie ? { cookie } : {},
      });
    const own = await get(customer.cookie);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.rawPayload.equals(Buffer.from(DEMO_PROOF_PNG, 'base64'))).toBe(true);
    expect((await get(admin)).statusCode).toBe(200);
    expect((await get(other.cookie)).statusCode).toBe(404);
    expect((await get()).statusCode).toBe(401);
  });

  it('sign-in answers the same for a wrong password and an unknown account', async () => {
    const q = `mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ id } }`;
    const wrong = await t.gql(q, { e: 'asha@example.com', p: 'not-the-password' });
    const unknown = await t.gql(q, { e: 'nobody@example.com', p: 'not-the-password' });
    expect(wrong.errors![0]).toMatchObject({
      message: 'Wrong email or password.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
  });
});

describe('GraphQL limits', () => {
  it('refuses two sign-in fields in one operation, batched queries, deep queries and simple (CSRF-able) requests', async () => {
    const two = await t.gql(
      `mutation { a: signIn(email:"a@b.co", password:"x") { id } b: signIn(email:"a@b.co", password:"y") { id } }`,
    );
    expect(two.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const batch = await t.running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([{ query: '{ ok }' }, { query: '{ ok }' }]),
    });
    expect(batch.statusCode).toBeGreaterThanOrEqual(400);
    expect(batch.statusCode).toBeLessThan(500);
    const deep = await t.gql(
      `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }`,
    );
    expect(deep.errors?.length).toBeGreaterThan(0);
    const csrf = await t.running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ query: '{ ok }' }),
    });
    expect(csrf.statusCode).toBeGreaterThanOrEqual(400);
    expect(csrf.statusCode).toBeLessThan(500);
  });

  it('reports health with projection lag', async () => {
    const res = await t.running.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      eventStore: { kind: 'postgres', status: 'ok' },
    });
  });
});
