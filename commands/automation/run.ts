/**
 * Billing automation runs (issue 13, BILLING.md "Renewal and dunning"):
 * - `previewAutomation`: what a run as of any instant would do, planned exactly as a run plans
 *   it, writing nothing;
 * - `runAutomation`: staff's "Run now" (or the schedule's, `runScheduled`): under the tenant's
 *   lock, the run started on its stream, each item carried out on its own (one failing never
 *   stops the others), a renewal invoice auto-paid in the same run as soon as it is issued, the
 *   items recorded in batches, the run finished with its counts.
 *
 * The candidates come from the read models (AutomationReads); each command re-checks on the log
 * before it writes and runs under a deterministic id, so a stale read, a repeated run or two app
 * processes at once have one effect. Per customer the wallet is shared: auto-payments are
 * planned against a running balance, oldest service first.
 */
import { z } from 'zod';
import {
  automationRunDecider,
  runCounts,
  type AutomationRunState,
} from '../../domain/automation/decider.ts';
import {
  AUTOMATION_JOBS,
  RUN_ITEMS_PER_EVENT,
  automationRunStreamId,
  type AutomationJob,
  type AutomationRunEvent,
  type RunItem,
  type RunItemKind,
  type RunTrigger,
} from '../../domain/automation/events.ts';
import { inJob } from '../../domain/automation/jobs.ts';
import {
  countByKind,
  dueWork,
  unpaidOrderDue,
  type RenewalInvoiceFact,
} from '../../domain/automation/schedule.ts';
import type { AutomationSettings } from '../../domain/automation/settings.ts';
import { describeWork } from '../../domain/automation/describe.ts';
import { todayInIndia } from '../../domain/services/due-dates.ts';
import { DomainError, badInput, conflict, fold } from '../../domain/shared/decider.ts';
import { D, inr, type Dec } from '../../domain/shared/money.ts';
import { billingOf, loadTenant } from '../orders/order-context.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import type {
  AutomationLock,
  AutomationReads,
  AutomationServiceFacts,
  AutomationWork,
  WorkResult,
} from './ports.ts';
import { loadAutomationSettings } from './settings.ts';
import { AUTOMATION_ACTOR, executeWork, type WorkDeps } from './work.ts';
import { renewalQuote } from '../services/renewal.ts';

export type RunDeps = WorkDeps & { reads: AutomationReads; lock: AutomationLock };

/** One effect a run would have, with what a person needs to recognise it in a list. */
export interface PlannedItem {
  kind: RunItemKind;
  commandId: string;
  serviceId: string | null;
  invoiceId: string | null;
  orderId: string | null;
  customerName: string | null;
  description: string;
  /** An auto-payment's amount; a renewal's amount before tax; an order's total. */
  amount: string | null;
  work: AutomationWork;
}

export interface AutomationPreview {
  asOf: string;
  job: AutomationJob;
  items: PlannedItem[];
  counts: Record<string, number>;
}

export interface AutomationRunResult {
  runId: string;
  job: AutomationJob;
  asOf: string;
  trigger: RunTrigger;
  /** This call's items (a repeated call: the items the run recorded). */
  items: RunItem[];
  counts: ReturnType<typeof runCounts>;
  /** True when this commandId's run had been started before (answered from its stream). */
  replayed: boolean;
}

/** The run's id: from the tenant and the commandId that started it. */
export const runIdOf = (tenantId: string, commandId: string) =>
  uuidFrom(`automation-run:${tenantId}:${commandId}`);

/** The schedule's commandId for a tenant's run of an hour: every app process derives the same. */
export const scheduledCommandId = (tenantId: string, hour: Date) =>
  `automation-schedule:${tenantId}:${hour.toISOString().slice(0, 13)}`;

const jobSchema = z.enum(AUTOMATION_JOBS, {
  message: `Must be one of ${AUTOMATION_JOBS.join(', ')}.`,
});
const instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Must be an instant (ISO 8601).')
  .transform((s) => new Date(s).toISOString());

const previewSchema = z.object({
  job: jobSchema.nullish().transform((j) => j ?? 'ALL'),
  asOf: instant.nullish(),
});

function describe(work: AutomationWork, facts: AutomationServiceFacts | null): string {
  return describeWork(work.kind, {
    server: facts ? facts.hostname || facts.planName : null,
    periodStart: 'periodStart' in work ? work.periodStart : null,
    periodEnd: 'periodEnd' in work ? work.periodEnd : null,
    dueDate: 'dueDate' in work ? work.dueDate : null,
    amount: work.kind === 'AUTO_PAY' ? work.amount : null,
    reminder: work.kind === 'REMINDER' ? work.reminder : null,
  });
}

