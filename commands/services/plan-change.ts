/**
 * Plan changes (issue 13, BILLING.md "Plan changes"): a service moves to another plan of its kind
 * and cycle, priced for the exact days left in its current period (domain/automation/proration.ts,
 * the day today in India), its next due date unchanged.
 * - UPGRADE: a proforma of the difference (subject PLAN_CHANGE, one line saying how it was
 *   priced), the change requested and applied once the invoice is paid (the plan-changes process,
 *   or at once when paid from the wallet here): the module resizes the server, else staff apply
 *   it by hand (AWAITING_STAFF).
 * - DOWNGRADE: a credit note of the difference on the invoice that paid the current period (its
 *   renewal invoice, else the service's first invoice) to the wallet, then the resize and the
 *   change applied at once.
 * Every step's command id and every document id derives from the commandId, so a retry (or a
 * crash half-way) finishes what the first call began and a repeat is one change.
 */
import { z } from 'zod';
import { prorate } from '../../domain/automation/proration.ts';
import type { BillingCycle } from '../../domain/catalog/events.ts';
import type { Plan } from '../../domain/catalog/state.ts';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { computeInvoiceDocument } from '../../domain/invoices/document.ts';
import {
  invoiceStreamId,
  type CreditNoteRaised,
  type InvoicePaid,
  type InvoiceSubject,
} from '../../domain/invoices/events.ts';
import type { ServiceCommand, ServiceState } from '../../domain/services/decider.ts';
import { todayInIndia } from '../../domain/services/due-dates.ts';
import {
  CYCLE_TEXT,
  planChangeLines,
  recurringTotal,
} from '../../domain/services/renewal-lines.ts';
import {
  serviceStreamId,
  type PlanChangeDirection,
  type PlanChangeCredit,
  type ServicePlanChangeRequested,
} from '../../domain/services/events.ts';
import { deploySpecOf } from '../../domain/services/settings.ts';
import { DomainError, badInput, conflict } from '../../domain/shared/decider.ts';
import { D, inr, type Dec } from '../../domain/shared/money.ts';
import type { CalculatedDocument } from '../../domain/tax/document/document-types.ts';
import type { Position, RecordedEvent } from '../../eventstore/types.ts';
import {
  inlinePort,
  issueCreditNoteFor,
  storeNumberingReads,
  type Cause,
} from '../invoices/clearing.ts';
import { payFromWallet } from '../invoices/wallet-payment.ts';
import { loadInvoice, loadWallet } from '../invoices/wallet-reads.ts';
import { laterPosition, loadCatalog } from '../orders/order-context.ts';
import { billingContext } from '../orders/quote-order.ts';
import { requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';
import { loadProvisioningSettings } from './create-services.ts';
import { ModuleError } from './module-port.ts';
import {
  applyToService,
  authorizeService,
  checkFirst,
  handledBefore,
  isStaff,
  loadService,
  moduleOf,
  oneAtATime,
  type ServiceCommandDeps,
} from './service-context.ts';

/** A created service has its cycle (null only before CreateService). */
const cycleOf = (service: ServiceState): BillingCycle => service.cycle ?? 'MONTHLY';

/** Who may change a service's plan: the owner or a team member with account.services, or staff. */
const ACCESS = { staff: 'services.manage', account: 'account.services' } as const;

/** The ids of one change, from the tenant and the commandId that asked for it. */
export const planChangeIdsOf = (tenantId: string, commandId: string) => ({
  changeId: uuidFrom(`plan-change:${tenantId}:${commandId}`),
  invoiceId: uuidFrom(`plan-change-invoice:${tenantId}:${commandId}`),
  creditNoteId: uuidFrom(`plan-change-credit:${tenantId}:${commandId}`),
});

/** The command ids the change's later steps run under (the process and a retry derive the same). */
export const planChangeStepIds = (changeId: string) => ({
  applied: `plan-change-applied:${changeId}`,
  awaitingStaff: `plan-change-staff:${changeId}`,
  cancelled: `plan-change-cancel:${changeId}`,
});

export interface PlanChangeOptionView {
  planId: string;
  name: string;
  price: string;
  direction: PlanChangeDirection;
}

export interface PlanChangeQuoteView {
  serviceId: string;
  direction: PlanChangeDirection;
  fromPlanName: string;
  toPlanId: string;
  toPlanName: string;
  newRecurringAmount: string;
  on: string;
  daysLeft: number;
  daysInPeriod: number;
  amount: string;
  description: string;
  document: CalculatedDocument;
  sources: { kind: string; refId: string }[];
  nextDueDate: string;
}

export type PlanChangeStatus = 'AWAITING_PAYMENT' | 'AWAITING_STAFF' | 'APPLIED' | 'CANCELLED';

export interface PlanChangeView {
  id: string;
  direction: PlanChangeDirection;
  status: PlanChangeStatus;
  fromPlanName: string;
  toPlanId: string;
  toPlanName: string;
  amount: string;
  description: string;
  daysLeft: number;
  daysInPeriod: number;
  invoiceId: string | null;
  creditNoteId: string | null;
  requestedAt: string;
}

export interface ChangePlanResult {
  serviceId: string;
  change: PlanChangeView;
  invoiceId: string | null;
  paidFromWallet: string;
  position: Position | null;
}

/** The price of the service's own PLAN line for one period (what it pays now, not today's catalog). */
function currentPlanAmount(service: ServiceState): Dec {
  const line = service.recurringLines.find((l) => l.source.kind === 'PLAN');
  if (!line) return new D(service.recurringAmount);
  return new D(line.unitPrice).times(line.quantity).toDecimalPlaces(2, D.ROUND_HALF_UP);
}

/** A plan of the service's kind with a price for its cycle, not retired (the change dialog's choices). */
const offered = (service: ServiceState, plan: Plan) =>
  plan.visibility !== 'RETIRED' &&
  plan.kind === service.planKind &&
  plan.prices[cycleOf(service)] !== undefined &&
  plan.planId !== service.planId;

/** The target plan, checked: BAD_USER_INPUT `planId` naming what is wrong with it. */
function targetPlan(
  service: ServiceState,
  plans: Readonly<Record<string, Plan>>,
  planId: string,
): { plan: Plan; price: string } {
  const plan = Object.hasOwn(plans, planId) ? plans[planId]! : null;
  if (!plan || plan.visibility === 'RETIRED')
    throw badInput('planId', `There is no plan ${planId} to change to.`);
  if (plan.planId === service.planId)
    throw badInput('planId', `The service is on plan "${plan.name}" already.`);
  if (plan.kind !== service.planKind)
    throw badInput(
      'planId',
      `Plan "${plan.name}" is a ${plan.kind} plan; this service is ${service.planKind}: choose a plan of the same kind.`,
    );
  const price = plan.prices[cycleOf(service)];
  if (price === undefined)
    throw badInput(
      'planId',
      `Plan "${plan.name}" is not offered ${CYCLE_TEXT[cycleOf(service)]} (this service's cycle); a change keeps the cycle.`,
    );
  return { plan, price };
}

/** ACTIVE, in its current period, no change pending: else CONFLICT saying why. */
function checkChangeable(service: ServiceState, today: string): void {
  if (service.status !== 'ACTIVE')
    throw conflict(`The plan of a ${service.status.toLowerCase()} service cannot be changed.`);
  if (service.planChange)
    throw conflict(
      `A change to "${service.planChange.toPlanName}" is pending (${service.planChange.status === 'AWAITING_STAFF' ? 'staff apply it' : 'its invoice is unpaid'}); it must be done or cancelled first.`,
    );
  if (today >= service.nextDueDate)
    throw conflict(
      `The current period ended on ${service.nextDueDate}; the plan can be changed once the service is renewed.`,
    );
}

/** What the change would be now: direction, proration for the days left, new lines, the document with GST. */
async function priceChange(
  deps: ServiceCommandDeps,
  service: ServiceState,
  planId: string,
  sourceRef: string,
) {
  const today = todayInIndia(deps.now().toISOString());
  checkChangeable(service, today);
  const catalog = await loadCatalog(deps.store, service.tenantId);
  const { plan, price } = targetPlan(service, catalog.plans, planId);
  const oldAmount = currentPlanAmount(service);
  const newAmount = new D(price);
  if (newAmount.eq(oldAmount))
    throw badInput(
      'planId',
      `Plan "${plan.name}" costs the same as the current plan (₹${inr(oldAmount)}); there is nothing to invoice or credit.`,
    );
  const direction: PlanChangeDirection = newAmount.gt(oldAmount) ? 'UPGRADE' : 'DOWNGRADE';
  const proration = prorate({
    oldAmount: inr(oldAmount),
    newAmount: inr(newAmount),
    periodStart: service.periodStart,
    nextDueDate: service.nextDueDate,
    on: today,
  });
  const recurringLines = planChangeLines(service.recurringLines, {
    planId: plan.planId,
    name: plan.name,
    cycleLabel: CYCLE_TEXT[cycleOf(service)],
    unitPrice: price,
    sac: plan.sac,
    rate: plan.gstRate,
    hostname: service.hostname,
  });
  const { supplier, recipient, billing } = await billingContext(
    deps,
    service.tenantId,
    service.customerId,
  );
  const lines = [
    {
      description: proration.description,
      sac: plan.sac,
      quantity: '1',
      unitPrice: inr(new D(proration.amount).abs()),
      ...(plan.gstRate ? { rate: plan.gstRate } : {}),
      source: { kind: 'PLAN_CHANGE', refId: sourceRef },
    },
  ];
  const document = computeInvoiceDocument({
    lines,
    supplier,
    recipient,
    roundOff: direction === 'UPGRADE' ? billing.roundOff : 'none',
  });
  return {
    plan,
    direction,
    proration: { on: today, ...proration },
    recurringLines,
    recurringAmount: recurringTotal(recurringLines),
    lines,
    document,
    supplier,
    recipient,
    billing,
  };
}

const optionsSchema = z.object({ serviceId: uuid });

/** The plans this service may change to (its kind, offered in its cycle), with their price and direction. */
export async function planChangeOptions(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<PlanChangeOptionView[]> {
  const cmd = parseInput(optionsSchema, input);
  const { service } = await authorizeService(deps, ctx, cmd.serviceId, ACCESS);
  if (service.status !== 'ACTIVE') return [];
  const catalog = await loadCatalog(deps.store, ctx.tenantId);
  const old = currentPlanAmount(service);
  return Object.values(catalog.plans)
    .filter((p) => offered(service, p) && !new D(p.prices[cycleOf(service)]!).eq(old))
    .map((p) => {
      const price = p.prices[cycleOf(service)]!;
      return {
        planId: p.planId,
        name: p.name,
        price,
        direction: (new D(price).gt(old) ? 'UPGRADE' : 'DOWNGRADE') as PlanChangeDirection,
      };
    })
    .sort((a, b) => new D(a.price).comparedTo(b.price) || a.name.localeCompare(b.name));
}

const quoteSchema = z.object({ serviceId: uuid, planId: plainText(100) });

/** The change to `planId` as it would be invoiced (or credited) now. Reads only. */
export async function quotePlanChange(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<PlanChangeQuoteView> {
  const cmd = parseInput(quoteSchema, input);
  const { service } = await authorizeService(deps, ctx, cmd.serviceId, ACCESS);
  const priced = await priceChange(deps, service, cmd.planId, cmd.planId);
  return {
    serviceId: service.serviceId,
    direction: priced.direction,
    fromPlanName: service.planName,
    toPlanId: priced.plan.planId,
    toPlanName: priced.plan.name,
    newRecurringAmount: priced.recurringAmount,
    on: priced.proration.on,
    daysLeft: priced.proration.daysLeft,
    daysInPeriod: priced.proration.daysInPeriod,
    amount: priced.proration.amount,
    description: priced.proration.description,
    document: priced.document,
    sources: priced.lines.map((l) => l.source),
    nextDueDate: service.nextDueDate,
  };
}

const changeSchema = z.object({
  commandId,
  serviceId: uuid,
  planId: plainText(100),
  payFromWallet: z
    .boolean()
    .nullish()
    .transform((p) => p ?? false),
});

const stepOf =
  (ctx: CommandContext) =>
  (name: string): CommandContext => ({
    ...ctx,
    commandId: `${ctx.commandId}:${name}`,
    correlationId: ctx.correlationId ?? ctx.commandId,
    causationId: ctx.commandId,
  });

const causeOfContext = (ctx: CommandContext): Cause => ({
  tenantId: ctx.tenantId,
  correlationId: ctx.correlationId ?? ctx.commandId,
  causationId: ctx.commandId,
});

/** The invoice that paid the service's current period: its renewal invoice, else the first one. */
const paidPeriodInvoiceOf = (service: ServiceState): string | null =>
  service.renewals[service.periodStart]?.invoiceId ?? service.origin?.invoiceId ?? null;

const requestOf = (events: RecordedEvent[], changeId: string) =>
  events.find(
    (e) =>
      e.type === 'ServicePlanChangeRequested' &&
      (e.data as ServicePlanChangeRequested['data']).changeId === changeId,
  )?.data as ServicePlanChangeRequested['data'] | undefined;

/** Where a change stands, from the service's events. */
export function planChangeView(events: RecordedEvent[], changeId: string): PlanChangeView | null {
  const request = requestOf(events, changeId);
  if (!request) return null;
  let status: PlanChangeStatus = 'AWAITING_PAYMENT';
  for (const e of events) {
    if ((e.data as { changeId?: string }).changeId !== changeId) continue;
    if (e.type === 'ServicePlanChanged') status = 'APPLIED';
    else if (e.type === 'ServicePlanChangeCancelled') status = 'CANCELLED';
    else if (e.type === 'ServicePlanChangeAwaitingStaff') status = 'AWAITING_STAFF';
  }
  return {
    id: changeId,
    direction: request.direction,
    status,
    fromPlanName: request.fromPlanName,
    toPlanId: request.toPlanId,
    toPlanName: request.toPlanName,
    amount: request.proration.amount,
    description: request.proration.description,
    daysLeft: request.proration.daysLeft,
    daysInPeriod: request.proration.daysInPeriod,
    invoiceId: request.invoiceId,
    creditNoteId: request.creditNoteId,
    requestedAt: request.requestedAt,
  };
}

/**
 * Owner / account.services, or staff (services.manage): change the service's plan. UPGRADE:
 * the change requested and its proforma issued; with `payFromWallet` (account.billing, or
 * staff's billing.manage) paid at once (refused before anything is written when the balance is
 * short) and applied. DOWNGRADE: requested, credited to the wallet by a credit note on the
 * invoice of the current period, resized and applied. Everything is checked before anything is
 * written; the same commandId again finishes what it began and answers the same change.
 */
export async function changePlan(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ChangePlanResult> {
  const cmd = parseInput(changeSchema, { ...(input as object), commandId: ctx.commandId });
  if (cmd.payFromWallet) {
    if (isStaff(ctx)) requirePermission(ctx, 'billing.manage');
    else requireAccountPermission(ctx, 'account.billing');
  }
  return oneAtATime(cmd.serviceId, async () => {
    const { service } = await authorizeService(deps, ctx, cmd.serviceId, ACCESS);
    const ids = planChangeIdsOf(ctx.tenantId, ctx.commandId);
    const step = stepOf(ctx);
    const cause = causeOfContext(ctx);
    let position: Position | null = null;

    let request = requestOf(
      await deps.store.readStream(serviceStreamId(service.serviceId)),
      ids.changeId,
    );
    let invoiceLines: ReturnType<typeof invoiceLineOf>[] = [];
    if (!request) {
      const priced = await priceChange(deps, service, cmd.planId, ids.changeId);
      const upgrade = priced.direction === 'UPGRADE';
      const creditedInvoiceId = upgrade ? null : paidPeriodInvoiceOf(service);
      let credits: PlanChangeCredit[] | undefined;
      const command = (now: string): ServiceCommand => ({
        type: 'RequestPlanChange',
        changeId: ids.changeId,
        direction: priced.direction,
        toPlanId: priced.plan.planId,
        toPlanName: priced.plan.name,
        toPlanKind: priced.plan.kind,
        toCycle: cycleOf(service),
        recurringLines: priced.recurringLines,
        proration: priced.proration,
        invoiceId: upgrade ? ids.invoiceId : null,
        creditedInvoiceId,
        creditNoteId: upgrade ? null : ids.creditNoteId,
        ...(credits ? { credits } : {}),
        requestedBy: ctx.actor.userId,
        now,
      });
      // The service's rules first (status, kind, cycle, a pending change), then the money's.
      checkFirst(service, command(deps.now().toISOString()));
      if (!upgrade)
        credits = await downgradeCredits(
          deps,
          ctx,
          service,
          creditedInvoiceId,
          priced.proration.amount,
        );
      if (upgrade && cmd.payFromWallet) {
        const total = new D(priced.document.totals.total);
        const wallet = await loadWallet(deps.store, service.customerId);
        if (wallet.balance.lt(total))
          throw conflict(
            `Insufficient wallet balance: missing ₹${inr(total.minus(wallet.balance))} (₹${inr(total)} to pay, ₹${inr(wallet.balance)} in the wallet); pay the invoice later instead.`,
          );
      }
      const requested = await applyToService(deps, step('request'), service.serviceId, command);
      position = laterPosition(position, requested.position);
      request = requestOf(requested.events, ids.changeId)!;
      invoiceLines = priced.lines;
    }

    let paidFromWallet = '0.00';
    if (request.direction === 'UPGRADE') {
      const { supplier, recipient, billing } = await billingContext(
        deps,
        ctx.tenantId,
        service.customerId,
      );
      const lines = invoiceLines.length ? invoiceLines : [invoiceLineOf(request)];
      const subject: InvoiceSubject = {
        kind: 'PLAN_CHANGE',
        serviceId: service.serviceId,
        changeId: ids.changeId,
      };
      const issued = await handleCommand(deps, step('invoice'), {
        streamId: invoiceStreamId(ids.invoiceId),
        decider: invoiceDecider,
        command: (now) => ({
          type: 'IssueProforma' as const,
          tenantId: ctx.tenantId,
          invoiceId: ids.invoiceId,
          customerId: service.customerId,
          orderId: null,
          lines,
          supplier,
          recipient,
          roundOff: billing.roundOff,
          subject,
          now,
        }),
        perAttempt: { supplier: undefined, recipient: undefined, roundOff: undefined },
      });
      position = laterPosition(position, issued.position);
      if (cmd.payFromWallet) {
        const paid = await payFromWallet(deps, step('payment'), {
          invoiceId: ids.invoiceId,
          amount: null,
          partialAllowed: false,
        });
        paidFromWallet = paid.paid;
        position = laterPosition(position, paid.position);
        if (paid.invoice.status !== 'PROFORMA' && paid.invoice.status !== 'CANCELLED')
          position = laterPosition(
            position,
            await applyWhenPossible(deps, cause, ids.changeId, service.serviceId),
          );
      }
    } else {
      position = laterPosition(position, await creditDowngrade(deps, step, cause, request));
      position = laterPosition(
        position,
        await applyWhenPossible(deps, cause, ids.changeId, service.serviceId),
      );
    }

    const events = await deps.store.readStream(serviceStreamId(service.serviceId));
    return {
      serviceId: service.serviceId,
      change: planChangeView(events, ids.changeId)!,
      invoiceId: request.invoiceId,
      paidFromWallet,
      position,
    };
  });
}

/** The proforma's one line, from the recorded request (a retry after the request was written). */
function invoiceLineOf(request: ServicePlanChangeRequested['data']) {
  const plan = request.recurringLines.find((l) => l.source.kind === 'PLAN');
  return {
    description: request.proration.description,
    sac: plan?.sac ?? '998315',
    quantity: '1',
    unitPrice: inr(new D(request.proration.amount).abs()),
    ...(plan?.rate ? { rate: plan.rate } : {}),
    source: { kind: 'PLAN_CHANGE', refId: request.changeId },
  };
}

/** What is left to credit on a tax invoice before tax: its taxable value less its notes'. */
function creditableTaxable(invoice: {
  document: CalculatedDocument | null;
  creditNotes: Record<string, { document: CalculatedDocument }>;
}): Dec {
  let left = new D(invoice.document?.totals.taxableValue ?? 0);
  for (const n of Object.values(invoice.creditNotes))
    left = left.minus(n.document.totals.taxableValue);
  return left;
}

/**
 * A downgrade's credit notes: the period's invoice first, then the invoices of upgrades applied
 * in this period, newest first (the period was paid by all of them), each up to what it has
 * left to credit. Refused when the period's invoice is not a paid tax invoice yet.
 */
async function downgradeCredits(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  service: ServiceState,
  periodInvoiceId: string | null,
  amount: string,
): Promise<PlanChangeCredit[]> {
  const period = periodInvoiceId
    ? (await loadInvoice(deps.store, ctx.tenantId, periodInvoiceId)).state
    : null;
  if (!period || period.status !== 'TAX_INVOICE')
    throw conflict(
      'The invoice of the current period is not a paid tax invoice; a downgrade is credited against it, so it waits until that invoice is paid.',
    );
  const events = await deps.store.readStream(serviceStreamId(service.serviceId));
  const upgrades = events
    .filter((e) => e.type === 'ServicePlanChangeRequested')
    .map((e) => e.data as ServicePlanChangeRequested['data'])
    .filter(
      (r) =>
        r.direction === 'UPGRADE' &&
        r.invoiceId !== null &&
        service.closedChanges[r.changeId] === 'APPLIED' &&
        r.proration.on >= service.periodStart,
    )
    .reverse();
  const candidates = [{ id: periodInvoiceId!, state: period }];
  for (const u of upgrades)
    candidates.push({
      id: u.invoiceId!,
      state: (await loadInvoice(deps.store, ctx.tenantId, u.invoiceId!)).state,
    });
  const ids = planChangeIdsOf(ctx.tenantId, ctx.commandId);
  let left = new D(amount).abs();
  const credits: PlanChangeCredit[] = [];
  for (const c of candidates) {
    if (left.lte(0)) break;
    if (c.state.status !== 'TAX_INVOICE') continue;
    const take = D.min(left, creditableTaxable(c.state));
    if (take.lte(0)) continue;
    const creditNoteId =
      credits.length === 0
        ? ids.creditNoteId
        : uuidFrom(`plan-change-credit:${ctx.tenantId}:${ctx.commandId}:${credits.length}`);
    credits.push({ invoiceId: c.id, creditNoteId, taxableValue: inr(take) });
    left = left.minus(take);
  }
  if (left.gt(0) || credits[0]?.invoiceId !== periodInvoiceId)
    throw conflict(
      `The credit of ₹${inr(new D(amount).abs())} is more than this period's invoices have left to credit.`,
    );
  return credits;
}

/** The downgrade's credit notes (amounts before tax, to the wallet): raised, numbered, credited. */
async function creditDowngrade(
  deps: ServiceCommandDeps,
  step: (name: string) => CommandContext,
  cause: Cause,
  request: ServicePlanChangeRequested['data'],
): Promise<Position | null> {
  const credits = request.credits ?? [
    {
      invoiceId: request.creditedInvoiceId!,
      creditNoteId: request.creditNoteId!,
      taxableValue: inr(new D(request.proration.amount).abs()),
    },
  ];
  let position: Position | null = null;
  for (const [i, credit] of credits.entries()) {
    const raised = await handleCommand(deps, step(i === 0 ? 'credit-note' : `credit-note-${i}`), {
      streamId: invoiceStreamId(credit.invoiceId),
      decider: invoiceDecider,
      command: (now) => ({
        type: 'RaiseCreditNote' as const,
        creditNoteId: credit.creditNoteId,
        scope: { kind: 'amount' as const, taxableValue: credit.taxableValue },
        reason: `Plan change from ${request.fromPlanName} to ${request.toPlanName}: ${request.proration.daysLeft} of ${request.proration.daysInPeriod} days left`,
        destination: 'WALLET' as const,
        raisedBy: request.requestedBy,
        now,
      }),
    });
    position = laterPosition(position, raised.position);
    const event = raised.events.find((e) => e.type === 'CreditNoteRaised');
    if (!event) continue;
    const port = inlinePort(deps);
    await issueCreditNoteFor(
      port.issue,
      storeNumberingReads(deps.store),
      cause,
      event.data as CreditNoteRaised['data'],
    );
    position = laterPosition(position, port.position());
  }
  return position;
}

/** Why the module cannot put this server on the new plan (null: it did). */
async function resizeOrWhyNot(
  deps: ServiceCommandDeps,
  service: ServiceState,
  change: { toPlanId: string; toPlanName: string },
): Promise<string | null> {
  if (service.module === 'MANUAL' || service.vmId === null)
    return 'this server is managed by hand: staff resize it, then apply the change';
  const module = await moduleOf(deps, service);
  if (!module.resize) return `the ${service.module} module cannot resize servers: staff resize it`;
  let spec;
  try {
    const settings = await loadProvisioningSettings(deps.store, service.tenantId);
    spec = deploySpecOf(settings, {
      ...service,
      planId: change.toPlanId,
      planName: change.toPlanName,
    });
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
  try {
    await module.resize(service.vmId, spec);
    return null;
  } catch (error) {
    if (error instanceof ModuleError)
      return `the module could not resize the server (${error.message}): staff resize it, then apply the change`;
    throw error;
  }
}

const systemContext = (cause: Cause, commandId: string): CommandContext => ({
  tenantId: cause.tenantId,
  actor: { userId: 'system', role: 'system' },
  commandId,
  correlationId: cause.correlationId,
  causationId: cause.causationId,
});

/**
 * A change that may be applied now (a downgrade, a paid upgrade): the module resizes the server
 * and the change is applied (by MODULE), or, when it cannot, it waits for staff (AWAITING_STAFF).
 * A change applied, cancelled or already with staff: nothing. Callers hold `oneAtATime`.
 */
async function applyWhenPossible(
  deps: ServiceCommandDeps,
  cause: Cause,
  changeId: string,
  serviceId: string,
): Promise<Position | null> {
  const service = await loadService(deps.store, cause.tenantId, serviceId);
  const change = service.planChange;
  if (!change || change.changeId !== changeId || change.status === 'AWAITING_STAFF') return null;
  const stepIds = planChangeStepIds(changeId);
  if (!(await handledBefore(deps.store, serviceId, stepIds.applied))) {
    const why = await resizeOrWhyNot(deps, service, change);
    if (why !== null) {
      const marked = await applyToService(
        deps,
        systemContext(cause, stepIds.awaitingStaff),
        serviceId,
        (now) => ({ type: 'MarkPlanChangeAwaitingStaff', changeId, reason: why, now }),
      );
      return marked.position;
    }
  }
  const applied = await applyToService(
    deps,
    systemContext(cause, stepIds.applied),
    serviceId,
    (now) => ({ type: 'ApplyPlanChange', changeId, by: 'MODULE', appliedBy: null, now }),
  );
  return applied.position;
}

/** The invoice's subject, as its ProformaIssued says (null for invoices without one). */
async function subjectOf(
  deps: ServiceCommandDeps,
  invoiceId: string,
): Promise<InvoiceSubject | null> {
  const events = await deps.store.readStream(invoiceStreamId(invoiceId));
  const issued = events.find((e) => e.type === 'ProformaIssued');
  return (issued?.data as { subject?: InvoiceSubject | null } | undefined)?.subject ?? null;
}

/**
 * The plan-changes process on InvoicePaid: a PLAN_CHANGE invoice paid → the change applied
 * through the module (or left to staff). Other invoices: nothing.
 */
export async function applyPaidPlanChange(
  deps: ServiceCommandDeps,
  cause: Cause,
  paid: Pick<InvoicePaid['data'], 'invoiceId'>,
): Promise<Position | null> {
  const subject = await subjectOf(deps, paid.invoiceId);
  if (subject?.kind !== 'PLAN_CHANGE') return null;
  return oneAtATime(subject.serviceId, () =>
    applyWhenPossible(deps, cause, subject.changeId, subject.serviceId),
  );
}

/** The plan-changes process on ProformaCancelled: the upgrade it billed is cancelled (if still pending). */
export async function cancelUnpaidPlanChange(
  deps: ServiceCommandDeps,
  cause: Cause,
  cancelled: { invoiceId: string },
): Promise<Position | null> {
  const subject = await subjectOf(deps, cancelled.invoiceId);
  if (subject?.kind !== 'PLAN_CHANGE') return null;
  const service = await loadService(deps.store, cause.tenantId, subject.serviceId);
  if (service.planChange?.changeId !== subject.changeId) return null;
  const result = await applyToService(
    deps,
    systemContext(cause, planChangeStepIds(subject.changeId).cancelled),
    subject.serviceId,
    (now) => ({
      type: 'CancelPlanChange',
      changeId: subject.changeId,
      reason: 'its invoice was cancelled',
      cancelledBy: null,
      now,
    }),
  );
  return result.position;
}

const applySchema = z.object({ commandId, serviceId: uuid, changeId: uuid });

/**
 * Staff (services.manage): a paid change the module could not make (AWAITING_STAFF), applied
 * by hand once staff resized the server. An unpaid one is refused (it is applied once paid).
 */
export async function applyPlanChange(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ serviceId: string; position: Position | null }> {
  const cmd = parseInput(applySchema, { ...(input as object), commandId: ctx.commandId });
  const { service } = await authorizeService(deps, ctx, cmd.serviceId, {
    staff: 'services.manage',
    account: null,
  });
  const command = (now: string): ServiceCommand => ({
    type: 'ApplyPlanChange',
    changeId: cmd.changeId,
    by: 'STAFF',
    appliedBy: ctx.actor.userId,
    now,
  });
  if (!(await handledBefore(deps.store, cmd.serviceId, ctx.commandId))) {
    const change = service.planChange;
    if (change?.changeId === cmd.changeId && change.status === 'AWAITING_PAYMENT')
      throw conflict(
        'The invoice of this change is not paid yet; the change is applied once it is paid.',
      );
    checkFirst(service, command(deps.now().toISOString()));
  }
  const result = await applyToService(deps, ctx, cmd.serviceId, command);
  return { serviceId: cmd.serviceId, position: result.position };
}
