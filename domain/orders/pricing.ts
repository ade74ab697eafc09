import {
  CYCLE_MONTHS,
  type BillingCycle,
  type CyclePrices,
  type PlanKind,
} from '../catalog/events.ts';
import { fieldError } from '../catalog/field-error.ts';
import type { CatalogSnapshot } from '../catalog/state.ts';
import { D } from '../shared/money.ts';

/** What a customer asks for, per server. */
export interface OrderItemInput {
  planId: string;
  cycle: BillingCycle;
  operatingSystemId: string;
  dataCentreId: string;
  hostname: string;
  addons: { addonId: string; quantity?: number }[];
}

/** An item as sold: the names and kinds copied from the catalog at the moment of the order. */
export type PricedItem = {
  /** 1-based, as on the order's screens; invoice lines point back to it. */
  itemNo: number;
  planId: string;
  planName: string;
  planKind: PlanKind;
  cycle: BillingCycle;
  months: number;
  operatingSystemId: string;
  operatingSystemName: string;
  dataCentreId: string;
  dataCentreName: string;
  hostname: string;
  addons: { addonId: string; name: string; quantity: number; recurring: boolean }[];
};

export type LineKind = 'PLAN' | 'SETUP_FEE' | 'ADDON' | 'OS_LICENCE';

/**
 * An invoice line input for the tax engine (`LineInput`), with where it comes from so each
 * invoice line traces to the order item and catalog entry behind it.
 */
export type OrderLine = {
  description: string;
  sac: string;
  quantity: string;
  /** As the catalog had it: may carry fractional paise. */
  unitPrice: string;
  /** Present only when the catalog entry set a rate (its SAC is not one the engine knows). */
  rate?: string;
  source: { itemNo: number; kind: LineKind; refId: string };
};

export const MAX_ITEMS = 20;
const MAX_ADDON_QUANTITY = 64;

/** A billing cycle in words, as sentences and mails write it. */
export const CYCLE_LABELS: Readonly<Record<BillingCycle, string>> = {
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  SEMI_ANNUAL: 'semi-annual',
  ANNUAL: 'annual',
  BIENNIAL: 'biennial',
  TRIENNIAL: 'triennial',
};

/**
 * RFC 1123 host name: labels of 1 to 63 letters, digits and hyphens, not starting or ending
 * with a hyphen, at most 253 characters in all. Case does not matter; it is kept in lower case.
 */
export function checkHostname(input: string, field: string): string {
  const name = typeof input === 'string' ? input.trim().toLowerCase() : '';
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  if (name.length === 0 || name.length > 253 || !name.split('.').every((l) => label.test(l))) {
    throw fieldError(
      field,
      'Must be a host name such as "web1.example.com": letters, digits and hyphens in labels of at most 63 characters, no hyphen at either end of a label.',
    );
  }
  return name;
}

function cyclePrice(prices: CyclePrices | null, cycle: BillingCycle): string | undefined {
  return prices?.[cycle];
}

/**
 * Checks an order against the catalog and prices it, line by line, at the catalog's prices:
 * per item the plan for its cycle, the setup fee (when there is one), each add-on (for the
 * cycle, or its one-time price) and the OS licence (when the OS has one). `quoteOrder` and
 * `placeOrder` both call this, so a quote and the invoice it becomes have the same lines.
 *
 * Hidden plans may be ordered (they are only unlisted); retired ones may not.
 * @throws DomainError BAD_USER_INPUT naming the field, e.g. `items.0.hostname`
 */