function planned(work: AutomationWork, facts: AutomationServiceFacts | null): PlannedItem {
  return {
    kind: work.kind,
    commandId: work.commandId,
    serviceId: 'serviceId' in work ? work.serviceId : null,
    invoiceId: 'invoiceId' in work ? work.invoiceId : null,
    orderId: 'orderId' in work ? work.orderId : null,
    customerName: facts?.customerName ?? null,
    description: describe(work, facts),
    amount:
      work.kind === 'AUTO_PAY'
        ? work.amount
        : work.kind === 'RENEWAL_INVOICE'
          ? (facts?.recurringAmount ?? null)
          : null,
    work,
  };
}

/** Each customer's wallet as the run goes: what auto-pay may still take from it. */
class Balances {
  private readonly left = new Map<string, Dec>();
  of(facts: AutomationServiceFacts): Dec {
    if (!this.left.has(facts.customerId))
      this.left.set(facts.customerId, new D(facts.wallet.balance));
    return this.left.get(facts.customerId)!;
  }
  take(customerId: string, amount: string) {
    const now = this.left.get(customerId);
    if (now !== undefined) this.left.set(customerId, now.minus(amount));
  }
  giveBack(customerId: string, amount: string) {
    this.take(customerId, inr(new D(amount).neg()));
  }
}

/** The work due for one service with its customer's running balance; its auto-pays taken from it. */
function serviceWork(
  facts: AutomationServiceFacts,
  ctx: { settings: AutomationSettings; asOf: string; job: AutomationJob; partial: boolean },
  balances: Balances,
): PlannedItem[] {
  const balance = balances.of(facts);
  const work = dueWork(
    {
      ...facts,
      wallet: { ...facts.wallet, balance: inr(D.max(balance, 0)), partialPayments: ctx.partial },
    },
    ctx.settings,
    ctx.asOf,
  ).filter((w) => inJob(ctx.job, w.kind));
  for (const w of work) if (w.kind === 'AUTO_PAY') balances.take(facts.customerId, w.amount);
  return work.map((w) => planned(w, facts));
}

interface Plan {
  items: PlannedItem[];
  facts: Map<string, AutomationServiceFacts>;
  balances: Balances;
  settings: AutomationSettings;
  partial: boolean;
}

async function plan(
  deps: RunDeps,
  tenantId: string,
  job: AutomationJob,
  asOf: string,
): Promise<Plan> {
  const [settings, tenant, services] = await Promise.all([
    loadAutomationSettings(deps.store, tenantId),
    loadTenant(deps.store, tenantId),
    deps.reads.serviceFacts(tenantId),
  ]);
  const partial = billingOf(tenant).partialPayments;
  const balances = new Balances();
  const facts = new Map<string, AutomationServiceFacts>();
  const items: PlannedItem[] = [];
  const sorted = [...services].sort((a, b) => a.serviceId.localeCompare(b.serviceId));
  for (const f of sorted) {
    facts.set(f.serviceId, f);
    items.push(...serviceWork(f, { settings, asOf, job, partial }, balances));
  }
  if (inJob(job, 'CANCEL_UNPAID_ORDER'))
    for (const order of await deps.reads.unpaidOrders(tenantId)) {
      const work = unpaidOrderDue({ ...order, paid: false, cancelled: false }, asOf);
      if (work)
        items.push({
          ...planned(work, null),
          customerName: order.customerName,
          description: describeWork('CANCEL_UNPAID_ORDER', {
            orderPlacedOn: todayInIndia(order.placedAt),
            orderExpiresOn: todayInIndia(order.expiresAt),
          }),
          amount: order.total,
        });
    }
  return { items, facts, balances, settings, partial };
}

/**
 * Staff with automation.read: what a run of `job` as of `asOf` (default now) would do, in the
 * order it would do it, with counts per kind, a renewal invoice's auto-payment in the same run
 * listed after it (for the invoice as it would be issued now). Writes nothing.
 */
