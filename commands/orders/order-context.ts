import { z } from 'zod';
import { catalogDecider } from '../../domain/catalog/decider.ts';
import { BILLING_CYCLES, catalogStreamId, type CatalogEvent } from '../../domain/catalog/events.ts';
import { catalogSnapshot, type CatalogSnapshot } from '../../domain/catalog/state.ts';
import type { AccountState } from '../../domain/identity/account.ts';
import type { BillingRecipient, Supplier } from '../../domain/invoices/events.ts';
import { DomainError, badInput, fold } from '../../domain/shared/decider.ts';
import type { BillingSettings } from '../../domain/tenancy/events.ts';
import type { TenantState } from '../../domain/tenancy/tenant.ts';
import { billingSettingsOf } from '../../domain/tenancy/billing-settings.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';
import { loadAccount } from '../identity/account-deps.ts';
import { requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import type { CommandContext } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';
import { plainText, uuid } from '../shared/validate.ts';
import type { AccountPermission } from '../../domain/access/account-roles.ts';

/** One server as the order form sends it; the catalog rules (plan, cycle, OS, DC, host name) are priceOrder's. */
export const orderItemSchema = z.object({
  planId: plainText(100),
  cycle: z.enum(BILLING_CYCLES, { message: `Must be one of ${BILLING_CYCLES.join(', ')}.` }),
  operatingSystemId: plainText(100),
  dataCentreId: plainText(100),
  hostname: z.string().max(253, 'At most 253 characters.'),
  addons: z
    .array(
      z.object({
        addonId: plainText(100),
        quantity: z
          .number()
          .int('Must be a whole number.')
          .nullish()
          .transform((q) => q ?? 1),
      }),
    )
    .max(20, 'At most 20 add-ons.')
    .default([]),
});

export const orderItemsSchema = z.array(orderItemSchema).min(1, 'Order at least one server.');

/** Staff act for a customer they name; a customer for the account they act for. */
export const customerIdSchema = uuid.nullish().transform((c) => c ?? null);

/**
 * Whose order (or invoice) this is: a customer's own account (team members need
 * `accountPermission`), or, for staff holding `staffPermission`, the customer they name.
 */
export function customerOf(
  ctx: CommandContext,
  named: string | null,
  staffPermission: 'orders.manage' | 'billing.manage',
  accountPermission: AccountPermission,
): string {
  if (ctx.actor.role === 'admin' || ctx.actor.role === 'system') {
    requirePermission(ctx, staffPermission);
    if (!named) throw badInput('customerId', 'Name the customer the order is for.');
    return named;
  }
  const own = requireAccountPermission(ctx, accountPermission);
  if (named && named !== own)
    throw new DomainError('FORBIDDEN', 'You may only act for your own account.');
  return own;
}

/** The catalog as its stream says now (commands decide on the log, not on read models). */
export async function loadCatalog(store: EventStore, tenantId: string): Promise<CatalogSnapshot> {
  const events = await store.readStream(catalogStreamId(tenantId));
  return catalogSnapshot(fold(catalogDecider, events as unknown as CatalogEvent[]));
}

/** The customer's account (whose profile is billed), refused when it is not a customer of this tenant. */
export async function loadCustomer(
  store: EventStore,
  tenantId: string,
  customerId: string,
): Promise<AccountState> {
  const account = await loadAccount(store, tenantId, customerId);
  if (!account || account.role !== 'customer')
    throw badInput('customerId', `There is no customer ${customerId}.`);
  return account;
}

/** The seller as the tenant's legal profile says now (Rule 46). */
export function supplierOf(tenant: TenantState): Supplier {
  const legal = tenant.legal;
  return {
    legalName: legal.companyName,
    gstin: legal.gstin,
    stateCode: legal.stateCode,
    address: legal.address,
    lutNumber: legal.lutNumber ?? null,
  };
}

/** The buyer as their billing profile says now: place of supply comes from here. */
export function recipientOf(account: AccountState): BillingRecipient {
  const p = account.profile;
  const a = p.address;
  const country = (a?.country ?? 'IN').toUpperCase();
  const address = a
    ? [a.line1, a.line2, `${a.city} ${a.postalCode}`.trim(), country === 'IN' ? null : country]
        .filter((s): s is string => !!s)
        .join(', ')
    : '';
  return {
    name: p.company ?? account.name ?? '',
    address,
    country,
    stateCode: a && country === 'IN' ? a.stateCode : null,
    gstin: p.gstin,
    sez: false,
  };
}

/** In India, with neither a billing state nor a GSTIN: the place of supply cannot be told. */
export const billingStateMissing = (r: BillingRecipient): boolean =>
  r.country === 'IN' && r.stateCode === null && r.gstin === null;

/** The tenant's billing settings (partial payments, unpaid-order days, round-off). */
export const billingOf = (tenant: TenantState): BillingSettings => billingSettingsOf(tenant);

export { loadTenant };

/** The later of two positions (null: nothing written). */
export function laterPosition(a: Position | null, b: Position | null): Position | null {
  if (!a) return b;
  if (!b) return a;
  return b.commit > a.commit || (b.commit === a.commit && b.prepare > a.prepare) ? b : a;
}
