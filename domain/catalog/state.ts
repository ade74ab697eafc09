import type {
  AddonDetails,
  AddonPricing,
  CyclePrices,
  DataCentreDetails,
  OperatingSystemDetails,
  PlanDetails,
  PlanPricing,
  PlanVisibility,
} from './events.ts';

export type Plan = { planId: string } & PlanDetails & PlanPricing & { visibility: PlanVisibility };
export type DataCentre = { dataCentreId: string } & DataCentreDetails;
export type Addon = { addonId: string } & AddonDetails & {
    pricing: AddonPricing;
    retired: boolean;
  };
export type OperatingSystem = { operatingSystemId: string } & OperatingSystemDetails & {
    licencePrices: CyclePrices | null;
    retired: boolean;
  };

/**
 * The catalog entries an order refers to, as of one revision of the catalog stream. Plain
 * records (JSON-safe) so a command can carry it: `placeOrder` and `quoteOrder` load the catalog
 * stream, fold it and pass `catalogSnapshot(state)` (or only the entries the order names).
 */
export interface CatalogSnapshot {
  plans: Readonly<Record<string, Plan>>;
  dataCentres: Readonly<Record<string, DataCentre>>;
  addons: Readonly<Record<string, Addon>>;
  operatingSystems: Readonly<Record<string, OperatingSystem>>;
}

export interface CatalogState extends CatalogSnapshot {
  tenantId: string | null;
}

export const initialCatalog: CatalogState = {
  tenantId: null,
  plans: {},
  dataCentres: {},
  addons: {},
  operatingSystems: {},
};

export function catalogSnapshot(state: CatalogState): CatalogSnapshot {
  return {
    plans: state.plans,
    dataCentres: state.dataCentres,
    addons: state.addons,
    operatingSystems: state.operatingSystems,
  };
}

/** Equality of two JSON values regardless of key order: an entry and the same entry asked again. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
