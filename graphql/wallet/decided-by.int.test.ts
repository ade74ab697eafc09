import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';

const REQUEST = `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`;
const proof = { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
const request = (amount: string) => ({
  commandId: randomUUID(),
  amount,
  method: 'BANK_TRANSFER',
  reference: `UTR-${randomUUID().slice(0, 8)}`,
  proof,
});

let t: TestPlatform;
let customer: { id: string; cookie: string };
let admin: string;
let adminId: string;

beforeAll(async () => {
  t = await startTestPlatform();
  customer = await t.customer('meera@example.com', 'Meera Iyer');
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  adminId = (await t.gql('{ me { id } }', {}, admin)).data.me.id;
});
afterAll(async () => t?.close());

/** Every string the customer's answer holds, so no field (nor JSON inside one) can carry the staff's id or email. */
const leaks = (answer: unknown) => {
  const text = JSON.stringify(answer);
  return [adminId, ADMIN.email].filter((secret) => text.includes(secret));
};

describe('who decided a top-up, as the customer sees it', () => {
  it('the customer sees the staff member by name only, in the list, the request and the traced event; admins still see who', async () => {
    const approved = (await t.gql(REQUEST, { input: request('1200.00') }, customer.cookie)).data
      .requestTopUp.id;
    const rejected = (await t.gql(REQUEST, { input: request('1300.00') }, customer.cookie)).data
      .requestTopUp.id;
    expect(
      (
        await t.gql(
          `mutation($i: ApproveTopUpInput!) { approveTopUp(input: $i) { id } }`,
          { i: { commandId: randomUUID(), topUpId: approved } },
          admin,
        )
      ).errors,
    ).toBeUndefined();
    expect(
      (
        await t.gql(
          `mutation($i: RejectTopUpInput!) { rejectTopUp(input: $i) { id } }`,
          { i: { commandId: randomUUID(), topUpId: rejected, reason: 'no such credit' } },
          admin,
        )
      ).errors,
    ).toBeUndefined();

    const list = await t.gql(`{ topUps { items { id status decidedBy } } }`, {}, customer.cookie);
    expect(list.data.topUps.items).toEqual(
      expect.arrayContaining([
        { id: approved, status: 'APPROVED', decidedBy: 'Administrator' },
        { id: rejected, status: 'REJECTED', decidedBy: 'Administrator' },
      ]),
    );
    expect(leaks(list)).toEqual([]);
    const one = await t.gql(
      `query($id: ID!) { topUp(id: $id) { decidedBy } }`,
      { id: rejected },
      customer.cookie,
    );
    expect(one.data.topUp.decidedBy).toBe('Administrator');

    const wallet = await t.gql(`{ wallet { entries { eventId } } }`, {}, customer.cookie);
    const traced = await t.gql(
      `query($id: ID!) { tracedEvent(eventId: $id) { type chainValid data metadata } }`,
      { id: wallet.data.wallet.entries[0].eventId },
      customer.cookie,
    );
    expect(traced.data.tracedEvent).toMatchObject({ type: 'TopUpApproved', chainValid: true });
    expect(JSON.parse(traced.data.tracedEvent.data).approvedBy).toBe('Administrator');
    expect(leaks(traced)).toEqual([]);

    // The admin's own trace of the same event keeps the ids an auditor follows.
    const asAdmin = await t.gql(
      `query($id: ID!) { tracedEvent(eventId: $id) { data } }`,
      { id: wallet.data.wallet.entries[0].eventId },
      admin,
    );
    expect(JSON.parse(asAdmin.data.tracedEvent.data).approvedBy).toBe(adminId);
  });

  it('a decision by someone the customer cannot see by name shows no id', async () => {
    const id = (await t.gql(REQUEST, { input: request('1400.00') }, customer.cookie)).data
      .requestTopUp.id;
    // A decision recorded under an id with no user row (a removed account, an automation).
    await t.running.platform
      .sql`update rm_wallet.top_ups set status = 'REJECTED', decided_by = ${randomUUID()}, decided_at = now() where id = ${id}`;
    const one = await t.gql(
      `query($id: ID!) { topUp(id: $id) { decidedBy } }`,
      { id },
      customer.cookie,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data.topUp.decidedBy).toBeNull();
  });
});
