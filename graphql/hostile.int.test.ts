import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROOF_PNG } from '../server/demo.ts';
import { ADMIN, startTestPlatform, type TestPlatform } from '../server/testing/platform.ts';

/**
 * Survival suite 5 (issue 5): fast-check sends GraphQL operations with random and malicious
 * arguments (huge and non-finite numbers, unicode edge cases, injection strings, foreign ids,
 * wrong types, malformed documents and bodies) through the real HTTP stack. Never a 5xx, every
 * error carries a code the client can act on (never INTERNAL), and a refused mutation writes
 * nothing.
 */

const SEED = Number(process.env.FC_SEED ?? 31337);
const KNOWN = [
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
];

let t: TestPlatform;
const who: Record<'anonymous' | 'customer' | 'other' | 'admin', string | undefined> = {
  anonymous: undefined,
  customer: undefined,
  other: undefined,
  admin: undefined,
};
/** Ids that exist but belong to someone: the other customer's top-up and ledger entry, users. */
const foreign: string[] = [];

const proof = { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
/**
 * What a refused operation must not have written: wallet mutations touch only wallet streams, and
 * a refused sign-in must record no sign-in (reactors write mails meanwhile, and the identity
 * commands may record failed attempts on purpose, so the whole log is not the measure).
 */
const writesOf = async (operation: string) =>
  Number(
    (operation === 'signIn'
      ? await t.running.platform
          .sql`select count(*)::int as n from eventlog.events where type = 'UserSignedIn'`
      : await t.running.platform
          .sql`select count(*)::int as n from eventlog.events where stream_id like 'wallet-%'`)[0]!
      .n,
  );

beforeAll(async () => {
  t = await startTestPlatform();
  const a = await t.customer('asha@example.com', 'Asha Verma');
  const b = await t.customer('ravi@example.com', 'Ravi Kumar');
  who.customer = a.cookie;
  who.other = b.cookie;
  who.admin = await t.signIn(ADMIN.email, ADMIN.password);
  const REQUEST = `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`;
  const mine = (
    await t.gql(
      REQUEST,
      {
        input: {
          commandId: randomUUID(),
          amount: '1500.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR-1',
          proof,
        },
      },
      a.cookie,
    )
  ).data.requestTopUp.id;
  const theirs = (
    await t.gql(
      REQUEST,
      {
        input: {
          commandId: randomUUID(),
          amount: '900.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR-2',
          proof,
        },
      },
      b.cookie,
    )
  ).data.requestTopUp.id;
  await t.gql(
    `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }`,
    { input: { commandId: randomUUID(), topUpId: theirs } },
    who.admin,
  );
  const entry = (await t.gql(`query { wallet { entries { eventId } } }`, {}, b.cookie)).data.wallet
    .entries[0].eventId;
  foreign.push(mine, theirs, entry, a.id, b.id);
});
afterAll(async () => t?.close());

// ---- hostile values -------------------------------------------------------------------------------

const NASTY = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '-0.00',
  '0',
  '0.00',
  '0x10',
  '1_000',
  '100,00',
  '+100',
  '１００',
  '१००',
  '٣',
  '100.005',
  '99999999999999999999.99',
  '9'.repeat(400),
  ' 100.00 ',
  '100.00\u0000',
  '\u0000',
  'a\u0000b',
  "'; drop table eventlog.events; --",
  '" or 1=1 --',
  'admin@akashone.com',
  "admin'--@x.com",
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '<script>alert(1)</script>',
  '{ __schema { types { name } } }',
  '") { id } } mutation { signOut }#',
  '\\',
  '\\u0000',
  '%00',
  '../../etc/passwd',
  '\u202eRTL override',
  'مرحبا',
  '👩‍👩‍👧‍👦💸',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\ufeffBOM',
  '\u200b',
  'e\u0301',
  '\r\n\t',
  'x'.repeat(10_000),
  '00000000-0000-0000-0000-000000000000',
  '------------------------------------',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-04-01T10:00:00Z',
  '2026-02-30T10:00:00Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '2026-04-01T10:00:00+99:99',
  'BANK_TRANSFER',
  'CRYPTO',
  'PENDING',
  'image/png',
  'text/html',
  'aGVsbG8=',
  DEMO_PROOF_PNG,
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 20,
    }),
  }, // lone surrogates, NUL
  {
    weight: 1,
    arbitrary: fc.constantFrom('A'.repeat(200_000), '💥'.repeat(30_000), '\u0000'.repeat(1000)),
  },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 3, arbitrary: fc.nat().map((i) => foreign[i % foreign.length]!) },
);
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53 + 1,
    1.5,
    true,
    false,
    null,
    [],
    {},
    [null],
    { $gt: '' },
    { __proto__: { admin: true } },
  ),
  fc.double(),
  fc.integer(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 2, arbitrary: wrongType },
);
/** Mostly well-formed, so the refusal comes from deep inside rather than the first check. */
const maybe = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 2, arbitrary: good }, { weight: 1, arbitrary: value });

