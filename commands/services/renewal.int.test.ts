import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { addMonthsAnchored } from '../../domain/services/due-dates.ts';
import { renewalLineInputs } from '../../domain/services/renewal-lines.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { D } from '../../domain/shared/money.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { cancelProforma } from '../invoices/cancel-proforma.ts';
import { payFromWallet } from '../invoices/wallet-payment.ts';
import { loadInvoice, loadWallet } from '../invoices/wallet-reads.ts';
import type { CommandContext } from '../shared/handler.ts';
import { setAutoPay } from '../wallet/auto-pay.ts';
import { terminateService } from './lifecycle.ts';
import { invoiceRenewal, renewalCommandId, renewalInvoiceIdOf, renewOnPayment } from './renewal.ts';
import { applyToService, loadService, type ServiceCommandDeps } from './service-context.ts';
import { servicesWorld } from './testing.ts';

const T = OPERATOR_TENANT_ID;
const OTHER = '7d1c2e9a-5b3f-4c1d-9e8a-0f6b2a4c8d10';
const DAY = 86_400_000;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let deps: ServiceCommandDeps;
/** The commands' clock: `shift` days after the real one. */
let shift = 0;

beforeAll(async () => {
  w = await servicesWorld('svcrenewal');
  await w.tenant(T);
  await w.tenant(OTHER);
  deps = { ...w.deps, now: () => new Date(Date.now() + shift * DAY) };
  await w.mapCloudStack(T);
});
afterAll(async () => w?.close());

const system = (commandId: string): CommandContext => ({
  tenantId: T,
  actor: { userId: 'system', role: 'system' },
  commandId,
});
const cause = (id: string) => ({ tenantId: T, correlationId: id, causationId: id });

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

/** A running VPS (VPS Pro with cPanel and backup) and its next period. */
async function running() {
  shift = 0;
  const s = await w.runningService(T);
  const service = await loadService(w.store, T, s.serviceId);
  const periodStart = service.nextDueDate;
  const periodEnd = addMonthsAnchored(periodStart, service.months, service.anchorDay);
  return { ...s, service, periodStart, periodEnd };
}

const typesOf = async (streamId: string) => (await w.store.readStream(streamId)).map((e) => e.type);

