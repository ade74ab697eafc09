import { z } from 'zod';
import type { CatalogSnapshot } from '../../domain/catalog/state.ts';
import type { LineSource } from '../../domain/invoices/events.ts';
import { computeInvoiceDocument } from '../../domain/invoices/document.ts';
import { priceOrder, type OrderItemInput, type OrderLine } from '../../domain/orders/pricing.ts';
import { inr } from '../../domain/shared/money.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { parseInput } from '../shared/validate.ts';
import { loadWallet } from '../invoices/wallet-reads.ts';
import {
  billingOf,
  billingStateMissing,
  customerIdSchema,
  customerOf,
  loadCatalog,
  loadCustomer,
  loadTenant,
  orderItemsSchema,
  recipientOf,
  supplierOf,
} from './order-context.ts';

const quoteSchema = z.object({ items: orderItemsSchema, customerId: customerIdSchema });

/**
 * Everything an order's price depends on, as the log says now: the catalog's entries, the
 * tenant's legal profile and billing settings, the customer's billing profile. placeOrder
 * prices with the same function, so a quote and the proforma it becomes carry the same figures.
 */
export async function priceForCustomer(
  deps: CommandDeps,
  tenantId: string,
  customerId: string,
  items: OrderItemInput[],
) {
  const [catalog, tenant, customer] = await Promise.all([
    loadCatalog(deps.store, tenantId),
    loadTenant(deps.store, tenantId),
    loadCustomer(deps.store, tenantId, customerId),
  ]);
  const priced = priceOrder(items, catalog);
  const supplier = supplierOf(tenant);
  const recipient = recipientOf(customer);
  const billing = billingOf(tenant);
  const document = computeInvoiceDocument({
    lines: priced.lines,
    supplier,
    recipient,
    roundOff: billing.roundOff,
  });
  return { catalog, tenant, priced, supplier, recipient, billing, document };
}

/** The supplier, recipient and settings of a customer's invoice now, without pricing anything. */
export async function billingContext(deps: CommandDeps, tenantId: string, customerId: string) {
  const [tenant, customer] = await Promise.all([
    loadTenant(deps.store, tenantId),
    loadCustomer(deps.store, tenantId, customerId),
  ]);
  const empty: CatalogSnapshot = { plans: {}, dataCentres: {}, addons: {}, operatingSystems: {} };
  return {
    catalog: empty,
    supplier: supplierOf(tenant),
    recipient: recipientOf(customer),
    billing: billingOf(tenant),
    document: null,
  };
}

export const sourceOf = (l: OrderLine): LineSource => ({
  kind: l.source.kind,
  refId: l.source.refId,
  itemNo: l.source.itemNo,
});

/**
 * Prices an order for the signed-in customer (staff with orders.manage: the customer they
 * name) exactly as its invoice would be issued now. Reads only; writes nothing.
 * @throws DomainError BAD_USER_INPUT naming the field (`items.0.cycle`, …)
 */
export async function quoteOrder(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(quoteSchema, input);
  const customerId = customerOf(ctx, cmd.customerId, 'orders.manage', 'account.view');
  const { priced, supplier, recipient, billing, document } = await priceForCustomer(
    deps,
    ctx.tenantId,
    customerId,
    cmd.items,
  );
  const wallet = await loadWallet(deps.store, customerId);
  return {
    customerId,
    document,
    sources: priced.lines.map(sourceOf),
    items: priced.items,
    supplier,
    recipient,
    billingStateMissing: billingStateMissing(recipient),
    partialPaymentAllowed: billing.partialPayments,
    walletBalance: inr(wallet.balance),
    position: null,
  };
}
