import { conflict } from '../shared/decider.ts';
import {
  BILLING_CYCLES,
  DATA_CENTRE_STATUSES,
  DEFAULT_SAC,
  DISK_TYPES,
  OS_FAMILIES,
  PLAN_KINDS,
  type AddonDetails,
  type AddonPricing,
  type CyclePrices,
  type DataCentreDetails,
  type OperatingSystemDetails,
  type PlanDetails,
  type PlanPricing,
  type PlanSpecs,
} from './events.ts';
import { fieldError } from './field-error.ts';
import { canonicalPrice, checkSac } from './money-rules.ts';
import type { CatalogState } from './state.ts';

/** What an admin gives for a plan's description; SAC and rate may be left out (998315 at its known rate). */
export type PlanDetailsInput = Omit<PlanDetails, 'sac' | 'gstRate'> & {
  sac?: string;
  gstRate?: string | null;
};
export type AddonDetailsInput = Omit<AddonDetails, 'sac' | 'gstRate'> & {
  sac?: string;
  gstRate?: string | null;
};

export function text(value: string, field: string, min: number, max: number): string {
  const t = typeof value === 'string' ? value.trim() : '';
  if (t.length < min || t.length > max)
    throw fieldError(
      field,
      min === 0 ? `Give at most ${max} characters.` : `Give ${min} to ${max} characters.`,
    );
  return t;
}

export function oneOf<T extends string>(value: T, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value)) throw fieldError(field, `Must be one of ${allowed.join(', ')}.`);
  return value;
}

function whole(value: number, field: string, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw fieldError(field, `Must be a whole number from ${min} to ${max}.`);
  return value;
}

function positive(value: number, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max)
    throw fieldError(field, `Must be more than 0 and at most ${max}.`);
  return value;
}

export function checkSpecs(s: PlanSpecs): PlanSpecs {
  return {
    vCpu: whole(s.vCpu, 'specs.vCpu', 1, 1024),
    ramGb: positive(s.ramGb, 'specs.ramGb', 65536),
    diskGb: whole(s.diskGb, 'specs.diskGb', 1, 1_000_000),
    diskType: oneOf(s.diskType, DISK_TYPES, 'specs.diskType'),
    bandwidthTb: positive(s.bandwidthTb, 'specs.bandwidthTb', 100_000),
    ipv4: whole(s.ipv4, 'specs.ipv4', 0, 256),
  };
}