describe('invoiceRenewal', () => {
  it('records the renewal on the service and issues its proforma: the recurring lines for the period, GST, subject RENEWAL', async () => {
    const s = await running();
    const commandId = renewalCommandId(s.serviceId, s.periodStart);
    const r = await invoiceRenewal(deps, system(commandId), {
      serviceId: s.serviceId,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
    });
    expect(r.invoiceId).toBe(renewalInvoiceIdOf(T, commandId));
    expect(r.replayed).toBe(false);

    const after = await loadService(w.store, T, s.serviceId);
    expect(after.renewals[s.periodStart]).toEqual({
      invoiceId: r.invoiceId,
      periodEnd: s.periodEnd,
      replaced: [],
      renewedBy: null,
    });
    expect(after.nextDueDate).toBe(s.periodStart); // moves once paid

    const { state, events } = await loadInvoice(w.store, T, r.invoiceId);
    expect(state.status).toBe('PROFORMA');
    expect(state.customerId).toBe(s.customer.id);
    const issued = events[0]!.data as {
      subject: unknown;
      orderId: string | null;
      document: {
        lines: { description: string }[];
        totals: { taxableValue: string; total: string; tax: string };
      };
    };
    expect(issued.subject).toEqual({
      kind: 'RENEWAL',
      serviceId: s.serviceId,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
    });
    expect(issued.orderId).toBeNull();
    const want = renewalLineInputs(s.service.recurringLines, s.periodStart, s.periodEnd);
    // The plan and both add-ons (cPanel, backup), each once, each naming the period.
    expect(s.service.recurringLines.length).toBeGreaterThanOrEqual(3);
    expect(issued.document.lines.map((l) => l.description)).toEqual(want.map((l) => l.description));
    expect(issued.document.totals.taxableValue).toBe(s.service.recurringAmount);
    // Maharashtra to Maharashtra: 18 % GST in all.
    const half = (x: string) => new D(x).times('0.09').toDecimalPlaces(2, D.ROUND_HALF_UP);
    expect(new D(issued.document.totals.tax).toFixed(2)).toBe(
      s.service.recurringLines
        .reduce(
          (t, l) => t.plus(half(new D(l.unitPrice).times(l.quantity).toFixed(2)).times(2)),
          new D(0),
        )
        .toFixed(2),
    );
    expect(r.total).toBe(new D(issued.document.totals.total).toFixed(2));
  });

  it('the same commandId again is the same invoice, nothing written; another one for the period is refused', async () => {
    const s = await running();
    const commandId = renewalCommandId(s.serviceId, s.periodStart);
    const input = { serviceId: s.serviceId, periodStart: s.periodStart, periodEnd: s.periodEnd };
    const first = await invoiceRenewal(deps, system(commandId), input);
    const serviceEvents = (await w.store.readStream(serviceStreamId(s.serviceId))).length;
    shift = 2;
    const again = await invoiceRenewal(deps, system(commandId), input);
    expect(again).toMatchObject({ invoiceId: first.invoiceId, total: first.total, replayed: true });
    expect((await w.store.readStream(serviceStreamId(s.serviceId))).length).toBe(serviceEvents);
    expect(await typesOf(invoiceStreamId(first.invoiceId))).toEqual(['ProformaIssued']);

    const other = await refusal(invoiceRenewal(deps, system(`${commandId}:x`), input));
    expect(other.code).toBe('CONFLICT');
    expect(other.message).toBe(
      `The period starting ${s.periodStart} is already invoiced (invoice ${first.invoiceId}).`,
    );
  });

  it('a crash between the two steps: the retry issues the proforma the service recorded', async () => {
    const s = await running();
    const commandId = renewalCommandId(s.serviceId, s.periodStart);
    const invoiceId = renewalInvoiceIdOf(T, commandId);
    await applyToService(
      deps,
      { ...system(`${commandId}:service`), causationId: commandId, correlationId: commandId },
      s.serviceId,
      (now) => ({
        type: 'InvoiceRenewal',
        invoiceId,
        periodStart: s.periodStart,
        periodEnd: s.periodEnd,
        replaces: null,
        now,
      }),
    );
    expect(await typesOf(invoiceStreamId(invoiceId))).toEqual([]);
    const r = await invoiceRenewal(deps, system(commandId), {
      serviceId: s.serviceId,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
    });
    expect(r).toMatchObject({ invoiceId, replayed: false });
    expect(await typesOf(invoiceStreamId(invoiceId))).toEqual(['ProformaIssued']);
    expect(
      (await w.store.readStream(serviceStreamId(s.serviceId))).filter(
        (e) => e.type === 'RenewalInvoiced',
      ),
    ).toHaveLength(1);
  });

  it('a period whose invoice was cancelled is invoiced again, the new invoice replacing it', async () => {
    const s = await running();
    const input = { serviceId: s.serviceId, periodStart: s.periodStart, periodEnd: s.periodEnd };
    const id = renewalCommandId(s.serviceId, s.periodStart);
    const first = await invoiceRenewal(deps, system(id), input);
    await cancelProforma(deps, system(`cancel:${first.invoiceId}`), first.invoiceId, 'withdrawn');
    const second = await invoiceRenewal(deps, system(`${id}:1`), input);
    expect(second.invoiceId).not.toBe(first.invoiceId);
    const after = await loadService(w.store, T, s.serviceId);
    expect(after.renewals[s.periodStart]).toMatchObject({
      invoiceId: second.invoiceId,
      replaced: [first.invoiceId],
    });
    // Its retry is the same command (replaces unchanged).
    expect((await invoiceRenewal(deps, system(`${id}:1`), input)).replayed).toBe(true);
  });

  it('refuses another period, a wrong end, a bad date, a customer, staff without billing.manage', async () => {
    const s = await running();
    const base = { serviceId: s.serviceId, periodStart: s.periodStart, periodEnd: s.periodEnd };
    const early = await refusal(
      invoiceRenewal(deps, system('r-early-command'), {
        ...base,
        periodStart: s.service.periodStart,
      }),
    );
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toBe(
      `The period to invoice starts on the next due date ${s.periodStart}, not ${s.service.periodStart}.`,
    );
    const end = await refusal(
      invoiceRenewal(deps, system('r-end-command'), { ...base, periodEnd: s.periodStart }),
    );
    expect(end.code).toBe('BAD_USER_INPUT');
    expect(end.issues[0]?.path).toEqual(['periodEnd']);
    const bad = await refusal(
      invoiceRenewal(deps, system('r-bad-command'), { ...base, periodStart: '2026-02-30' }),
    );
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.issues[0]?.path).toEqual(['periodStart']);
    expect((await refusal(invoiceRenewal(deps, s.customer.ctx('r-cust-command'), base))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (
        await refusal(
          invoiceRenewal(deps, w.admin(T, 'r-staff-command', ['services.manage']), base),
        )
      ).code,
    ).toBe('FORBIDDEN');
    // Staff with billing.manage may.
    await invoiceRenewal(deps, w.admin(T, 'r-staff-ok-command'), base);
    // Another tenant's service is not found.
    expect(
      (await refusal(invoiceRenewal(deps, { ...system('r-other-command'), tenantId: OTHER }, base)))
        .code,
    ).toBe('NOT_FOUND');
  });
});

