/**
 * What the automation commands need from outside the log: the read models that say which
 * services and orders are due (a run decides its candidates there; each command then re-checks
 * on the log before it writes), and a lock so two app processes on one database do not do one
 * run's work twice. The composition root gives the Postgres implementations
 * (projections/automation/queries.ts, integrations/automation/lock-postgres.ts).
 */
import type { ServiceFacts, WorkItem } from '../../domain/automation/schedule.ts';
import type { RunItemOutcome } from '../../domain/automation/events.ts';
import type { Position } from '../../eventstore/types.ts';

/** A service as the scheduler sees it, with what a person needs to recognise it in a list. */
export interface AutomationServiceFacts extends ServiceFacts {
  customerName: string;
  hostname: string;
  planName: string;
  /** Before tax, per cycle. */
  recurringAmount: string;
}

/** An order still waiting for payment (PENDING), with the instant it expires (OrderPlaced). */
export interface UnpaidOrderFact {
  orderId: string;
  customerId: string;
  customerName: string;
  invoiceId: string;
  placedAt: string;
  expiresAt: string;
  total: string;
}

export interface AutomationReads {
  /**
   * Every ACTIVE or SUSPENDED service of the tenant with its renewal invoices (subject RENEWAL,
   * every status, with the reminders sent), its customer's wallet balance and auto-pay choice.
   * `wallet.partialPayments` is false here: the run sets the tenant's setting.
   */
  serviceFacts(tenantId: string): Promise<AutomationServiceFacts[]>;
  /** The tenant's PENDING orders. */
  unpaidOrders(tenantId: string): Promise<UnpaidOrderFact[]>;
}

export interface AutomationLock {
  /**
   * Runs `work` while this process holds the tenant's automation lock; `{ ran: false }` at once
   * (nothing run) when another process holds it.
   */
  exclusive<T>(
    tenantId: string,
    work: () => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }>;
}

export interface AutomationPorts {
  reads: AutomationReads;
  lock: AutomationLock;
}

/** One process's lock (tests, and a single process without a database lock). */
export function inProcessLock(): AutomationLock {
  const held = new Set<string>();
  return {
    async exclusive(tenantId, work) {
      if (held.has(tenantId)) return { ran: false };
      held.add(tenantId);
      try {
        return { ran: true, value: await work() };
      } finally {
        held.delete(tenantId);
      }
    },
  };
}

/** An unpaid new order's cancellation, as the run issues it. */
export type UnpaidOrderWork = { kind: 'CANCEL_UNPAID_ORDER'; commandId: string; orderId: string };

/** Everything a run can do. */
export type AutomationWork = WorkItem | UnpaidOrderWork;

/** What one item of work came to (commands/automation/work.ts `executeWork`). */
export interface WorkResult {
  outcome: RunItemOutcome;
  detail: string | null;
  /** RENEWAL_INVOICE: the proforma issued and its total, so the run can auto-pay it at once. */
  issued?: { invoiceId: string; total: string };
  /** AUTO_PAY: what the wallet paid. */
  paid?: string;
  position: Position | null;
}