const requestInput = fc.record({
  commandId: maybe(fc.uuid()),
  amount: maybe(fc.constantFrom('150.00', '500000.00', '100.00')),
  method: maybe(fc.constantFrom('BANK_TRANSFER', 'CRYPTO')),
  reference: maybe(fc.constantFrom('UTR-42', 'NEFT/2026/01')),
  proof: maybe(
    fc.record({
      fileName: maybe(fc.constant('r.png')),
      contentType: maybe(fc.constant('image/png')),
      base64: maybe(fc.constant(DEMO_PROOF_PNG)),
    }),
  ),
});
const decideInput = fc.record({ commandId: maybe(fc.uuid()), topUpId: value });
const rejectInput = fc.record({
  commandId: maybe(fc.uuid()),
  topUpId: value,
  reason: maybe(fc.constant('not received')),
});

interface Operation {
  name: string;
  mutation: boolean;
  /** The document with variables, and a builder with the values written inline instead. */
  doc: string;
  inline: (v: Record<string, unknown>) => string;
  vars: Record<string, unknown>;
}

/** A GraphQL literal for any JS value (strings escaped as JSON, which GraphQL string syntax accepts). */
function literal(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  const fields = Object.entries(v as object).filter(([k]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k));
  return `{${fields.map(([k, x]) => `${k}: ${literal(x)}`).join(', ')}}`;
}

const op = (
  name: string,
  mutation: boolean,
  sig: string,
  call: string,
  select: string,
  vars: Record<string, unknown>,
): Operation => ({
  name,
  mutation,
  vars,
  doc: `${mutation ? 'mutation' : 'query'}${sig ? `(${sig})` : ''} { ${name}${call ? `(${call})` : ''} ${select} }`,
  inline: (v) =>
    `${mutation ? 'mutation' : 'query'} { ${name}${
      Object.keys(v).length
        ? `(${Object.entries(v)
            .map(([k, x]) => `${k}: ${literal(x)}`)
            .join(', ')})`
        : ''
    } ${select} }`,
});

const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  requestInput.map((input) =>
    op(
      'requestTopUp',
      true,
      '$input: RequestTopUpInput!',
      'input: $input',
      '{ id status amount }',
      { input },
    ),
  ),
  decideInput.map((input) =>
    op('approveTopUp', true, '$input: ApproveTopUpInput!', 'input: $input', '{ id status }', {
      input,
    }),
  ),
  rejectInput.map((input) =>
    op('rejectTopUp', true, '$input: RejectTopUpInput!', 'input: $input', '{ id status }', {
      input,
    }),
  ),
  fc
    .record({ email: maybe(fc.constantFrom('asha@example.com', ADMIN.email)), password: value })
    .map((v) =>
      op(
        'signIn',
        true,
        '$email: String!, $password: String!',
        'email: $email, password: $password',
        '{ id }',
        v,
      ),
    ),
  fc
    .record({ customerId: value })
    .map((v) =>
      op(
        'wallet',
        false,
        '$customerId: ID',
        'customerId: $customerId',
        '{ balance entries(first: 5) { amount eventId } }',
        v,
      ),
    ),
  fc
    .record({ id: value })
    .map((v) => op('topUp', false, '$id: ID!', 'id: $id', '{ id amount status }', v)),
  fc
    .record({
      filter: fc.oneof(
        fc.record({
          status: maybe(fc.constant('PENDING')),
          method: maybe(fc.constant('CRYPTO')),
          search: value,
        }),
        value,
      ),
      first: maybe(fc.integer()),
      offset: maybe(fc.integer()),
    })
    .map((v) =>
      op(
        'topUps',
        false,
        '$filter: TopUpFilter, $first: Int, $offset: Int',
        'filter: $filter, first: $first, offset: $offset',
        '{ total items { id } }',
        v,
      ),
    ),
  fc
    .record({ asOf: maybe(fc.constant('2026-04-01T10:00:00Z')), customerId: value })
    .map((v) =>
      op(
        'walletStatement',
        false,
        '$asOf: DateTime!, $customerId: ID',
        'asOf: $asOf, customerId: $customerId',
        '{ balance totalCredits entries { amount } }',
        v,
      ),
    ),
  fc
    .record({ eventId: value })
    .map((v) =>
      op('tracedEvent', false, '$eventId: ID!', 'eventId: $eventId', '{ id type chainValid }', v),
    ),
);