describe('renewOnPayment', () => {
  it('paid late: the next due date moves one cycle from the old due date, once', async () => {
    const s = await running();
    const id = renewalCommandId(s.serviceId, s.periodStart);
    const r = await invoiceRenewal(deps, system(id), {
      serviceId: s.serviceId,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
    });
    // Paid 40 days later (well after its due date).
    shift = 40;
    await payFromWallet(deps, system(`autopay:${r.invoiceId}`), {
      invoiceId: r.invoiceId,
      amount: null,
      partialAllowed: false,
    });
    const [p1, p2] = await Promise.all([
      renewOnPayment(deps, cause('paid-1-command'), r.invoiceId),
      renewOnPayment(deps, cause('paid-2-command'), r.invoiceId),
    ]);
    expect(p1 ?? p2).not.toBeNull();
    await renewOnPayment(deps, cause('paid-3-command'), r.invoiceId);
    const after = await loadService(w.store, T, s.serviceId);
    expect(after).toMatchObject({ periodStart: s.periodStart, nextDueDate: s.periodEnd });
    expect(after.renewals[s.periodStart]!.renewedBy).toBe(r.invoiceId);
    const renewed = (await w.store.readStream(serviceStreamId(s.serviceId))).filter(
      (e) => e.type === 'ServiceRenewed',
    );
    expect(renewed).toHaveLength(1);
    expect(renewed[0]!.metadata.commandId).toBe(`renewed:${r.invoiceId}`);
    expect(renewed[0]!.data).toMatchObject({
      periodStart: s.periodStart,
      nextDueDate: s.periodEnd,
    });
    expect((await loadInvoice(w.store, T, r.invoiceId)).state.status).toBe('TAX_INVOICE');
  });

  it('an unpaid renewal invoice, an order’s invoice, a terminated service: nothing', async () => {
    const s = await running();
    const r = await invoiceRenewal(deps, system(renewalCommandId(s.serviceId, s.periodStart)), {
      serviceId: s.serviceId,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
    });
    expect(await renewOnPayment(deps, cause('unpaid-command'), r.invoiceId)).toBeNull();
    expect(await renewOnPayment(deps, cause('order-command'), s.invoiceId)).toBeNull();
    await payFromWallet(deps, system('pay-then-terminated'), {
      invoiceId: r.invoiceId,
      amount: null,
      partialAllowed: false,
    });
    await terminateService(deps, w.admin(T, 'terminate-before-renew'), {
      serviceId: s.serviceId,
      reason: 'terminated by staff',
    });
    expect(await renewOnPayment(deps, cause('terminated'), r.invoiceId)).toBeNull();
    const after = await loadService(w.store, T, s.serviceId);
    expect(after).toMatchObject({ status: 'TERMINATED', nextDueDate: s.periodStart });
  });
});

