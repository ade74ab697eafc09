import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../server/testing/platform.ts';
import { MAX_FIELDS } from './limits.ts';

/** Issue 9, item 3: what one request may cost, counted before anything runs. */

let t: TestPlatform;
let customer: { id: string; cookie: string };
/** Read transactions opened through platform.sql (every resolver's SQL goes through readScoped's begin). */
let reads = 0;

beforeAll(async () => {
  t = await startTestPlatform();
  customer = await t.customer('asha@example.com', 'Asha Verma');
  const sql = t.running.platform.sql;
  t.running.platform.sql = new Proxy(sql, {
    get(target, key, receiver) {
      if (key === 'begin') reads++;
      return Reflect.get(target, key, receiver);
    },
  });
});
afterAll(async () => t?.close());

const post = (payload: string, cookie?: string) =>
  t.running.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    payload,
  });

const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `b${i}: brand { name }`).join(' ')} }`;

describe('GraphQL cost limit (fields × aliases)', () => {
  it('an alias bomb that fits the body limit is refused with QUERY_TOO_COMPLEX, each time (refused documents are not cached)', async () => {
    const bomb = aliases(1500); // 3,000 fields in ~30 KiB
    for (let i = 0; i < 2; i++) {
      const res = await post(JSON.stringify({ query: bomb }));
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.data).toBeNull();
      expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.errors[0].message).toContain('3000 fields');
    }
    // A page's worth still answers.
    expect((await t.gql(aliases(MAX_FIELDS / 2))).data.b0.name).toBeTruthy();
  });

  it("the review's 0.75 MB bomb of 15,000 aliases is refused before it is read (413)", async () => {
    const res = await post(JSON.stringify({ query: aliases(15_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('fragments are counted at every use', async () => {
    const fragment = `fragment F on Brand { ${Array.from({ length: 50 }, (_, i) => `n${i}: name`).join(' ')} }`;
    const query = `{ ${Array.from({ length: 30 }, (_, i) => `b${i}: brand { ...F }`).join(' ')} } ${fragment}`;
    expect((await t.gql(query)).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('bounded string arguments', () => {
  const SEARCH = 'query($f: TopUpFilter) { topUps(filter: $f) { total } }';

  it('a search over 200 characters is BAD_USER_INPUT naming the field, before any SQL', async () => {
    reads = 0;
    const answer = await t.gql(SEARCH, { f: { search: 'x'.repeat(201) } }, customer.cookie);
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: ['filter', 'search'], message: 'At most 200 characters.' }],
    });
    expect(answer.errors?.[0]?.message).toBe('At most 200 characters (filter.search).');
    const inline = await t.gql(
      `{ topUps(filter: { search: "${'y'.repeat(300)}" }) { total } }`,
      {},
      customer.cookie,
    );
    expect(inline.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(reads).toBe(0);
    // The same search at 200 characters reads (so the count above could have moved).
    expect(
      (await t.gql(SEARCH, { f: { search: 'x'.repeat(200) } }, customer.cookie)).data.topUps.total,
    ).toBe(0);
    expect(reads).toBeGreaterThan(0);
  });

  it('a 6 MB search is refused before any SQL', async () => {
    reads = 0;
    const res = await post(
      JSON.stringify({ query: SEARCH, variables: { f: { search: 'x'.repeat(6 * 1024 * 1024) } } }),
      customer.cookie,
    );
    expect(res.statusCode).toBe(413);
    expect(reads).toBe(0);
  });

  it('free text is bounded at 5,000 characters (a reason), names at 200', async () => {
    const admin = await t.signIn(ADMIN.email, ADMIN.password);
    const reject = await t.gql(
      'mutation($i: RejectTopUpInput!) { rejectTopUp(input: $i) { id } }',
      { i: { commandId: randomUUID(), topUpId: randomUUID(), reason: 'r'.repeat(5001) } },
      admin,
    );
    expect(reject.errors?.[0]?.extensions?.issues?.[0]?.path).toEqual(['input', 'reason']);
    const customers = await t.gql(
      'query($s: String) { customers(search: $s) { id } }',
      { s: 'a'.repeat(201) },
      admin,
    );
    expect(customers.errors?.[0]?.extensions?.issues?.[0]?.path).toEqual(['search']);
  });
});

describe('request body limit', () => {
  it('a 100 KiB plain mutation body is refused (413), signed in or not', async () => {
    const payload = JSON.stringify({
      query: 'mutation($pad: String) { signOut }',
      variables: { pad: 'p'.repeat(100 * 1024) },
    });
    for (const cookie of [undefined, customer.cookie]) {
      const res = await post(payload, cookie);
      expect(res.statusCode).toBe(413);
      expect(res.json().errors[0].extensions.code).toBe('BAD_REQUEST');
    }
  });

  it('a 4 MB payment proof still uploads', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4 * 1024 * 1024, 0x20)]);
    const answer = await t.gql(
      'mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id proof { size } } }',
      {
        input: {
          commandId: randomUUID(),
          amount: '1500.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR-4MB',
          proof: {
            fileName: 'proof.pdf',
            contentType: 'application/pdf',
            base64: pdf.toString('base64'),
          },
        },
      },
      customer.cookie,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.requestTopUp.proof.size).toBe(pdf.length);
  });

  it('an upload-sized body must be the file-carrying mutation alone', async () => {
    const big = 'x'.repeat(200 * 1024);
    const proof = {
      fileName: 'p.pdf',
      contentType: 'application/pdf',
      base64: Buffer.from(`%PDF-1.4 ${big}`).toString('base64'),
    };
    const input = {
      commandId: randomUUID(),
      amount: '100.00',
      method: 'BANK_TRANSFER',
      reference: 'UTR-MIX',
      proof,
    };
    const mixed = JSON.stringify({
      query: 'mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } signOut }',
      variables: { input },
    });
    expect((await post(mixed, customer.cookie)).statusCode).toBe(413);
  });
});
