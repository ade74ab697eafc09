/**
 * Test support: AutomationReads computed from the log itself (every event, folded here), so
 * the model tests can run the scheduler on an event store in memory, and the read models'
 * facts (projections/automation/facts.ts) can be checked against the log's.
 */
import type { RenewalInvoiceFact, ReminderKind } from '../../../domain/automation/schedule.ts';
import type {
  InvoicePaymentApplied,
  InvoicePaid,
  InvoiceReminderSent,
  ProformaIssued,
} from '../../../domain/invoices/events.ts';
import type { OrderPlaced } from '../../../domain/orders/events.ts';
import { serviceDecider, type ServiceState } from '../../../domain/services/decider.ts';
import type { ServiceEvent } from '../../../domain/services/events.ts';
import { walletDecider, type WalletState } from '../../../domain/wallet/decider.ts';
import type { WalletEvent } from '../../../domain/wallet/events.ts';
import { D, inr } from '../../../domain/shared/money.ts';
import type { EventStore, RecordedEvent } from '../../../eventstore/types.ts';
import type { AutomationReads, AutomationServiceFacts, UnpaidOrderFact } from '../ports.ts';
import { readWholeLog } from '../../../eventstore/read-whole.ts';

type Invoice = RenewalInvoiceFact & { serviceId: string; tenantId: string };

function byStream(events: RecordedEvent[], prefix: string) {
  const out = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    if (!e.streamId.startsWith(prefix)) continue;
    const list = out.get(e.streamId) ?? [];
    list.push(e);
    out.set(e.streamId, list);
  }
  return out;
}

function renewalInvoices(events: RecordedEvent[]): Invoice[] {
  const invoices = new Map<string, Invoice>();
  for (const e of events) {
    const id = (e.data as { invoiceId?: string }).invoiceId;
    if (e.type === 'ProformaIssued') {
      const d = e.data as ProformaIssued['data'];
      if (d.subject?.kind !== 'RENEWAL') continue;
      invoices.set(d.invoiceId, {
        tenantId: d.tenantId,
        invoiceId: d.invoiceId,
        serviceId: d.subject.serviceId,
        periodStart: d.subject.periodStart,
        status: 'UNPAID',
        amountDue: d.document.totals.total,
        paidAt: null,
        remindersSent: [],
      });
      continue;
    }
    const invoice = id ? invoices.get(id) : undefined;
    if (!invoice) continue;
    switch (e.type) {
      case 'InvoicePaymentApplied': {
        const d = e.data as InvoicePaymentApplied['data'];
        invoice.amountDue = d.amountDueAfter;
        if (invoice.status === 'UNPAID') invoice.status = 'PARTLY_PAID';
        break;
      }
      case 'InvoicePaid':
        invoice.status = 'PAID';
        invoice.amountDue = '0.00';
        invoice.paidAt = (e.data as InvoicePaid['data']).paidAt;
        break;
      case 'InvoicePaymentRefunded':
        invoice.amountDue = inr(
          new D(invoice.amountDue).plus((e.data as { amount: string }).amount),
        );
        break;
      case 'ProformaCancelled':
        invoice.status = 'CANCELLED';
        break;
      case 'InvoiceReminderSent':
        invoice.remindersSent = [
          ...invoice.remindersSent,
          (e.data as InvoiceReminderSent['data']).reminder as ReminderKind,
        ];
        break;
    }
  }
  return [...invoices.values()];
}

export function logReads(store: EventStore): AutomationReads {
  return {
    async serviceFacts(tenantId) {
      const all = await readWholeLog(store);
      const invoices = renewalInvoices(all);
      const wallets = new Map<string, { state: WalletState; autoPay: boolean }>();
      for (const [, events] of byStream(all, 'wallet-')) {
        let state = walletDecider.initialState;
        let autoPay = true;
        for (const e of events) {
          state = walletDecider.evolve(state, e as unknown as WalletEvent);
          if (e.type === 'AutoPaySet') autoPay = (e.data as { enabled: boolean }).enabled;
        }
        if (state.customerId) wallets.set(state.customerId, { state, autoPay });
        else {
          const c = (events[0]!.data as { customerId: string }).customerId;
          wallets.set(c, { state, autoPay });
        }
      }
      const facts: AutomationServiceFacts[] = [];
      for (const [, events] of byStream(all, 'service-')) {
        let s: ServiceState = serviceDecider.initialState;
        for (const e of events) s = serviceDecider.evolve(s, e as unknown as ServiceEvent);
        if (s.tenantId !== tenantId || (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED'))
          continue;
        const wallet = wallets.get(s.customerId);
        facts.push({
          serviceId: s.serviceId,
          customerId: s.customerId,
          status: s.status,
          suspension: s.suspension,
          nextDueDate: s.nextDueDate,
          anchorDay: s.anchorDay,
          months: s.months,
          cancellation: s.cancellation,
          invoices: invoices
            .filter((i) => i.serviceId === s.serviceId)
            .map(({ serviceId: _s, tenantId: _t, ...fact }) => fact),
          wallet: {
            balance: inr(wallet?.state.balance ?? new D(0)),
            autoPay: wallet?.autoPay ?? true,
            partialPayments: false,
          },
          customerName: s.customerId,
          hostname: s.hostname,
          planName: s.planName,
          recurringAmount: s.recurringAmount,
        });
      }
      return facts.sort((a, b) => a.serviceId.localeCompare(b.serviceId));
    },
    async unpaidOrders(tenantId) {
      const all = await readWholeLog(store);
      const orders: UnpaidOrderFact[] = [];
      for (const [, events] of byStream(all, 'order-')) {
        const placed = events.find((e) => e.type === 'OrderPlaced');
        if (!placed) continue;
        const d = placed.data as OrderPlaced['data'];
        if (d.tenantId !== tenantId) continue;
        if (events.some((e) => e.type === 'OrderPaid' || e.type === 'OrderCancelled')) continue;
        orders.push({
          orderId: d.orderId,
          customerId: d.customerId,
          customerName: d.customerId,
          invoiceId: d.invoiceId,
          placedAt: d.placedAt,
          expiresAt: d.expiresAt,
          total: '0.00',
        });
      }
      return orders;
    },
  };
}