/** Prices of the cycles offered, canonical and in cycle order; at least one unless `allowNone`. */
export function checkCyclePrices(
  prices: CyclePrices,
  field: string,
  opts: { allowNone?: boolean } = {},
): CyclePrices {
  const given = Object.keys(prices ?? {});
  const unknown = given.filter((k) => !(BILLING_CYCLES as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw fieldError(
      `${field}.${unknown[0]}`,
      `No billing cycle "${unknown[0]}"; use ${BILLING_CYCLES.join(', ')}.`,
    );
  const out: CyclePrices = {};
  for (const cycle of BILLING_CYCLES) {
    const p = prices[cycle];
    if (p !== undefined) out[cycle] = canonicalPrice(p, `${field}.${cycle}`, { positive: true });
  }
  if (!opts.allowNone && Object.keys(out).length === 0)
    throw fieldError(field, 'Offer at least one billing cycle with its price.');
  return out;
}

export function checkPlanPricing(p: PlanPricing): PlanPricing {
  return {
    prices: checkCyclePrices(p.prices, 'prices'),
    setupFee: canonicalPrice(p.setupFee ?? '0', 'setupFee'),
  };
}

export function checkAddonPricing(p: AddonPricing): AddonPricing {
  if (p?.kind === 'RECURRING')
    return { kind: 'RECURRING', prices: checkCyclePrices(p.prices, 'pricing.prices') };
  if (p?.kind === 'ONE_TIME')
    return {
      kind: 'ONE_TIME',
      price: canonicalPrice(p.price, 'pricing.price', { positive: true }),
    };
  throw fieldError('pricing.kind', 'Must be RECURRING (a price per cycle) or ONE_TIME.');
}

function ids(
  list: string[],
  field: string,
  exists: (id: string) => boolean,
  what: string,
): string[] {
  if (!Array.isArray(list) || list.length === 0)
    throw fieldError(field, `Offer the plan in at least one ${what}.`);
  const out: string[] = [];
  list.forEach((id, i) => {
    if (!exists(id)) throw fieldError(`${field}.${i}`, `No ${what} ${id} in this catalog.`);
    if (!out.includes(id)) out.push(id);
  });
  return out;
}

export function checkPlanDetails(
  input: PlanDetailsInput,
  state: CatalogState,
  planId: string,
): PlanDetails {
  const name = text(input.name, 'name', 2, 80);
  const taken = Object.values(state.plans).find(
    (p) => p.planId !== planId && p.name.toLowerCase() === name.toLowerCase(),
  );
  if (taken) throw conflict(`A plan named "${name}" already exists.`);
  const sac = input.sac ?? DEFAULT_SAC;
  const gstRate = input.gstRate ?? null;
  checkSac(sac, gstRate, { sac: 'sac', gstRate: 'gstRate' });
  return {
    kind: oneOf(input.kind, PLAN_KINDS, 'kind'),
    name,
    description: text(input.description ?? '', 'description', 0, 2000),
    specs: checkSpecs(input.specs),
    sac,
    gstRate,
    dataCentreIds: ids(
      input.dataCentreIds,
      'dataCentreIds',
      (id) => id in state.dataCentres,
      'data centre',
    ),
    operatingSystemIds: ids(
      input.operatingSystemIds,
      'operatingSystemIds',
      (id) => state.operatingSystems[id]?.retired === false,
      'operating system',
    ),
  };
}

export function checkAddonDetails(
  input: AddonDetailsInput,
  state: CatalogState,
  addonId: string,
): AddonDetails {
  const name = text(input.name, 'name', 2, 80);
  if (
    Object.values(state.addons).some(
      (a) => a.addonId !== addonId && a.name.toLowerCase() === name.toLowerCase(),
    )
  ) {
    throw conflict(`An add-on named "${name}" already exists.`);
  }
  const sac = input.sac ?? DEFAULT_SAC;
  const gstRate = input.gstRate ?? null;
  checkSac(sac, gstRate, { sac: 'sac', gstRate: 'gstRate' });
  if (!Array.isArray(input.planKinds) || input.planKinds.length === 0)
    throw fieldError('planKinds', 'Name at least one plan kind the add-on fits.');
  input.planKinds.forEach((k, i) => oneOf(k, PLAN_KINDS, `planKinds.${i}`));
  return {
    name,
    description: text(input.description ?? '', 'description', 0, 2000),
    sac,
    gstRate,
    planKinds: PLAN_KINDS.filter((k) => input.planKinds.includes(k)),
  };
}

export function checkDataCentre(
  input: DataCentreDetails,
  state: CatalogState,
  dataCentreId: string,
): DataCentreDetails {
  const name = text(input.name, 'name', 2, 80);
  if (
    Object.values(state.dataCentres).some(
      (d) => d.dataCentreId !== dataCentreId && d.name.toLowerCase() === name.toLowerCase(),
    )
  ) {
    throw conflict(`A data centre named "${name}" already exists.`);
  }
  const country = typeof input.country === 'string' ? input.country.trim().toUpperCase() : '';
  if (!/^[A-Z]{2}$/.test(country))
    throw fieldError('country', 'Give the ISO country code of two letters, e.g. "IN".');
  return {
    name,
    city: text(input.city, 'city', 1, 80),
    country,
    status: oneOf(input.status, DATA_CENTRE_STATUSES, 'status'),
  };
}

export function checkOperatingSystem(
  input: OperatingSystemDetails,
  state: CatalogState,
  operatingSystemId: string,
): OperatingSystemDetails {
  const name = text(input.name, 'name', 2, 80);
  const version = text(input.version, 'version', 1, 40);
  const same = (o: OperatingSystemDetails) =>
    o.name.toLowerCase() === name.toLowerCase() &&
    o.version.toLowerCase() === version.toLowerCase();
  if (
    Object.values(state.operatingSystems).some(
      (o) => o.operatingSystemId !== operatingSystemId && same(o),
    )
  ) {
    throw conflict(`The operating system ${name} ${version} is already in the catalog.`);
  }
  return { name, version, family: oneOf(input.family, OS_FAMILIES, 'family') };
}

export function checkLicencePrices(prices: CyclePrices | null): CyclePrices | null {
  if (prices === null || prices === undefined) return null;
  const checked = checkCyclePrices(prices, 'licencePrices', { allowNone: true });
  return Object.keys(checked).length === 0 ? null : checked;
}
