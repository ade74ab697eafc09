/**
 * The catalog of one tenant (the operator or a reseller): plans, data centres, add-ons and
 * operating systems. One stream per tenant, `catalog-<tenantId>`.
 *
 * Why one stream and not one per entry: only admins write it (a few events a day, so no
 * contention worth splitting for), and one stream lets the decider check what spans entries at
 * an exact revision: names unique per kind of entry, a plan offered only in data centres and
 * operating systems that exist, an add-on repriced while a plan refers to it. An order reads the
 * folded stream (`catalogSnapshot`) at one revision, so "is this OS offered with this plan" is
 * answered from one consistent picture, not from read models that may lag.
 *
 * Lifecycles:
 * - Plan: PlanDefined → PlanUpdated* / PlanRepriced* / PlanVisibilityChanged* (PUBLIC ⇄ HIDDEN ⇄
 *   RETIRED). A HIDDEN plan is not listed but can still be ordered (a link from sales); a RETIRED
 *   one cannot be ordered, updated or repriced until it is made PUBLIC or HIDDEN again.
 *   Prices are their own event (PlanRepriced) so that an order, an invoice or a service keeps
 *   the price it was sold at: they copy the price, they never look it up again.
 * - Data centre: DataCentreDefined → DataCentreUpdated* (status ACTIVE | MAINTENANCE | CLOSED;
 *   only ACTIVE ones take orders).
 * - Add-on: AddonDefined → AddonUpdated* / AddonRepriced* → AddonRetired.
 * - Operating system: OperatingSystemDefined → OperatingSystemUpdated* / OperatingSystemRepriced*
 *   → OperatingSystemRetired.
 *
 * Money: unit prices are decimal strings with at least two decimals and at most six (fractional
 * paise are allowed: "1234.56", "0.6849"); a price per cycle is the price of the whole cycle.
 */
import type { DomainEvent } from '../shared/decider.ts';

