import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogStreamId } from '../../domain/catalog/events.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { D } from '../../domain/shared/money.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { planChangeProcess } from '../../processes/plan-changes/index.ts';
import { cancelProforma } from '../invoices/cancel-proforma.ts';
import { payFromWallet } from '../invoices/wallet-payment.ts';
import { loadInvoice, loadWallet } from '../invoices/wallet-reads.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { handleCommand } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { ModuleError, type DeploySpec, type ProvisioningModule } from './module-port.ts';
import {
  applyPlanChange,
  changePlan,
  planChangeIdsOf,
  planChangeOptions,
  quotePlanChange,
} from './plan-change.ts';
import { loadService, type ServiceCommandDeps } from './service-context.ts';
import { setCloudStackMapping } from './settings.ts';
import { inventory, servicesWorld } from './testing.ts';

const T = OPERATOR_TENANT_ID;
const DAY = 86_400_000;
let w: Awaited<ReturnType<typeof servicesWorld>>;
/** The commands' clock: `shift` days after the real one (a change some days into the period). */
let shift = 0;
let deps: ServiceCommandDeps;
const resizes: { vmId: string; offering: string }[] = [];
let resizeFailure: ModuleError | null = null;

/** VPS plans of the spec catalog's kind and cycle besides VPS Pro (₹1234.56 monthly), and one annual only. */
const plans = [
  { planId: 'plan-vps-max', name: 'VPS Max', prices: { MONTHLY: '2469.12' } },
  { planId: 'plan-vps-lite', name: 'VPS Lite', prices: { MONTHLY: '617.28' } },
  { planId: 'plan-vps-annual', name: 'VPS Annual', prices: { ANNUAL: '20000.00' } },
];

beforeAll(async () => {
  w = await servicesWorld('svcplanchange');
  await w.tenant(T);
  const catalog = await w.store.readStream(catalogStreamId(T));
  const vps = catalog.find(
    (e) => e.type === 'PlanDefined' && (e.data as { planId: string }).planId === 'plan-vps',
  )!;
  await w.store.append(
    catalogStreamId(T),
    plans.map((p) => ({
      id: uuidFrom(`test:plan-change-catalog:${p.planId}`),
      type: 'PlanDefined',
      data: { ...(vps.data as object), ...p, setupFee: '0.00' },
      metadata: { ...vps.metadata, commandId: `test:catalog:${p.planId}` },
    })),
    catalog[catalog.length - 1]!.revision,
  );
  // The CloudStack module resizes (recorded), unless told to fail.
  const cloud: ProvisioningModule = {
    ...w.cloud.module,
    async resize(vmId: string, spec: DeploySpec) {
      if (resizeFailure) {
        const e = resizeFailure;
        resizeFailure = null;
        throw e;
      }
      resizes.push({ vmId, offering: spec.serviceOfferingId });
    },
  };
  deps = {
    ...w.deps,
    now: () => new Date(Date.now() + shift * DAY),
    modules: {
      moduleFor: async (_t, name) => (name === 'CLOUDSTACK' ? cloud : w.manual.module),
    },
    cloudStack: {
      inventory: async () => ({
        ...inventory,
        offerings: [
          ...inventory.offerings,
          { id: 'offering-max', name: 'Max' },
          { id: 'offering-lite', name: 'Lite' },
        ],
      }),
    },
  };
  await w.mapCloudStack(T);
  await setCloudStackMapping(deps, w.admin(T), {
    zones: [{ catalogId: 'dc-mum', cloudStackId: 'zone-mum' }],
    offerings: [
      { catalogId: 'plan-vps', cloudStackId: 'offering-vps' },
      { catalogId: 'plan-vps-max', cloudStackId: 'offering-max' },
      { catalogId: 'plan-vps-lite', cloudStackId: 'offering-lite' },
    ],
    templates: [{ catalogId: 'os-ubuntu', cloudStackId: 'template-ubuntu' }],
  });
});
afterAll(async () => w?.close());

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

/** A running CloudStack VPS (VPS Pro monthly with cPanel and backup), the clock `days` into its period. */
async function running(days = 10) {
  shift = 0;
  const s = await w.runningService(T);
  shift = days;
  return s;
}

