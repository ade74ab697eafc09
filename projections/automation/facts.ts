import type { Sql } from 'postgres';
import type {
  RenewalInvoiceFact,
  RenewalInvoiceStatus,
  ReminderKind,
  ServiceFacts,
} from '../../domain/automation/schedule.ts';
import type {
  CancellationWhen,
  ServiceStatus,
  SuspensionKind,
} from '../../domain/services/events.ts';

/**
 * What the scheduler reads (commands/automation/ports.ts `AutomationReads`) from the read
 * models: the tenant's ACTIVE and SUSPENDED services (services) with their renewal invoices
 * (invoices whose subject is RENEWAL, every status, with the reminders sent), the customer's
 * wallet balance and auto-pay choice (wallet; on until the customer turns it off), and the
 * PENDING orders (orders). On the owner connection, each query filtered by the tenant: the
 * scheduler runs for every tenant, outside any request. Each command re-checks on the log
 * before it writes, so a read model a moment behind costs at most an ALREADY_DONE or SKIPPED
 * item, never a second effect.
 *
 * The same facts as commands/automation/testing/log-reads.ts folds from the log (facts.int.test.ts).
 */

/**
 * commands/automation/ports.ts `AutomationServiceFacts` and `UnpaidOrderFact`, spelled out here
 * (projections/ import no commands/): the composition root (server/areas/automation.ts) hands
 * `automationReads(sql)` on as an `AutomationReads`, so tsc checks the two agree.
 */
export interface ServiceFactsRow extends ServiceFacts {
  customerName: string;
  hostname: string;
  planName: string;
  recurringAmount: string;
}

export interface UnpaidOrderRow {
  orderId: string;
  customerId: string;
  customerName: string;
  invoiceId: string;
  placedAt: string;
  expiresAt: string;
  total: string;
}

export interface AutomationFacts {
  serviceFacts(tenantId: string): Promise<ServiceFactsRow[]>;
  unpaidOrders(tenantId: string): Promise<UnpaidOrderRow[]>;
}

type ServiceRow = {
  id: string;
  customer_id: string;
  status: ServiceStatus;
  suspension: SuspensionKind | null;
  next_due_date: string;
  anchor_day: number;
  months: number;
  cancel_when: CancellationWhen | null;
  cancel_effective_on: string | null;
  hostname: string;
  plan_name: string;
  recurring_amount: string;
  customer_name: string | null;
  balance: string;
  auto_pay: boolean;
};

type InvoiceRow = {
  id: string;
  service_id: string;
  period_start: string;
  status: string;
  amount_due: string;
  amount_paid: string;
  paid_at: Date | null;
  reminders: { kind: string; sentAt: string }[];
};

/** The invoices read model's status and payments as the schedule's four states. */
function statusOf(r: InvoiceRow): RenewalInvoiceStatus {
  if (r.status === 'CANCELLED') return 'CANCELLED';
  if (r.status === 'PAID' || r.status === 'TAX_INVOICE') return 'PAID';
  return Number(r.amount_paid) > 0 ? 'PARTLY_PAID' : 'UNPAID';
}

function invoiceFact(r: InvoiceRow): RenewalInvoiceFact {
  const status = statusOf(r);
  return {
    invoiceId: r.id,
    periodStart: r.period_start,
    status,
    amountDue: status === 'PAID' ? '0.00' : r.amount_due,
    paidAt: r.paid_at ? r.paid_at.toISOString() : null,
    remindersSent: r.reminders.map((x) => x.kind as ReminderKind),
  };
}

export function automationReads(sql: Sql): AutomationFacts {
  return {
    async serviceFacts(tenantId) {
      const [services, invoices] = await Promise.all([
        sql<ServiceRow[]>`
          select s.id, s.customer_id, s.status, s.suspension, s.next_due_date::text, s.anchor_day,
            s.months, s.cancel_when, s.cancel_effective_on::text, s.hostname, s.plan_name,
            s.recurring_amount::text, u.name as customer_name,
            coalesce(w.balance, 0)::numeric(18,2)::text as balance, coalesce(a.enabled, true) as auto_pay
          from rm_services.services s
          left join rm_identity.users u on u.id = s.customer_id
          left join rm_wallet.wallets w on w.customer_id = s.customer_id
          left join rm_wallet.auto_pay a on a.customer_id = s.customer_id
          where s.tenant_id = ${tenantId} and s.status in ('ACTIVE', 'SUSPENDED')
          order by s.id`,
        sql<InvoiceRow[]>`
          select i.id, (i.subject->>'serviceId') as service_id, (i.subject->>'periodStart') as period_start,
            i.status, (i.total - i.amount_paid)::numeric(18,2)::text as amount_due,
            i.amount_paid::text, i.paid_at, i.reminders
          from rm_invoices.invoices i
          where i.tenant_id = ${tenantId} and i.subject->>'kind' = 'RENEWAL'
          order by i.issued_at, i.id`,
      ]);
      const byService = new Map<string, RenewalInvoiceFact[]>();
      for (const r of invoices) {
        const list = byService.get(r.service_id) ?? [];
        list.push(invoiceFact(r));
        byService.set(r.service_id, list);
      }
      return services.map((s): ServiceFactsRow => ({
        serviceId: s.id,
        customerId: s.customer_id,
        status: s.status,
        suspension: s.suspension,
        nextDueDate: s.next_due_date,
        anchorDay: s.anchor_day,
        months: s.months,
        cancellation:
          s.cancel_when === null
            ? null
            : { when: s.cancel_when, effectiveOn: s.cancel_effective_on ?? '' },
        invoices: byService.get(s.id) ?? [],
        wallet: { balance: s.balance, autoPay: s.auto_pay, partialPayments: false },
        customerName: s.customer_name ?? '',
        hostname: s.hostname,
        planName: s.plan_name,
        recurringAmount: s.recurring_amount,
      }));
    },
    async unpaidOrders(tenantId) {
      const rows = await sql`
        select o.id, o.customer_id, u.name as customer_name, o.invoice_id, o.placed_at, o.expires_at,
          coalesce(i.total, 0)::numeric(18,2)::text as total
        from rm_orders.orders o
        left join rm_identity.users u on u.id = o.customer_id
        left join rm_invoices.invoices i on i.id = o.invoice_id
        where o.tenant_id = ${tenantId} and o.status = 'PENDING'
        order by o.placed_at, o.id`;
      return rows.map((r): UnpaidOrderRow => ({
        orderId: r.id as string,
        customerId: r.customer_id as string,
        customerName: (r.customer_name as string | null) ?? '',
        invoiceId: r.invoice_id as string,
        placedAt: (r.placed_at as Date).toISOString(),
        expiresAt: (r.expires_at as Date).toISOString(),
        total: r.total as string,
      }));
    },
  };
}