export const PLAN_KINDS = ['VPS', 'SHARED', 'VDS', 'DEDICATED'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** A plan offers a subset of these; the price given is for the whole cycle. */
export const BILLING_CYCLES = [
  'MONTHLY',
  'QUARTERLY',
  'SEMI_ANNUAL',
  'ANNUAL',
  'BIENNIAL',
  'TRIENNIAL',
] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
/** Months per cycle: the services issue counts due dates with it. */
export const CYCLE_MONTHS: Readonly<Record<BillingCycle, number>> = {
  MONTHLY: 1,
  QUARTERLY: 3,
  SEMI_ANNUAL: 6,
  ANNUAL: 12,
  BIENNIAL: 24,
  TRIENNIAL: 36,
};

export const DISK_TYPES = ['SSD', 'NVME', 'HDD'] as const;
export type DiskType = (typeof DISK_TYPES)[number];

export const PLAN_VISIBILITIES = ['PUBLIC', 'HIDDEN', 'RETIRED'] as const;
export type PlanVisibility = (typeof PLAN_VISIBILITIES)[number];

export const DATA_CENTRE_STATUSES = ['ACTIVE', 'MAINTENANCE', 'CLOSED'] as const;
export type DataCentreStatus = (typeof DATA_CENTRE_STATUSES)[number];

export const OS_FAMILIES = ['LINUX', 'WINDOWS'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

/** The SAC of hosting and IT infrastructure provisioning, the default for what is sold here. */
export const DEFAULT_SAC = '998315';

/** Prices per billing cycle; a cycle that is absent is not offered. */
export type CyclePrices = Partial<Record<BillingCycle, string>>;

export type PlanSpecs = {
  vCpu: number;
  ramGb: number;
  diskGb: number;
  diskType: DiskType;
  /** Monthly transfer allowance in TB. */
  bandwidthTb: number;
  ipv4: number;
};

/** The descriptive part of a plan: what PlanUpdated replaces. Prices and visibility have their own events. */
export type PlanDetails = {
  kind: PlanKind;
  name: string;
  description: string;
  specs: PlanSpecs;
  sac: string;
  /** GST rate in percent; null: the SAC's known rate (18 for 998315). */
  gstRate: string | null;
  dataCentreIds: string[];
  operatingSystemIds: string[];
};

export type PlanPricing = {
  prices: CyclePrices;
  /** Charged once with the first invoice; "0.00" when there is none. */
  setupFee: string;
};

export type AddonPricing =
  { kind: 'RECURRING'; prices: CyclePrices } | { kind: 'ONE_TIME'; price: string };

export type AddonDetails = {
  name: string;
  description: string;
  sac: string;
  gstRate: string | null;
  planKinds: PlanKind[];
};

export type DataCentreDetails = {
  name: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. "IN", "US". */
  country: string;
  status: DataCentreStatus;
};

export type OperatingSystemDetails = {
  name: string;
  version: string;
  family: OsFamily;
};

export type PlanDefined = DomainEvent<
  'PlanDefined',
  { tenantId: string; planId: string } & PlanDetails &
    PlanPricing & { visibility: PlanVisibility; definedAt: string }
>;
export type PlanUpdated = DomainEvent<
  'PlanUpdated',
  { tenantId: string; planId: string } & PlanDetails & { updatedAt: string }
>;
/** New prices for new orders; what was sold before keeps its price. */
export type PlanRepriced = DomainEvent<
  'PlanRepriced',
  { tenantId: string; planId: string } & PlanPricing & { repricedAt: string }
>;
export type PlanVisibilityChanged = DomainEvent<
  'PlanVisibilityChanged',
  { tenantId: string; planId: string; visibility: PlanVisibility; changedAt: string }
>;

export type DataCentreDefined = DomainEvent<
  'DataCentreDefined',
  { tenantId: string; dataCentreId: string } & DataCentreDetails & { definedAt: string }
>;
export type DataCentreUpdated = DomainEvent<
  'DataCentreUpdated',
  { tenantId: string; dataCentreId: string } & DataCentreDetails & { updatedAt: string }
>;

export type AddonDefined = DomainEvent<
  'AddonDefined',
  { tenantId: string; addonId: string } & AddonDetails & {
      pricing: AddonPricing;
      definedAt: string;
    }
>;
export type AddonUpdated = DomainEvent<
  'AddonUpdated',
  { tenantId: string; addonId: string } & AddonDetails & { updatedAt: string }
>;
export type AddonRepriced = DomainEvent<
  'AddonRepriced',
  { tenantId: string; addonId: string; pricing: AddonPricing; repricedAt: string }
>;
export type AddonRetired = DomainEvent<
  'AddonRetired',
  { tenantId: string; addonId: string; retiredAt: string }
>;

export type OperatingSystemDefined = DomainEvent<
  'OperatingSystemDefined',
  { tenantId: string; operatingSystemId: string } & OperatingSystemDetails & {
      licencePrices: CyclePrices | null;
      definedAt: string;
    }
>;
export type OperatingSystemUpdated = DomainEvent<
  'OperatingSystemUpdated',
  { tenantId: string; operatingSystemId: string } & OperatingSystemDetails & { updatedAt: string }
>;
/** `licencePrices` null: the OS is free of licence charges. */
export type OperatingSystemRepriced = DomainEvent<
  'OperatingSystemRepriced',
  {
    tenantId: string;
    operatingSystemId: string;
    licencePrices: CyclePrices | null;
    repricedAt: string;
  }
>;
export type OperatingSystemRetired = DomainEvent<
  'OperatingSystemRetired',
  { tenantId: string; operatingSystemId: string; retiredAt: string }
>;

export type CatalogEvent =
  | PlanDefined
  | PlanUpdated
  | PlanRepriced
  | PlanVisibilityChanged
  | DataCentreDefined
  | DataCentreUpdated
  | AddonDefined
  | AddonUpdated
  | AddonRepriced
  | AddonRetired
  | OperatingSystemDefined
  | OperatingSystemUpdated
  | OperatingSystemRepriced
  | OperatingSystemRetired;

export const catalogEventTypes = [
  'PlanDefined',
  'PlanUpdated',
  'PlanRepriced',
  'PlanVisibilityChanged',
  'DataCentreDefined',
  'DataCentreUpdated',
  'AddonDefined',
  'AddonUpdated',
  'AddonRepriced',
  'AddonRetired',
  'OperatingSystemDefined',
  'OperatingSystemUpdated',
  'OperatingSystemRepriced',
  'OperatingSystemRetired',
] as const satisfies readonly CatalogEvent['type'][];

export const catalogStreamId = (tenantId: string) => `catalog-${tenantId}`;
