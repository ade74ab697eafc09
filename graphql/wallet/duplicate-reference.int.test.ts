import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';

const REQUEST = `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`;
const APPROVE = `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id status } }`;
const REJECT = `mutation($input: RejectTopUpInput!) { rejectTopUp(input: $input) { id status } }`;
const LIST = `query($s: String) { topUps(filter: { search: $s }) { items { id reference duplicateOf { id status reference customerName } } } }`;
const proof = { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };

let t: TestPlatform;
let asha: { id: string; cookie: string };
let ravi: { id: string; cookie: string };
let admin: string;

const request = async (who: { cookie: string }, reference: string, amount = '1000.00') => {
  const res = await t.gql(
    REQUEST,
    { input: { commandId: randomUUID(), amount, method: 'BANK_TRANSFER', reference, proof } },
    who.cookie,
  );
  expect(res.errors).toBeUndefined();
  return res.data.requestTopUp.id as string;
};
const approve = (topUpId: string, confirmDuplicateOf?: string[]) =>
  t.gql(
    APPROVE,
    {
      input: {
        commandId: randomUUID(),
        topUpId,
        ...(confirmDuplicateOf ? { confirmDuplicateOf } : {}),
      },
    },
    admin,
  );
const balance = async (who: { cookie: string }) =>
  (await t.gql(`{ wallet { balance } }`, {}, who.cookie)).data.wallet.balance;

beforeAll(async () => {
  t = await startTestPlatform();
  asha = await t.customer('asha.dup@example.com', 'Asha Dup');
  ravi = await t.customer('ravi.dup@example.com', 'Ravi Dup');
  admin = await t.signIn(ADMIN.email, ADMIN.password);
});
afterAll(async () => t?.close());

describe('a top-up reference used twice', () => {
  it('is flagged in the admin list, and approving it needs a confirmation naming the earlier request', async () => {
    const first = await request(asha, 'UTR 777001');
    expect((await approve(first)).data.approveTopUp.status).toBe('APPROVED');
    // Another customer, the same UTR spelt differently.
    const repeat = await request(ravi, ' utr777001 ');

    const list = (await t.gql(LIST, { s: '777001' }, admin)).data.topUps.items;
    expect(list.find((i: { id: string }) => i.id === repeat).duplicateOf).toEqual([
      { id: first, status: 'APPROVED', reference: 'UTR 777001', customerName: 'Asha Dup' },
    ]);
    expect(list.find((i: { id: string }) => i.id === first).duplicateOf).toEqual([]);
    // The customer never sees the other customer's request.
    const own = (await t.gql(LIST, {}, ravi.cookie)).data.topUps.items;
    expect(own.find((i: { id: string }) => i.id === repeat).duplicateOf).toEqual([]);

    const plain = await approve(repeat);
    expect(plain.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(plain.errors![0].message).toContain(first);
    const wrong = await approve(repeat, [randomUUID()]);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(wrong.errors![0].message).toContain(first);
    expect(await balance(ravi)).toBe('0.00');

    const confirmed = await approve(repeat, [first]);
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data.approveTopUp.status).toBe('APPROVED');
    expect(await balance(ravi)).toBe('1000.00');
  });

  it('a pending earlier request counts, a rejected one does not; the first of two pending ones is not a repeat', async () => {
    const a = await request(asha, 'HASH-0xABC');
    const b = await request(ravi, 'hash-0xabc');
    const byId = async () =>
      new Map(
        (await t.gql(LIST, { s: '0xabc' }, admin)).data.topUps.items.map(
          (i: { id: string; duplicateOf: { id: string }[] }) => [
            i.id,
            i.duplicateOf.map((d) => d.id),
          ],
        ),
      );
    expect((await byId()).get(b)).toEqual([a]);
    expect((await byId()).get(a)).toEqual([]);
    expect((await approve(b)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(
      (
        await t.gql(
          REJECT,
          { input: { commandId: randomUUID(), topUpId: a, reason: 'duplicate proof' } },
          admin,
        )
      ).errors,
    ).toBeUndefined();
    expect((await byId()).get(b)).toEqual([]);
    // A confirmation naming a request that no longer counts is refused too.
    expect((await approve(b, [a])).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await approve(b)).data.approveTopUp.status).toBe('APPROVED');
  });

  it('references that only look alike are not repeats', async () => {
    // Different references never match, even when one contains the other.
    const x = await request(asha, 'UTR-55');
    const y = await request(asha, 'UTR-555');
    expect((await approve(x)).errors).toBeUndefined();
    expect((await approve(y)).errors).toBeUndefined();
  });
});
