import * as ops from '$lib/graphql/generated/operations';
import type {
  AddonPricingKind,
  BillingCycle,
  DataCentreStatus,
  DiskType,
  OsFamily,
  PlanKind,
  PlanVisibility,
} from '$lib/graphql/generated/operations';
import { ApiError } from '$lib/graphql/errors';

/*
 * The catalog's operations live in catalog.graphql; `npm run codegen` checks them against the
 * SDL and writes their typed documents. The types below are their results.
 */
export type {
  AddonPricingKind,
  BillingCycle,
  DataCentreStatus,
  DiskType,
  OsFamily,
  PlanKind,
  PlanVisibility,
};

export type AdminPlan = ops.AdminPlanFieldsFragment;
export type AdminDataCentre = ops.AdminDataCentreFieldsFragment;
export type AdminAddon = ops.AdminAddonFieldsFragment;
export type AdminOperatingSystem = ops.AdminOperatingSystemFieldsFragment;
export type CyclePrice = ops.AdminCyclePriceFieldsFragment;
export type AdminCatalog = ops.AdminCatalogQuery['catalog'];

export const AdminCatalogQuery = ops.AdminCatalogDocument;
export const CreatePlanMutation = ops.CreatePlanDocument;
export const UpdatePlanMutation = ops.UpdatePlanDocument;
export const RepricePlanMutation = ops.RepricePlanDocument;
export const SetPlanVisibilityMutation = ops.SetPlanVisibilityDocument;
export const RetirePlanMutation = ops.RetirePlanDocument;
export const CreateDataCentreMutation = ops.CreateDataCentreDocument;
export const UpdateDataCentreMutation = ops.UpdateDataCentreDocument;
export const RetireDataCentreMutation = ops.RetireDataCentreDocument;
export const CreateAddonMutation = ops.CreateAddonDocument;
export const UpdateAddonMutation = ops.UpdateAddonDocument;
export const RetireAddonMutation = ops.RetireAddonDocument;
export const CreateOperatingSystemMutation = ops.CreateOperatingSystemDocument;
export const UpdateOperatingSystemMutation = ops.UpdateOperatingSystemDocument;
export const RetireOperatingSystemMutation = ops.RetireOperatingSystemDocument;

/** The permission the admin catalog pages and their sidebar entries need. */
export const CATALOG_MANAGE = 'catalog.manage';

export const PLAN_KINDS: PlanKind[] = ['VPS', 'SHARED', 'VDS', 'DEDICATED'];
export const kindLabels: Record<PlanKind, string> = {
  VPS: 'VPS',
  SHARED: 'Shared hosting',
  VDS: 'VDS',
  DEDICATED: 'Dedicated',
};

export const CYCLES: BillingCycle[] = [
  'MONTHLY',
  'QUARTERLY',
  'SEMI_ANNUAL',
  'ANNUAL',
  'BIENNIAL',
  'TRIENNIAL',
];
export const cycleLabels: Record<BillingCycle, string> = {
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  SEMI_ANNUAL: 'Semi-annual',
  ANNUAL: 'Annual',
  BIENNIAL: 'Biennial',
  TRIENNIAL: 'Triennial',
};

export const visibilityLabels: Record<PlanVisibility, string> = {
  PUBLIC: 'Public',
  HIDDEN: 'Hidden',
  RETIRED: 'Retired',
};
export const DC_STATUSES: DataCentreStatus[] = ['ACTIVE', 'MAINTENANCE', 'CLOSED'];
export const dcStatusLabels: Record<DataCentreStatus, string> = {
  ACTIVE: 'Active',
  MAINTENANCE: 'Maintenance',
  CLOSED: 'Closed',
};
export const DISK_TYPES: DiskType[] = ['NVME', 'SSD', 'HDD'];
export const diskLabels: Record<DiskType, string> = { NVME: 'NVMe', SSD: 'SSD', HDD: 'HDD' };

/** The plan's price for one month (its monthly cycle, else the shortest cycle's monthly equivalent). */
export function monthlyPrice(prices: CyclePrice[]): { price: string; exact: boolean } | null {
  const monthly = prices.find((p) => p.cycle === 'MONTHLY');
  if (monthly) return { price: monthly.price, exact: true };
  const first = prices[0];
  return first ? { price: first.monthlyEquivalent, exact: false } : null;
}

/** One price row of a form: whether the cycle is offered and its price as typed. */
export interface PriceRow {
  cycle: BillingCycle;
  offered: boolean;
  price: string;
}

/** Every cycle as a form row, filled from the prices the entry has. */
export const priceRows = (prices: CyclePrice[] = []): PriceRow[] =>
  CYCLES.map((cycle) => {
    const p = prices.find((x) => x.cycle === cycle);
    return { cycle, offered: !!p, price: p?.price ?? '' };
  });

/** The offered rows as the API takes them, in cycle order. */
export const priceInput = (rows: PriceRow[]) =>
  rows.filter((r) => r.offered).map((r) => ({ cycle: r.cycle, price: r.price.trim() }));

/**
 * The error under each price row: the API names `<field>.<index>.price` (index into the list
 * sent), or `<field>` for the list as a whole (keyed `_`).
 */
export function priceErrors(
  fields: Record<string, string>,
  field: string,
  rows: PriceRow[],
): Partial<Record<BillingCycle | '_', string>> {
  const sent = rows.filter((r) => r.offered);
  const out: Partial<Record<BillingCycle | '_', string>> = {};
  for (const [path, message] of Object.entries(fields)) {
    if (path === field) out._ = message;
    const m = new RegExp(`^${field.replace('.', '\\.')}\\.(\\d+)\\.(price|cycle)$`).exec(path);
    const row = m ? sent[Number(m[1])] : undefined;
    if (row) out[row.cycle] ??= message;
  }
  return out;
}

/**
 * An API refusal sorted by the input path it names ("details.name", "prices.1.price"); what
 * names no field, and any other error, is a form-level message.
 */
export function issuesByPath(error: unknown): { fields: Record<string, string>; form: string[] } {
  const out = { fields: {} as Record<string, string>, form: [] as string[] };
  if (!(error instanceof ApiError) || error.code !== 'BAD_USER_INPUT' || !error.issues.length) {
    out.form.push(error instanceof Error ? error.message : 'Something went wrong.');
    return out;
  }
  for (const issue of error.issues) {
    const path = (issue.path[0] === 'input' ? issue.path.slice(1) : issue.path).join('.');
    if (path) out.fields[path] ??= issue.message;
    else out.form.push(issue.message);
  }
  return out;
}

/** Field messages for the keys a form shows; the rest become form-level messages. */
export function splitIssues(
  issues: { fields: Record<string, string>; form: string[] },
  shown: (path: string) => boolean,
): { fields: Record<string, string>; form: string[] } {
  const form = [...issues.form];
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(issues.fields)) {
    if (shown(k)) fields[k] = v;
    else form.push(v);
  }
  return { fields, form };
}
