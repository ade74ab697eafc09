/**
 * Orders, invoices and payments for the benchmarks, made by the real commands (placeOrder,
 * payInvoiceFromWallet, recordInvoicePayment, cancelOrder, issueCreditNote) on the demo catalog
 * (server/demo-catalog.ts, seeded through the catalog commands), so the events, their
 * revisions and the invoice series are exactly what the platform writes.
 */
import { randomUUID } from 'node:crypto';
import { issueCreditNote } from '../commands/invoices/credit-note.ts';
import { payInvoiceFromWallet } from '../commands/invoices/pay-from-wallet.ts';
import { recordInvoicePayment } from '../commands/invoices/record-payment.ts';
import { loadInvoice } from '../commands/invoices/wallet-reads.ts';
import { cancelOrder } from '../commands/orders/cancel-order.ts';
import { placeOrder } from '../commands/orders/place-order.ts';
import type { CommandContext, CommandDeps } from '../commands/shared/handler.ts';
import type { BillingCycle } from '../domain/catalog/events.ts';
import { DomainError } from '../domain/shared/decider.ts';
import { inr } from '../domain/shared/money.ts';
import type { OrderItemInput } from '../domain/orders/pricing.ts';
import { seedCatalog, type CatalogSeed } from '../server/demo-catalog.ts';

export type { CatalogSeed };

/** The demo catalog of a tenant (with Mumbai), under command ids of the bench's own. */
export const seedBenchCatalog = (deps: CommandDeps, tenantId: string): Promise<CatalogSeed> =>
  seedCatalog(deps, tenantId, { mumbai: true, prefix: 'bench:catalog' });

interface Choice {
  plan: string;
  cycle: BillingCycle;
  os: string;
  addons: string[];
}

/** What customers order, in Mumbai: small VPSs most, a few dedicated servers (often too dear for the wallet). */
const MENU: Choice[] = [
  { plan: 'vps-starter', cycle: 'MONTHLY', os: 'ubuntu', addons: ['backup'] },
  { plan: 'vps-pro', cycle: 'MONTHLY', os: 'ubuntu', addons: ['cpanel', 'backup'] },
  { plan: 'vps-pro', cycle: 'ANNUAL', os: 'debian', addons: ['ssl-standard'] },
  { plan: 'shared-starter', cycle: 'ANNUAL', os: 'alma', addons: ['ssl-standard'] },
  { plan: 'shared-pro', cycle: 'MONTHLY', os: 'alma', addons: [] },
  { plan: 'vps-starter', cycle: 'QUARTERLY', os: 'rocky', addons: [] },
  { plan: 'vds-4', cycle: 'QUARTERLY', os: 'rocky', addons: ['plesk', 'ipv4'] },
  { plan: 'dedicated-e2388g', cycle: 'MONTHLY', os: 'windows', addons: ['cpanel', 'support'] },
];

function item(catalog: CatalogSeed, c: Choice, hostname: string): OrderItemInput {
  const id = (ids: Record<string, string>, key: string) => {
    const v = ids[key];
    if (!v) throw new Error(`bench: the demo catalog has no ${key}`);
    return v;
  };
  return {
    planId: id(catalog.plans, c.plan),
    cycle: c.cycle,
    operatingSystemId: id(catalog.operatingSystems, c.os),
    dataCentreId: id(catalog.dataCentres, 'mumbai'),
    hostname,
    addons: c.addons.map((a) => ({ addonId: id(catalog.addons, a), quantity: 1 })),
  };
}

/** The checkout benchmark's order: VPS Pro monthly with cPanel/WHM and Daily Backup. */
export const checkoutItems = (catalog: CatalogSeed, hostname: string): OrderItemInput[] => [
  item(catalog, MENU[1]!, hostname),
];

export interface CommerceCounts {
  orders: number;
  paidFromWallet: number;
  paidByTransfer: number;
  unpaid: number;
  cancelled: number;
  creditNotes: number;
}

const isConflict = (e: unknown) => e instanceof DomainError && e.code === 'CONFLICT';

/**
 * Some of `customers` (each with a billing profile and wallet already in the log) place an
 * order, pay later, and then: pay from the wallet when it holds enough, or staff record a bank
 * transfer, or the unpaid order is cancelled, or it stays unpaid; some paid invoices get a
 * partial credit note to the wallet. `concurrency` customers at a time (the tenant's invoice
 * series is one stream, so payments queue on it as they do in production).
 */
export async function seedCommerce(
  deps: CommandDeps,
  tenantId: string,
  catalog: CatalogSeed,
  customers: readonly string[],
  rand: () => number,
  concurrency = 8,
): Promise<CommerceCounts> {
  const counts: CommerceCounts = {
    orders: 0,
    paidFromWallet: 0,
    paidByTransfer: 0,
    unpaid: 0,
    cancelled: 0,
    creditNotes: 0,
  };
  const staff = (commandId: string): CommandContext => ({
    tenantId,
    actor: { userId: '00000000-0000-4000-8000-00000000a001', role: 'admin' },
    commandId,
    permissions: ['orders.manage', 'billing.manage', 'billing.read'],
  });
  // Decided up front, in order, so the mix does not depend on which command finishes first.
  const plans = customers.flatMap((customerId, i) => {
    if (rand() >= 0.4) return [];
    return [
      {
        customerId,
        choice: MENU[Math.floor(rand() * MENU.length)]!,
        hostname: `srv${i}-${Math.floor(rand() * 1e6)}.example.in`,
        afterShort: rand(), // bank transfer, cancel, or left unpaid when the wallet is short
        credit: rand() < 0.06,
      },
    ];
  });
  const one = async (p: (typeof plans)[number]) => {
    const me = (commandId: string): CommandContext => ({
      tenantId,
      actor: { userId: p.customerId, role: 'customer' },
      commandId,
    });
    const placed = await placeOrder(deps, me(randomUUID()), {
      items: [item(catalog, p.choice, p.hostname)],
      pay: 'LATER',
    });
    counts.orders++;
    let paid = false;
    try {
      await payInvoiceFromWallet(deps, me(randomUUID()), { invoiceId: placed.invoiceId });
      counts.paidFromWallet++;
      paid = true;
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
    if (!paid && p.afterShort < 0.3) {
      // The amount due as the invoice's stream says (a transfer in full).
      const { state } = await loadInvoice(deps.store, tenantId, placed.invoiceId);
      await recordInvoicePayment(deps, staff(randomUUID()), {
        invoiceId: placed.invoiceId,
        amount: inr(state.total.minus(state.paid)),
        reference: `UTR${Math.floor(p.afterShort * 1e12)}`,
        receivedOn: new Date().toISOString().slice(0, 10),
      });
      counts.paidByTransfer++;
      paid = true;
    } else if (!paid && p.afterShort < 0.55) {
      await cancelOrder(deps, me(randomUUID()), {
        orderId: placed.orderId,
        note: 'Changed my mind',
      });
      counts.cancelled++;
    } else if (!paid) counts.unpaid++;
    if (paid && p.credit) {
      await issueCreditNote(deps, staff(randomUUID()), {
        invoiceId: placed.invoiceId,
        reason: 'Service credit for downtime',
        destination: 'WALLET',
        scope: { kind: 'lines', lines: [{ lineNo: 1, taxableValue: '100.00' }] },
      });
      counts.creditNotes++;
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, plans.length) }, async () => {
      while (next < plans.length) await one(plans[next++]!);
    }),
  );
  return counts;
}