/** The expected charge: exact days, half up to paise. */
function expectedAmount(
  oldPrice: string,
  newPrice: string,
  service: { periodStart: string; nextDueDate: string },
) {
  const start = Date.parse(`${service.periodStart}T00:00:00Z`);
  const end = Date.parse(`${service.nextDueDate}T00:00:00Z`);
  const today = new Date(Date.now() + shift * DAY + 5.5 * 3_600_000).toISOString().slice(0, 10);
  const daysInPeriod = (end - start) / DAY;
  const daysLeft = (end - Date.parse(`${today}T00:00:00Z`)) / DAY;
  const amount = new D(newPrice)
    .minus(oldPrice)
    .times(daysLeft)
    .dividedBy(daysInPeriod)
    .toDecimalPlaces(2, D.ROUND_HALF_UP);
  return { daysLeft, daysInPeriod, amount: amount.toFixed(2) };
}

/** What the service pays for its plan per period: its PLAN line (priced as sold). */
const planPrice = (s: {
  recurringLines: { unitPrice: string; quantity: string; source: { kind: string } }[];
}) => {
  const line = s.recurringLines.find((l) => l.source.kind === 'PLAN')!;
  return new D(line.unitPrice).times(line.quantity).toFixed(2);
};

const react = async (events: RecordedEvent[]) => {
  const process = planChangeProcess(deps);
  for (const e of events) if (process.handles.has(e.type)) await process.react(e);
};