export function priceOrder(
  items: readonly OrderItemInput[],
  catalog: CatalogSnapshot,
): { items: PricedItem[]; lines: OrderLine[] } {
  if (!Array.isArray(items as unknown) || items.length === 0 || items.length > MAX_ITEMS)
    throw fieldError('items', `Order 1 to ${MAX_ITEMS} servers.`);
  const priced: PricedItem[] = [];
  const lines: OrderLine[] = [];
  const hostnames = new Set<string>();
  items.forEach((item, i) => {
    const at = `items.${i}`;
    const itemNo = i + 1;
    const plan = catalog.plans[item.planId];
    if (!plan) throw fieldError(`${at}.planId`, `There is no plan ${item.planId}.`);
    if (plan.visibility === 'RETIRED')
      throw fieldError(
        `${at}.planId`,
        `Plan "${plan.name}" is retired and can no longer be ordered.`,
      );
    const price = cyclePrice(plan.prices, item.cycle);
    if (price === undefined)
      throw fieldError(
        `${at}.cycle`,
        `Plan "${plan.name}" is not offered ${CYCLE_LABELS[item.cycle] ?? item.cycle}; choose ${Object.keys(plan.prices).join(', ')}.`,
      );
    const os = catalog.operatingSystems[item.operatingSystemId];
    if (!os || os.retired || !plan.operatingSystemIds.includes(os.operatingSystemId)) {
      throw fieldError(
        `${at}.operatingSystemId`,
        `Operating system ${item.operatingSystemId} is not offered with plan "${plan.name}".`,
      );
    }
    const licence = cyclePrice(os.licencePrices, item.cycle);
    if (os.licencePrices !== null && licence === undefined) {
      throw fieldError(
        `${at}.operatingSystemId`,
        `The operating system ${os.name} ${os.version} has no licence price for the ${CYCLE_LABELS[item.cycle]} cycle.`,
      );
    }
    const dc = catalog.dataCentres[item.dataCentreId];
    if (!dc || !plan.dataCentreIds.includes(dc.dataCentreId))
      throw fieldError(
        `${at}.dataCentreId`,
        `Data centre ${item.dataCentreId} is not offered with plan "${plan.name}".`,
      );
    if (dc.status !== 'ACTIVE')
      throw fieldError(
        `${at}.dataCentreId`,
        `Data centre "${dc.name}" takes no new orders (${dc.status.toLowerCase()}).`,
      );
    const hostname = checkHostname(item.hostname, `${at}.hostname`);
    if (hostnames.has(hostname))
      throw fieldError(
        `${at}.hostname`,
        `The host name ${hostname} is already used by another server of this order.`,
      );
    hostnames.add(hostname);

    const rate = plan.gstRate === null ? {} : { rate: plan.gstRate };
    const cycleText = CYCLE_LABELS[item.cycle];
    lines.push({
      description: `${plan.name} (${cycleText}) — ${hostname}`,
      sac: plan.sac,
      quantity: '1',
      unitPrice: price,
      ...rate,
      source: { itemNo, kind: 'PLAN', refId: plan.planId },
    });
    if (!new D(plan.setupFee).isZero()) {
      lines.push({
        description: `Setup fee: ${plan.name} — ${hostname}`,
        sac: plan.sac,
        quantity: '1',
        unitPrice: plan.setupFee,
        ...rate,
        source: { itemNo, kind: 'SETUP_FEE', refId: plan.planId },
      });
    }
    const addons: PricedItem['addons'] = [];
    (item.addons ?? []).forEach((choice, j) => {
      const field = `${at}.addons.${j}`;
      const addon = catalog.addons[choice.addonId];
      if (!addon || addon.retired)
        throw fieldError(`${field}.addonId`, `There is no add-on ${choice.addonId} on sale.`);
      if (!addon.planKinds.includes(plan.kind))
        throw fieldError(`${field}.addonId`, `"${addon.name}" does not fit a ${plan.kind} plan.`);
      if (addons.some((a) => a.addonId === addon.addonId))
        throw fieldError(
          `${field}.addonId`,
          `"${addon.name}" is chosen twice; give a quantity instead.`,
        );
      const quantity = choice.quantity ?? 1;
      if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_ADDON_QUANTITY)
        throw fieldError(
          `${field}.quantity`,
          `Must be a whole number from 1 to ${MAX_ADDON_QUANTITY}.`,
        );
      const recurring = addon.pricing.kind === 'RECURRING';
      const unitPrice =
        addon.pricing.kind === 'RECURRING' ? addon.pricing.prices[item.cycle] : addon.pricing.price;
      if (unitPrice === undefined)
        throw fieldError(
          `${field}.addonId`,
          `"${addon.name}" is not offered for the ${cycleText} cycle.`,
        );
      lines.push({
        description: `${addon.name} (${recurring ? cycleText : 'one-time'}) — ${hostname}`,
        sac: addon.sac,
        quantity: String(quantity),
        unitPrice,
        ...(addon.gstRate === null ? {} : { rate: addon.gstRate }),
        source: { itemNo, kind: 'ADDON', refId: addon.addonId },
      });
      addons.push({ addonId: addon.addonId, name: addon.name, quantity, recurring });
    });
    // The licence is part of the hosting supply: it takes the plan's SAC and rate.
    if (licence !== undefined) {
      lines.push({
        description: `${os.name} ${os.version} licence (${cycleText}) — ${hostname}`,
        sac: plan.sac,
        quantity: '1',
        unitPrice: licence,
        ...rate,
        source: { itemNo, kind: 'OS_LICENCE', refId: os.operatingSystemId },
      });
    }
    priced.push({
      itemNo,
      planId: plan.planId,
      planName: plan.name,
      planKind: plan.kind,
      cycle: item.cycle,
      months: CYCLE_MONTHS[item.cycle],
      operatingSystemId: os.operatingSystemId,
      operatingSystemName: `${os.name} ${os.version}`,
      dataCentreId: dc.dataCentreId,
      dataCentreName: dc.name,
      hostname,
      addons,
    });
  });
  return { items: priced, lines };
}