export async function previewAutomation(
  deps: RunDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<AutomationPreview> {
  const cmd = parseInput(previewSchema, input ?? {});
  requirePermission(ctx, 'automation.read');
  const asOf = cmd.asOf ?? deps.now().toISOString();
  const p = await plan(deps, ctx.tenantId, cmd.job, asOf);
  const items: PlannedItem[] = [];
  const listed = new Set(p.items.map((i) => i.commandId));
  for (const item of p.items) {
    items.push(item);
    if (item.work.kind !== 'RENEWAL_INVOICE') continue;
    // Its auto-payment in the same run, for the invoice as it would be issued.
    const quote = await renewalQuote(deps, ctx.tenantId, item.work).catch(() => null);
    if (quote === null) continue;
    item.invoiceId = quote.invoiceId;
    const next = followUps(
      p,
      cmd.job,
      asOf,
      item.work.serviceId,
      item.work.periodStart,
      quote,
      listed,
    );
    for (const n of next) listed.add(n.commandId);
    items.push(...next);
  }
  return { asOf, job: cmd.job, items, counts: countByKind(items) };
}

const runSchema = z.object({
  commandId,
  job: jobSchema,
  asOf: instant.nullish(),
  trigger: z
    .enum(['SCHEDULE', 'STAFF'], { message: 'Must be SCHEDULE or STAFF.' })
    .nullish()
    .transform((t) => t ?? 'STAFF'),
});

const runStep = (ctx: CommandContext, runId: string, name: string): CommandContext => ({
  ...ctx,
  commandId: `${ctx.commandId}:${name}`,
  correlationId: runId,
  causationId: ctx.commandId,
});

interface LoadedRun {
  state: AutomationRunState;
  trigger: RunTrigger;
  /** AutomationRunItemsRecorded events so far (the next batch's number). */
  batches: number;
}

async function loadRun(deps: RunDeps, runId: string): Promise<LoadedRun> {
  const events = await deps.store.readStream(automationRunStreamId(runId));
  const started = events.find((e) => e.type === 'AutomationRunStarted');
  return {
    state: fold(automationRunDecider, events as unknown as AutomationRunEvent[]),
    trigger: (started?.data as { trigger?: RunTrigger } | undefined)?.trigger ?? 'STAFF',
    batches: events.filter((e) => e.type === 'AutomationRunItemsRecorded').length,
  };
}

const toRunItem = (p: PlannedItem, r: WorkResult): RunItem => ({
  kind: p.kind,
  commandId: p.commandId,
  serviceId: p.serviceId,
  invoiceId: r.issued?.invoiceId ?? p.invoiceId,
  orderId: p.orderId,
  outcome: r.outcome,
  detail: r.outcome === 'DONE' ? null : r.detail,
});

/**
 * The newly issued renewal invoice's own work in the same run (its auto-payment first): the
 * service's facts with the invoice as it was issued, the customer's running balance.
 */
function followUps(
  p: Plan,
  job: AutomationJob,
  asOf: string,
  serviceId: string,
  periodStart: string,
  issued: { invoiceId: string; total: string },
  done: Set<string>,
): PlannedItem[] {
  const facts = p.facts.get(serviceId);
  if (!facts) return [];
  const invoice: RenewalInvoiceFact = {
    invoiceId: issued.invoiceId,
    periodStart,
    status: 'UNPAID',
    amountDue: issued.total,
    paidAt: null,
    remindersSent: [],
  };
  const withInvoice: AutomationServiceFacts = {
    ...facts,
    invoices: [...facts.invoices.filter((i) => i.invoiceId !== issued.invoiceId), invoice],
  };
  p.facts.set(serviceId, withInvoice);
  return serviceWork(
    withInvoice,
    { settings: p.settings, asOf, job, partial: p.partial },
    p.balances,
  ).filter((i) => i.kind !== 'RENEWAL_INVOICE' && !done.has(i.commandId));
}

async function execute(
  deps: RunDeps,
  ctx: CommandContext,
  run: { runId: string; job: AutomationJob; asOf: string },
  recorded: ReadonlySet<string>,
  batches: number,
): Promise<RunItem[]> {
  const p = await plan(deps, ctx.tenantId, run.job, run.asOf);
  const queue = [...p.items];
  const done = new Set<string>(queue.map((i) => i.commandId));
  const items: RunItem[] = [];
  let pending: RunItem[] = [];
  let batch = batches;
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending;
    pending = [];
    await handleCommand(deps, runStep(ctx, run.runId, `items:${batch++}`), {
      streamId: automationRunStreamId(run.runId),
      decider: automationRunDecider,
      command: (now) => ({ type: 'RecordRunItems' as const, items: chunk, now }),
    });
  };
  while (queue.length > 0) {
    const item = queue.shift()!;
    const result = await executeWork(deps, ctx.tenantId, item.work, {
      asOf: run.asOf,
      runId: run.runId,
    });
    if (item.work.kind === 'AUTO_PAY' && result.outcome !== 'DONE' && item.serviceId) {
      // Not taken from the wallet: what it held back is there for the customer's other invoices.
      const facts = p.facts.get(item.serviceId);
      if (facts) p.balances.giveBack(facts.customerId, item.work.amount);
    }
    if (
      item.work.kind === 'RENEWAL_INVOICE' &&
      result.issued &&
      (result.outcome === 'DONE' || result.outcome === 'ALREADY_DONE')
    ) {
      const next = followUps(
        p,
        run.job,
        run.asOf,
        item.work.serviceId,
        item.work.periodStart,
        result.issued,
        done,
      );
      for (const n of next) done.add(n.commandId);
      queue.unshift(...next);
    }
    if (recorded.has(item.commandId)) continue; // resumed: recorded by the first attempt
    const runItem = toRunItem(item, result);
    items.push(runItem);
    pending.push(runItem);
    if (pending.length >= RUN_ITEMS_PER_EVENT) await flush();
  }
  await flush();
  return items;
}