describe('plan changes', () => {
  it('offers the plans of the service’s kind priced in its cycle, with their direction', async () => {
    const s = await running();
    const options = await planChangeOptions(deps, s.customer.ctx('options'), {
      serviceId: s.serviceId,
    });
    expect(options).toEqual([
      { planId: 'plan-vps-lite', name: 'VPS Lite', price: '617.28', direction: 'DOWNGRADE' },
      { planId: 'plan-vps-max', name: 'VPS Max', price: '2469.12', direction: 'UPGRADE' },
    ]);
  });

  it('upgrade: a proforma with the proration line; applied through the module once paid, the next due date unchanged, once', async () => {
    const s = await running(10);
    const before = await loadService(w.store, T, s.serviceId);
    const want = expectedAmount(planPrice(before), '2469.12', before);
    expect(want.daysLeft).toBeLessThan(want.daysInPeriod);

    const quote = await quotePlanChange(deps, s.customer.ctx('quote-up'), {
      serviceId: s.serviceId,
      planId: 'plan-vps-max',
    });
    expect(quote).toMatchObject({
      direction: 'UPGRADE',
      daysLeft: want.daysLeft,
      daysInPeriod: want.daysInPeriod,
      amount: want.amount,
      nextDueDate: before.nextDueDate,
    });
    // Maharashtra customer, Maharashtra supplier: CGST + SGST at 9 % each on the charge.
    expect(quote.document.totals.taxableValue).toBe(want.amount);
    expect(new D(quote.document.totals.tax).toFixed(2)).toBe(
      new D(want.amount).times('0.18').toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed(2),
    );
    // The new recurring amount: the new plan plus the lines kept (OS licence, add-ons).
    expect(quote.newRecurringAmount).toBe(
      before.recurringLines
        .filter((l) => l.source.kind !== 'PLAN')
        .reduce((t, l) => t.plus(new D(l.unitPrice).times(l.quantity)), new D('2469.12'))
        .toFixed(2),
    );

    const r = await changePlan(deps, s.customer.ctx('upgrade-1'), {
      serviceId: s.serviceId,
      planId: 'plan-vps-max',
    });
    const ids = planChangeIdsOf(T, 'upgrade-1');
    expect(r).toMatchObject({
      invoiceId: ids.invoiceId,
      paidFromWallet: '0.00',
      change: {
        id: ids.changeId,
        direction: 'UPGRADE',
        status: 'AWAITING_PAYMENT',
        toPlanName: 'VPS Max',
        amount: want.amount,
      },
    });
    const { state: invoice, events: invoiceEvents } = await loadInvoice(w.store, T, r.invoiceId!);
    expect(invoice.status).toBe('PROFORMA');
    const issued = invoiceEvents[0]!.data as {
      subject: unknown;
      sources: { kind: string; refId: string }[];
      document: {
        lines: { description: string; unitPrice: string }[];
        totals: { total: string };
      };
    };
    expect(issued.subject).toEqual({
      kind: 'PLAN_CHANGE',
      serviceId: s.serviceId,
      changeId: ids.changeId,
    });
    expect(issued.document.lines).toHaveLength(1);
    expect(issued.sources[0]).toMatchObject({ kind: 'PLAN_CHANGE', refId: ids.changeId });
    expect(issued.document.lines[0]!.unitPrice).toBe(want.amount);
    expect(issued.document.lines[0]!.description).toContain(
      `${want.daysLeft} of ${want.daysInPeriod} days left`,
    );
    expect(issued.document.totals.total).toBe(quote.document.totals.total);
    expect((await loadService(w.store, T, s.serviceId)).planId).toBe('plan-vps');
    expect(resizes.filter((x) => x.vmId === s.vmId)).toEqual([]);

    // Paid (from the wallet, later): the process applies it through the module.
    await payFromWallet(deps, s.customer.ctx('pay-upgrade-1'), {
      invoiceId: r.invoiceId!,
      amount: null,
      partialAllowed: false,
    });
    const paidEvents = await w.store.readStream(invoiceStreamId(r.invoiceId!));
    await react(paidEvents);
    await react(paidEvents);
    expect(resizes.filter((x) => x.vmId === s.vmId)).toEqual([
      { vmId: s.vmId, offering: 'offering-max' },
    ]);
    const after = await loadService(w.store, T, s.serviceId);
    expect(after).toMatchObject({
      planId: 'plan-vps-max',
      planName: 'VPS Max',
      nextDueDate: before.nextDueDate,
      periodStart: before.periodStart,
      planChange: null,
    });
    expect(after.recurringLines.find((l) => l.source.kind === 'PLAN')).toMatchObject({
      unitPrice: '2469.12',
      source: { refId: 'plan-vps-max' },
    });
    expect(after.recurringLines.filter((l) => l.source.kind !== 'PLAN')).toEqual(
      before.recurringLines.filter((l) => l.source.kind !== 'PLAN'),
    );
    const changed = (await w.events(s.serviceId)).filter((e) => e.type === 'ServicePlanChanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data).toMatchObject({ by: 'MODULE', changeId: ids.changeId });

    // The same commandId again answers the same change, now applied; nothing new is written.
    const count = (await w.events(s.serviceId)).length;
    const again = await changePlan(deps, s.customer.ctx('upgrade-1'), {
      serviceId: s.serviceId,
      planId: 'plan-vps-max',
    });
    expect(again.change).toMatchObject({ id: ids.changeId, status: 'APPLIED' });
    expect((await w.events(s.serviceId)).length).toBe(count);
  });

  it('upgrade paid from the wallet: paid and applied at once; refused before anything is written when the balance is short', async () => {
    const s = await running(5);
    const wallet = await loadWallet(w.store, s.customer.id);
    const r = await changePlan(deps, s.customer.ctx('upgrade-wallet'), {
      serviceId: s.serviceId,
      planId: 'plan-vps-max',
      payFromWallet: true,
    });
    expect(r.change.status).toBe('APPLIED');
    const { state: invoice } = await loadInvoice(w.store, T, r.invoiceId!);
    expect(invoice.status).toBe('TAX_INVOICE');
    expect(r.paidFromWallet).toBe(invoice.total.toFixed(2));
    expect((await loadWallet(w.store, s.customer.id)).balance.toFixed(2)).toBe(
      wallet.balance.minus(invoice.total).toFixed(2),
    );
    expect((await loadService(w.store, T, s.serviceId)).planId).toBe('plan-vps-max');

    const poor = await running(5);
    const balance = (await loadWallet(w.store, poor.customer.id)).balance;
    // Spend the wallet down to ₹1.
    await handleCommand(deps, w.admin(T, 'spend-down'), {
      streamId: walletStreamId(poor.customer.id),
      decider: walletDecider,
      command: (now) => ({
        type: 'DebitWallet' as const,
        paymentId: uuidFrom('test:spend-down'),
        customerId: poor.customer.id,
        amount: balance.minus(1),
        description: 'spent elsewhere',
        now,
      }),
    });
    const count = (await w.events(poor.serviceId)).length;
    const e = await refusal(
      changePlan(deps, poor.customer.ctx('upgrade-poor'), {
        serviceId: poor.serviceId,
        planId: 'plan-vps-max',
        payFromWallet: true,
      }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/Insufficient wallet balance/);
    expect((await w.events(poor.serviceId)).length).toBe(count);
    const ids = planChangeIdsOf(T, 'upgrade-poor');
    expect(await w.store.readStream(invoiceStreamId(ids.invoiceId))).toEqual([]);
  });

  it('downgrade: a credit note on the period’s invoice credits the wallet, the module resizes, applied at once; a repeat is one credit', async () => {
    const s = await running(12);
    const before = await loadService(w.store, T, s.serviceId);
    const want = expectedAmount(planPrice(before), '617.28', before);
    const wallet = await loadWallet(w.store, s.customer.id);
    const r = await changePlan(deps, s.customer.ctx('downgrade-1'), {
      serviceId: s.serviceId,
      planId: 'plan-vps-lite',
    });
    const ids = planChangeIdsOf(T, 'downgrade-1');
    expect(r).toMatchObject({
      invoiceId: null,
      change: {
        direction: 'DOWNGRADE',
        status: 'APPLIED',
        amount: want.amount,
        creditNoteId: ids.creditNoteId,
      },
    });
    expect(new D(want.amount).isNegative()).toBe(true);
    const origin = before.origin!.invoiceId;
    const { state: invoice, events } = await loadInvoice(w.store, T, origin);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['CreditNoteRaised', 'CreditNoteIssued']),
    );
    expect(invoice.status).toBe('TAX_INVOICE');
    const raised = events.find((e) => e.type === 'CreditNoteRaised')!.data as {
      creditNoteId: string;
      document: { totals: { total: string; taxableValue: string } };
      destination: string;
    };
    expect(raised.creditNoteId).toBe(ids.creditNoteId);
    const noteTotal = new D(raised.document.totals.total);
    expect(raised.destination).toBe('WALLET');
    expect(raised.document.totals.taxableValue).toBe(new D(want.amount).abs().toFixed(2));
    expect((await loadWallet(w.store, s.customer.id)).balance.toFixed(2)).toBe(
      wallet.balance.plus(noteTotal).toFixed(2),
    );
    expect(resizes.filter((x) => x.vmId === s.vmId)).toEqual([
      { vmId: s.vmId, offering: 'offering-lite' },
    ]);
    expect(await loadService(w.store, T, s.serviceId)).toMatchObject({
      planId: 'plan-vps-lite',
      nextDueDate: before.nextDueDate,
      planChange: null,
    });

    const count = (await w.events(s.serviceId)).length;
    const again = await changePlan(deps, s.customer.ctx('downgrade-1'), {
      serviceId: s.serviceId,
      planId: 'plan-vps-lite',
    });
    expect(again.change.status).toBe('APPLIED');
    expect((await w.events(s.serviceId)).length).toBe(count);
    expect((await loadWallet(w.store, s.customer.id)).balance.toFixed(2)).toBe(
      wallet.balance.plus(noteTotal).toFixed(2),
    );
    expect(resizes.filter((x) => x.vmId === s.vmId)).toHaveLength(1);
  });

  it('refuses another kind, another cycle, the same plan and a second change while one is pending, naming planId; nothing written', async () => {
    const s = await running(3);
    const count = (await w.events(s.serviceId)).length;
    const ask = (planId: string, commandId: string) =>
      changePlan(deps, s.customer.ctx(commandId), { serviceId: s.serviceId, planId });

    const kind = await refusal(ask('plan-shared', 'refuse-kind'));
    expect(kind.code).toBe('BAD_USER_INPUT');
    expect(kind.issues?.[0]?.path).toEqual(['planId']);
    expect(kind.message).toMatch(/SHARED plan; this service is VPS/);
    const cycle = await refusal(ask('plan-vps-annual', 'refuse-cycle'));
    expect(cycle.code).toBe('BAD_USER_INPUT');
    expect(cycle.message).toMatch(/not offered monthly/);
    const same = await refusal(ask('plan-vps', 'refuse-same'));
    expect(same.code).toBe('BAD_USER_INPUT');
    expect(same.message).toMatch(/on plan "VPS Pro" already/);
    const none = await refusal(ask('plan-nope', 'refuse-none'));
    expect(none.message).toMatch(/There is no plan plan-nope/);
    expect((await w.events(s.serviceId)).length).toBe(count);
    for (const id of ['refuse-kind', 'refuse-cycle', 'refuse-same'])
      expect(await w.store.readStream(invoiceStreamId(planChangeIdsOf(T, id).invoiceId))).toEqual(
        [],
      );

    await ask('plan-vps-max', 'pending-1');
    const pending = await refusal(ask('plan-vps-lite', 'pending-2'));
    expect(pending.code).toBe('CONFLICT');
    expect(pending.message).toMatch(/change to "VPS Max" is pending/);
    const origin = (await loadService(w.store, T, s.serviceId)).origin!.invoiceId;
    const credited = await loadInvoice(w.store, T, origin);
    expect(credited.events.some((e) => e.type === 'CreditNoteRaised')).toBe(false);

    // A customer may not apply by hand; staff may not apply an unpaid one.
    const unpaid = planChangeIdsOf(T, 'pending-1').changeId;
    expect(
      (
        await refusal(
          applyPlanChange(deps, s.customer.ctx('apply-customer'), {
            serviceId: s.serviceId,
            changeId: unpaid,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const early = await refusal(
      applyPlanChange(deps, w.admin(T, 'apply-unpaid'), {
        serviceId: s.serviceId,
        changeId: unpaid,
      }),
    );
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toMatch(/not paid yet/);
  });

  it('a paid upgrade the module cannot make waits for staff, who apply it by hand; a cancelled invoice cancels its change', async () => {
    const s = await running(8);
    const r = await changePlan(deps, s.customer.ctx('upgrade-staff'), {
      serviceId: s.serviceId,
      planId: 'plan-vps-max',
    });
    resizeFailure = new ModuleError(
      'CLOUDSTACK_431',
      'not enough capacity for the offering',
      false,
    );
    await payFromWallet(deps, s.customer.ctx('pay-upgrade-staff'), {
      invoiceId: r.invoiceId!,
      amount: null,
      partialAllowed: false,
    });
    await react(await w.store.readStream(invoiceStreamId(r.invoiceId!)));
    const waiting = await loadService(w.store, T, s.serviceId);
    expect(waiting.planId).toBe('plan-vps');
    expect(waiting.planChange).toMatchObject({ status: 'AWAITING_STAFF', changeId: r.change.id });
    const marked = (await w.events(s.serviceId)).find(
      (e) => e.type === 'ServicePlanChangeAwaitingStaff',
    )!;
    expect((marked.data as { reason: string }).reason).toMatch(/not enough capacity/);

    await applyPlanChange(deps, w.admin(T, 'apply-by-hand'), {
      serviceId: s.serviceId,
      changeId: r.change.id,
    });
    const applied = await loadService(w.store, T, s.serviceId);
    expect(applied).toMatchObject({ planId: 'plan-vps-max', planChange: null });
    const changed = (await w.events(s.serviceId)).find((e) => e.type === 'ServicePlanChanged')!;
    expect(changed.data).toMatchObject({ by: 'STAFF' });

    // Another service: its upgrade's proforma cancelled → the change is cancelled.
    const t = await running(8);
    const u = await changePlan(deps, t.customer.ctx('upgrade-cancel'), {
      serviceId: t.serviceId,
      planId: 'plan-vps-max',
    });
    await cancelProforma(deps, w.admin(T, 'cancel-upgrade'), u.invoiceId!, 'changed my mind');
    await react(await w.store.readStream(invoiceStreamId(u.invoiceId!)));
    const cancelled = await loadService(w.store, T, t.serviceId);
    expect(cancelled).toMatchObject({ planId: 'plan-vps', planChange: null });
    expect((await w.events(t.serviceId)).map((e) => e.type)).toContain(
      'ServicePlanChangeCancelled',
    );
  });
});
