import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  must,
  startTestPlatform,
  type TestPlatform,
} from '../../server/testing/platform.ts';
import { mailsInMailbox } from '../../server/testing/mailbox.ts';
import { seedService } from '../../graphql/services/testing.ts';
import { suspendService, unsuspendService } from '../../commands/services/lifecycle.ts';
import { AUTOMATION_ACTOR } from '../../commands/automation/work.ts';
import type { CommandContext } from '../../commands/shared/handler.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';

/**
 * The wallet and service mails on the real platform (read models, the reactors as the areas
 * register them, the sender, the local mailbox): a top-up request acknowledged; staff's hold
 * and release mail nothing; a non-payment suspension lifted mails "active again"; a
 * cancellation request is confirmed with its day.
 */

const EMAIL = 'meena@example.com';
const HOST = 'life-mail.example.com';
const BRAND = 'AkashOne.com';
const SERVICE_REASON = (op: string) =>
  `mutation($input: ServiceReasonInput!) { ${op}(input: $input) { status } }`;

let t: TestPlatform;
let admin: string;
let customer: { id: string; cookie: string };
let serviceId: string;

const system = (commandId: string): CommandContext => ({
  tenantId: 'akashone',
  actor: AUTOMATION_ACTOR,
  commandId,
  correlationId: commandId,
  causationId: commandId,
});

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  customer = await t.customer(EMAIL, 'Meena Pillai');
  const platform = t.running.platform;
  const seeded = await seedService(
    platform.store,
    platform.services.sealKey,
    'akashone',
    customer.id,
    { status: 'ACTIVE', hostname: HOST },
  );
  serviceId = seeded.serviceId;
  await platform.projections.waitFor(seeded.position, 20_000);
}, 120_000);
afterAll(async () => t?.close());

describe('wallet and service mails on the platform', () => {
  it('a top-up request is acknowledged to the customer with its amount and reference', async () => {
    await must(
      t.gql(
        `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`,
        {
          input: {
            commandId: randomUUID(),
            amount: '2500.00',
            method: 'BANK_TRANSFER',
            reference: 'UTR-LIFE-1',
            proof: { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG },
          },
        },
        customer.cookie,
      ),
    );
    const [mail] = await mailsInMailbox(t.running.platform.mail.mailbox!, EMAIL, 1, 20_000);
    expect(mail!.subject).toBe(`${BRAND}: we received your top-up request of ₹2,500.00`);
    expect(mail!.text).toContain('(bank transfer, reference UTR-LIFE-1)');
    expect(mail!.text).toMatch(/https?:\/\/\S+\/wallet\n/);
  });

  it("staff's hold mails nothing; a non-payment suspension lifted mails 'active again'; a cancellation is confirmed", async () => {
    const reason = (r: string) => ({ commandId: randomUUID(), serviceId, reason: r });
    await must(t.gql(SERVICE_REASON('suspendService'), { input: reason('staff hold') }, admin));
    await must(t.gql(SERVICE_REASON('unsuspendService'), { input: reason('released') }, admin));
    const deps = {
      store: t.running.platform.store,
      now: () => new Date(),
      ...t.running.platform.services,
    };
    await suspendService(deps, system(`test-suspend:${serviceId}`), {
      serviceId,
      kind: 'NON_PAYMENT',
      reason: 'The invoice is unpaid',
    });
    await unsuspendService(deps, system(`test-unsuspend:${serviceId}`), {
      serviceId,
      reason: 'The invoice is paid',
    });
    await must(
      t.gql(
        `mutation($input: RequestCancellationInput!) { requestCancellation(input: $input) { status } }`,
        {
          input: {
            commandId: randomUUID(),
            serviceId,
            when: 'END_OF_PERIOD',
            reason: 'Moving elsewhere',
          },
        },
        customer.cookie,
      ),
    );
    const dir = t.running.platform.mail.mailbox!;
    const active = `${BRAND}: your server ${HOST} is active again`;
    const confirmed = `${BRAND}: cancellation of ${HOST} confirmed`;
    // The top-up acknowledgement, unsuspended and the cancellation; the suspension's own mail
    // (renewal-mail.ts) may come in any order, or not at all once the service is active again.
    let mails = await mailsInMailbox(dir, EMAIL, 3, 20_000);
    for (let i = 0; i < 100; i++) {
      const subjects = mails.map((m) => m.subject);
      if (subjects.includes(active) && subjects.includes(confirmed)) break;
      await new Promise((r) => setTimeout(r, 200));
      mails = await mailsInMailbox(dir, EMAIL, 3);
    }
    await new Promise((r) => setTimeout(r, 500)); // nothing else arrives
    mails = await mailsInMailbox(dir, EMAIL, 3);
    const subjects = mails.map((m) => m.subject);
    // Staff's hold and release mailed nothing: one "active again", for the non-payment one.
    expect(subjects.filter((s) => s === active)).toHaveLength(1);
    expect(subjects.filter((s) => s === confirmed)).toHaveLength(1);
    expect(
      subjects.filter(
        (s) =>
          s !== active && s !== confirmed && !/top-up request|suspended for non-payment/.test(s),
      ),
    ).toEqual([]);
    const cancelled = mails.find((m) => m.subject === confirmed)!;
    expect(cancelled.text).toContain('Reason: Moving elsewhere');
    expect(cancelled.text).toMatch(
      /It keeps running until \d{1,2} \w{3} \d{4}, the end of its paid period/,
    );
    expect(cancelled.text).toContain(`/services/${serviceId}`);
  });
});
