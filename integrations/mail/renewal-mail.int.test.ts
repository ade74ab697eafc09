import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  ADMIN,
  must,
  startTestPlatform,
  type TestPlatform,
} from '../../server/testing/platform.ts';
import { mailsInMailbox } from '../../server/testing/mailbox.ts';
import { seedService } from '../../graphql/services/testing.ts';
import { todayInIndia } from '../../domain/services/due-dates.ts';
import { dayText } from '../../domain/services/renewal-lines.ts';
import { formatInr } from '../../domain/shared/money.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import type { CommandContext } from '../../commands/shared/handler.ts';
import { suspendService, terminateService } from '../../commands/services/lifecycle.ts';
import { AUTOMATION_ACTOR } from '../../commands/automation/work.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { renewalMailNotifier, renewalMailReads } from './renewal-mail.ts';

/**
 * The renewal and dunning mails on the real platform (read models, row-level security, the
 * reactor as server/areas/automation.ts registers it, the mail sender, the local mailbox):
 * a staff run issues the renewal invoice and its reminder 3 days before (the next run nothing),
 * each mailed once with the invoice's real total and link; staff's suspension mails nothing;
 * automation's suspension and termination for non-payment are mailed; the same events fed
 * again queue no second mail.
 */

const RUN = `mutation($input: RunAutomationInput!) { runAutomation(input: $input) {
  failed items { kind invoiceId outcome } } }`;
const SERVICE_REASON = (op: string) =>
  `mutation($input: ServiceReasonInput!) { ${op}(input: $input) { status } }`;

let t: TestPlatform;
let admin: string;
let customer: { id: string; cookie: string };
let serviceId: string;
let due: string;
const EMAIL = 'nikhil@example.com';
const HOST = 'renew-mail.example.com';
/** The default tenant's brand (the white-label name the mails carry). */
const BRAND = 'AkashOne.com';

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
  customer = await t.customer(EMAIL, 'Nikhil Rao');
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
  // Due in three days: inside the renewal window, and the day of the BEFORE_DUE reminder.
  due = todayInIndia(new Date(Date.now() + 3 * 86_400_000).toISOString());
  await must(
    t.gql(
      `mutation($input: ChangeDueDateInput!) { changeServiceDueDate(input: $input) { nextDueDate } }`,
      { input: { commandId: randomUUID(), serviceId, nextDueDate: due, reason: 'test' } },
      admin,
    ),
  );
}, 120_000);
afterAll(async () => t?.close());

describe('renewal and dunning mails on the platform', () => {
  let invoiceId: string;

  it('the reads answer from the read models, scoped to the tenant', async () => {
    const sql = t.running.platform.sql;
    const reads = renewalMailReads(sql, async () => 'https://x.example', t.running.platform);
    expect(await reads.service('akashone', serviceId)).toMatchObject({
      customerId: customer.id,
      hostname: HOST,
      status: 'ACTIVE',
      cancellationRequested: false,
    });
    // Another tenant's reads do not see the service (row-level security).
    expect(await reads.service('other-tenant', serviceId)).toBeUndefined();
    expect((await reads.settings('akashone')).suspendAfterDays).toBe(3);
    expect(await reads.customerAutoPay('akashone', customer.id)).toBe(true);
  });

  it('a run issues the renewal invoice and its reminder 3 days before: one mail each, with the real figures', async () => {
    const first = (
      await must(t.gql(RUN, { input: { commandId: randomUUID(), job: 'ALL' } }, admin))
    ).runAutomation;
    expect(first.failed).toBe(0);
    const renewal = first.items.find((i: { kind: string }) => i.kind === 'RENEWAL_INVOICE');
    expect(renewal).toMatchObject({ outcome: 'DONE' });
    invoiceId = renewal.invoiceId;
    // The run's reminders job comes after its renewals: the new invoice is reminded at once.
    expect(first.items).toContainEqual({ kind: 'REMINDER', invoiceId, outcome: 'DONE' });
    const again = (
      await must(t.gql(RUN, { input: { commandId: randomUUID(), job: 'ALL' } }, admin))
    ).runAutomation;
    expect(again.items).toEqual([]);

    const dir = t.running.platform.mail.mailbox!;
    const [invoiceMail, reminderMail] = await mailsInMailbox(dir, EMAIL, 2, 20_000);
    const { total } = (
      await must(
        t.gql(`query($id: ID!) { invoice(id: $id) { total } }`, { id: invoiceId }, customer.cookie),
      )
    ).invoice;
    const amount = formatInr(total as string);
    expect(amount).toMatch(/^₹1,\d{3}\.\d{2}$/);
    // (The test mailbox's parser unfolds a long subject with a space.)
    expect(invoiceMail!.subject.replace(/\s+/g, '')).toBe(
      `${BRAND}: renewal invoice for ${HOST}, ${amount} due on ${dayText(due)}`.replace(/\s+/g, ''),
    );
    expect(invoiceMail!.text).toContain(`Amount: ${amount}\nDue date: ${dayText(due)}`);
    expect(invoiceMail!.text).toContain('Auto-pay is on');
    expect(invoiceMail!.text).toMatch(new RegExp(`https?://[^\\s]+/billing/${invoiceId}\\n`));
    expect(reminderMail!.subject).toBe(`${BRAND}: your invoice for ${HOST} is due in 3 days`);
    expect(reminderMail!.text).toContain(`Amount due: ${amount}`);
    expect(reminderMail!.text).toContain('(3 days after the due date)');
  });

  it("staff's suspension mails nothing; automation's suspension and termination are mailed", async () => {
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
      reason: `The invoice due on ${dayText(due)} is unpaid`,
    });
    await terminateService(deps, system(`test-terminate:${serviceId}`), {
      serviceId,
      reason: `The invoice due on ${dayText(due)} is unpaid`,
    });
    const dir = t.running.platform.mail.mailbox!;
    const mails = await mailsInMailbox(dir, EMAIL, 4, 20_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing else arrives
    const all = await mailsInMailbox(dir, EMAIL, 4);
    expect(all.map((m) => m.subject)).toEqual([
      mails[0]!.subject,
      mails[1]!.subject,
      `${BRAND}: your server ${HOST} is suspended for non-payment`,
      `${BRAND}: your server ${HOST} is terminated for non-payment`,
    ]);
    expect(all[2]!.text).toContain(`Reason: The invoice due on ${dayText(due)} is unpaid.`);
    expect(all[2]!.text).toContain('terminated 14 days after the due date');
  });

  it('the same events fed again queue no second mail', async () => {
    const platform = t.running.platform;
    const reactor = renewalMailNotifier(
      { store: platform.store, now: () => new Date() },
      platform.sql,
      async () => 'https://elsewhere.example',
    );
    const events = (await platform.store.readAll()).filter((e: RecordedEvent) =>
      reactor.handles.has(e.type),
    );
    const before = (await platform.store.readAll()).length;
    for (const e of events) await reactor.react(e);
    expect((await platform.store.readAll()).length, 'nothing written').toBe(before);
    const queued = (await platform.store.readAll()).filter((e) => e.type === 'MailQueued');
    const ids = [
      `mail:renewal-invoice:${invoiceId}`,
      `mail:reminder:${invoiceId}:BEFORE_DUE`,
      `mail:terminated:${serviceId}`,
    ];
    for (const id of ids)
      expect(queued.filter((e) => e.streamId === mailStreamId(uuidFrom(id)))).toHaveLength(1);
    const suspensions = queued.filter(
      (e) => (e.data as { kind?: string }).kind === 'service-suspended',
    );
    expect(suspensions).toHaveLength(1);
  });
});