/**
 * Staff with automation.run (or the system): runs `job` as of `asOf` (default now; not later
 * than now). Under the tenant's lock (another run in progress: CONFLICT, nothing done); the run
 * started on its stream (its id from the commandId), every item carried out on its own and
 * recorded, the run finished with its counts. The same commandId again answers with that run.
 */
export async function runAutomation(
  deps: RunDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<AutomationRunResult> {
  const cmd = parseInput(runSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'automation.run');
  const nowIso = deps.now().toISOString();
  const asOf = cmd.asOf ?? nowIso;
  if (Date.parse(asOf) > Date.parse(nowIso) + 60_000)
    throw badInput('asOf', 'A run acts now; it cannot act as of a later instant (preview it).');
  const runId = runIdOf(ctx.tenantId, ctx.commandId);
  const startedBy = ctx.actor.role === 'system' ? null : ctx.actor.userId;

  const outcome = await deps.lock.exclusive(ctx.tenantId, async () => {
    const before = await loadRun(deps, runId);
    if (before.state.status === 'FINISHED') return answer(before, true);
    const started = await handleCommand(
      deps,
      { ...ctx, correlationId: runId },
      {
        streamId: automationRunStreamId(runId),
        decider: automationRunDecider,
        command: (now) => ({
          type: 'StartRun' as const,
          tenantId: ctx.tenantId,
          runId,
          job: cmd.job,
          asOf,
          trigger: cmd.trigger,
          startedBy,
          now,
        }),
      },
    );
    const state = started.state;
    // A run started before and left unfinished (its process died): finished now, items it
    // recorded kept, the rest carried out again (their command ids make that one effect).
    const run = { runId, job: state.job ?? cmd.job, asOf: state.asOf ?? asOf };
    const { batches } = await loadRun(deps, runId);
    await execute(deps, ctx, run, new Set(state.items.map((i) => i.commandId)), batches);
    await handleCommand(deps, runStep(ctx, runId, 'finish'), {
      streamId: automationRunStreamId(runId),
      decider: automationRunDecider,
      command: (now) => ({ type: 'FinishRun' as const, now }),
    });
    return answer(await loadRun(deps, runId), started.replayed);
  });
  if (!outcome.ran)
    throw conflict('A run is in progress for this tenant; try again when it is done.');
  return outcome.value;
}

function answer({ state, trigger }: LoadedRun, replayed: boolean): AutomationRunResult {
  return {
    runId: state.runId,
    job: state.job!,
    asOf: state.asOf!,
    trigger,
    items: state.items,
    counts: runCounts(state.items),
    replayed,
  };
}

/**
 * The schedule's run of every job for a tenant as of `hour` (the hour it is due): its id from the
 * tenant and the hour, so every app process ticking that hour starts the same run and only one
 * does its work. Another process running it now: null (not an error). Another run in progress
 * (staff's): CONFLICT, for the scheduler to report.
 */
export async function runScheduled(
  deps: RunDeps,
  tenantId: string,
  hour: Date,
): Promise<AutomationRunResult | null> {
  const commandId = scheduledCommandId(tenantId, hour);
  const ctx: CommandContext = { tenantId, actor: AUTOMATION_ACTOR, commandId };
  try {
    return await runAutomation(deps, ctx, {
      job: 'ALL',
      asOf: hour.toISOString(),
      trigger: 'SCHEDULE',
    });
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
    // The lock is held: by another process running this very run (it has started it, or is
    // about to), or by another run (staff's), which the scheduler reports.
    for (let look = 0; look < 10; look++) {
      const started = await loadRun(deps, runIdOf(tenantId, commandId));
      if (started.state.status !== 'NONE') return null;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw error;
  }
}