describe('setAutoPay', () => {
  it('the customer turns it off and on; the same choice again writes nothing', async () => {
    const c = await w.customer(T);
    const off = await setAutoPay(deps, c.ctx('ap-off-command'), { enabled: false });
    expect(off).toMatchObject({ customerId: c.id, autoPay: false });
    expect(off.position).not.toBeNull();
    const again = await setAutoPay(deps, c.ctx('ap-off-2-command'), { enabled: false });
    expect(again).toMatchObject({ autoPay: false, position: null });
    expect((await loadWallet(w.store, c.id)).autoPay).toBe(false);
    await setAutoPay(deps, c.ctx('ap-on-command'), { enabled: true, customerId: c.id });
    expect((await loadWallet(w.store, c.id)).autoPay).toBe(true);
    const events = (await w.store.readStream(walletStreamId(c.id))).filter(
      (e) => e.type === 'AutoPaySet',
    );
    expect(events.map((e) => (e.data as { enabled: boolean }).enabled)).toEqual([false, true]);
    expect(events[0]!.data).toMatchObject({ customerId: c.id, setBy: c.id });
  });

  it('staff with billing.manage name the customer; refusals', async () => {
    const c = await w.customer(T);
    const staff = await setAutoPay(deps, w.admin(T, 'ap-staff-command'), {
      enabled: false,
      customerId: c.id,
    });
    expect(staff).toMatchObject({ customerId: c.id, autoPay: false });

    const unnamed = await refusal(
      setAutoPay(deps, w.admin(T, 'ap-unnamed-command'), { enabled: true }),
    );
    expect(unnamed.code).toBe('BAD_USER_INPUT');
    expect(unnamed.issues[0]?.path).toEqual(['customerId']);
    const noPermission = await refusal(
      setAutoPay(deps, w.admin(T, 'ap-noperm-command', ['billing.read']), {
        enabled: true,
        customerId: c.id,
      }),
    );
    expect(noPermission.code).toBe('FORBIDDEN');
    // Another tenant's staff do not reach this customer.
    const otherTenant = await refusal(
      setAutoPay(deps, w.admin(OTHER, 'ap-other-command'), { enabled: true, customerId: c.id }),
    );
    expect(otherTenant.code).toBe('BAD_USER_INPUT');
    const other = await w.customer(T);
    const someoneElse = await refusal(
      setAutoPay(deps, other.ctx('ap-else-command'), { enabled: true, customerId: c.id }),
    );
    expect(someoneElse.code).toBe('FORBIDDEN');
    const member = await refusal(
      setAutoPay(deps, w.member(T, c.id, ['account.services']), { enabled: true }),
    );
    expect(member.code).toBe('FORBIDDEN');
    const notBoolean = await refusal(setAutoPay(deps, c.ctx('ap-bad-command'), { enabled: 'yes' }));
    expect(notBoolean.code).toBe('BAD_USER_INPUT');
    expect((await loadWallet(w.store, c.id)).autoPay).toBe(false);
    // A team member with account.billing may.
    await setAutoPay(deps, w.member(T, c.id, ['account.billing']), { enabled: true });
    expect((await loadWallet(w.store, c.id)).autoPay).toBe(true);
  });
});