type Reply = { statusCode: number; body: string };
const post = (
  payload: string | Buffer,
  headers: Record<string, string> = {},
  cookie?: string,
): Promise<Reply> =>
  t.running.app
    .inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      payload,
    })
    .then((r) => ({ statusCode: r.statusCode, body: r.body }));

/** Never a 5xx; every GraphQL error has a code from the known set (never INTERNAL). */
function expectTyped(res: Reply, label: string) {
  expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  let body: { errors?: { message: string; extensions?: { code?: string } }[] } | null = null;
  try {
    body = JSON.parse(res.body);
  } catch {
    expect(res.statusCode, `${label}: a non-JSON answer must be a 4xx`).toBeGreaterThanOrEqual(400);
  }
  for (const e of body?.errors ?? [])
    expect(KNOWN, `${label}: ${JSON.stringify(e).slice(0, 300)}`).toContain(e.extensions?.code);
  if (res.statusCode >= 400 && body && !body.errors)
    expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  return body;
}

describe('hostile GraphQL input', () => {
  it('300 generated operations: never a 5xx, always a typed error, no write when refused', async () => {
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        operationArb,
        fc.constantFrom('anonymous', 'customer', 'other', 'admin', 'admin', 'customer'),
        fc.constantFrom('variables', 'variables', 'inline'),
        async (o, as, mode) => {
          const before = o.mutation ? await writesOf(o.name) : 0;
          const payload =
            mode === 'variables'
              ? JSON.stringify({ query: o.doc, variables: o.vars })
              : JSON.stringify({ query: o.inline(o.vars) });
          const res = await post(payload, {}, who[as as keyof typeof who]);
          const label = `${o.name} as ${as} (${mode}) ${fc.stringify(o.vars).slice(0, 200)}`;
          const body = expectTyped(res, label);
          for (const e of body?.errors ?? [])
            codes.set(e.extensions!.code!, (codes.get(e.extensions!.code!) ?? 0) + 1);
          if (o.mutation && (body?.errors?.length ?? 0) > 0)
            expect(await writesOf(o.name), `${label}: a refused mutation wrote events`).toBe(
              before,
            );
        },
      ),
      { numRuns: 300, seed: SEED, endOnFailure: true },
    );
    // The run reached past the first gate: refusals of several kinds, not only schema errors.
    for (const code of ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN'])
      expect(codes.get(code) ?? 0, `${code} never came up`).toBeGreaterThan(0);
  });

  it('raw documents with injected text: parse and validation errors are typed', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString,
        fc.constantFrom(
          'topUp(id: "%s") { id }',
          'signIn(email: "%s", password: "x") { id }',
          '%s',
          'wallet(customerId: %s) { balance }',
        ),
        async (s, shape) => {
          const query = `${shape.includes('signIn') ? 'mutation' : 'query'} { ${shape.replace('%s', s)} }`;
          const before = await writesOf(shape.includes('signIn') ? 'signIn' : 'wallet');
          expectTyped(
            await post(JSON.stringify({ query }), {}, who.admin),
            `raw ${JSON.stringify(query).slice(0, 200)}`,
          );
          expect(await writesOf(shape.includes('signIn') ? 'signIn' : 'wallet')).toBe(before);
        },
      ),
      { numRuns: 100, seed: SEED + 1, endOnFailure: true },
    );
  });

  it('a DateTime in year 0 is BAD_USER_INPUT, not INTERNAL (PostgreSQL has no year 0)', async () => {
    for (const asOf of ['0000-01-01T00:00:00Z', '0000-06-01T00:00:00+05:30']) {
      const variables = JSON.stringify({
        query: 'query($a: DateTime!) { walletStatement(asOf: $a) { balance } }',
        variables: { a: asOf },
      });
      const inline = JSON.stringify({ query: `{ walletStatement(asOf: "${asOf}") { balance } }` });
      for (const payload of [variables, inline]) {
        const body = expectTyped(await post(payload, {}, who.customer), asOf);
        expect(body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    }
  });

  it('malformed bodies and requests are 4xx or typed errors, never 5xx', async () => {
    const before = [await writesOf('wallet'), await writesOf('signIn')];
    const bodies: [string | Buffer, Record<string, string>?][] = [
      ['{'],
      [''],
      ['null'],
      ['[]'],
      ['"query"'],
      ['5'],
      ['{"query": 5}'],
      ['{"query": null}'],
      ['{"query": ""}'],
      ['{"query": {}}'],
      ['{"query": "{ ok }", "variables": "x"}'],
      ['{"query": "{ ok }", "variables": [1]}'],
      ['{"query": "{ ok }", "operationName": 7}'],
      ['{"query": "query A { ok } query B { ok }"}'],
      ['{"query": "query A { ok }", "operationName": "B"}'],
      ['[{"query": "{ ok }"}, {"query": "{ ok }"}]'],
      ['{"query": "{ ok }", "__proto__": {"admin": true}}'],
      ['{"query": "{ ok }", "constructor": {"prototype": {"x": 1}}}'],
      ['['.repeat(100_000) + ']'.repeat(100_000)],
      ['{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)],
      [JSON.stringify({ query: `{ ${'wallet { '.repeat(50)}balance${' }'.repeat(50)} }` })],
      [
        JSON.stringify({
          query: `mutation { ${Array.from({ length: 5 }, (_, i) => `a${i}: signIn(email: "a@b.c", password: "x") { id }`).join(' ')} }`,
        }),
      ],
      [
        JSON.stringify({
          query: `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: ok`).join(' ')} }`,
        }),
      ],
      [JSON.stringify({ query: '{ __schema { types { name } } }' })],
      [Buffer.from([0xff, 0xfe, 0x7b, 0x00])],
      [Buffer.from('{"query": "{ ok }"}\u0000')],
      ['\ufeff{"query": "{ ok }"}'],
      ['{"query": "{ ok }"}', { 'content-type': 'text/plain' }],
      ['query={ ok }', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['{"query": "{ ok }"}', { 'content-type': 'application/json; charset=utf-16' }],
      ['{"query": "{ ok }"}', { 'content-type': 'application/graphql' }],
      [
        JSON.stringify({ query: 'mutation { signOut }' }),
        { 'content-type': 'multipart/form-data; boundary=x' },
      ],
      [Buffer.alloc(8 * 1024 * 1024, 0x61)],
    ];
    for (const [payload, headers] of bodies) {
      for (const cookie of [undefined, who.admin]) {
        expectTyped(
          await post(payload, headers, cookie),
          `body ${String(payload).slice(0, 80)} ${JSON.stringify(headers ?? {})}`,
        );
      }
    }
    for (const url of [
      '/graphql?query={ok}',
      '/graphql?query=mutation{signOut}',
      '/graphql?query={',
      '/graphql?query=' + '%00',
      '/graphql?variables=%7B',
    ]) {
      for (const headers of [{}, { 'mercurius-require-preflight': 'true', cookie: who.admin! }]) {
        const res = await t.running.app.inject({ method: 'GET', url, headers });
        expectTyped({ statusCode: res.statusCode, body: res.body }, `GET ${url}`);
      }
    }
    expect([await writesOf('wallet'), await writesOf('signIn')]).toEqual(before);
  });
});
