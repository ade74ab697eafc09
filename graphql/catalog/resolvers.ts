import { D } from '../../domain/shared/money.ts';
import { notFound } from '../../domain/shared/decider.ts';
import { BILLING_CYCLES, CYCLE_MONTHS, type CyclePrices } from '../../domain/catalog/events.ts';
import type { Addon, DataCentre, OperatingSystem } from '../../domain/catalog/state.ts';
import { lineRate } from '../../domain/tax/document/sac-codes.ts';
import type { CommandContext, CommandDeps } from '../../commands/shared/handler.ts';
import type { CatalogResult } from '../../commands/catalog/run.ts';
import {
  createPlan,
  repricePlan,
  retirePlan,
  setPlanVisibility,
  updatePlan,
} from '../../commands/catalog/plans.ts';
import {
  createDataCentre,
  retireDataCentre,
  updateDataCentre,
} from '../../commands/catalog/data-centres.ts';
import { createAddon, retireAddon, updateAddon } from '../../commands/catalog/addons.ts';
import {
  createOperatingSystem,
  retireOperatingSystem,
  updateOperatingSystem,
} from '../../commands/catalog/operating-systems.ts';
import { tenantCatalog, type CatalogRows, type Entry } from '../../projections/catalog/queries.ts';
import { commandContext, readScoped, settle, type RequestContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import type { Catalog } from './mappers.ts';

/** Staff who manage the catalog see all of it; everyone else (customers, anonymous, other staff) the public part. */
const seesAll = (ctx: RequestContext) =>
  ctx.viewer?.role === 'admin' && ctx.viewer.permissions.includes('catalog.manage');

/** The request's catalog, read from the read model once, when a field first needs it. */
function catalogOf(ctx: RequestContext, staff = seesAll(ctx)): Catalog {
  let rows: Promise<CatalogRows> | null = null;
  return {
    staff,
    rows: () => (rows ??= readScoped(ctx.platform.sql, ctx.tenantId, tenantCatalog)),
  };
}

/** The cycles offered, shortest first, each with its price per month for comparing. */
export function cyclePrices(prices: CyclePrices | null | undefined) {
  return BILLING_CYCLES.filter((c) => prices?.[c] !== undefined).map((cycle) => ({
    cycle,
    months: CYCLE_MONTHS[cycle],
    price: prices![cycle]!,
    monthlyEquivalent: new D(prices![cycle]!).div(CYCLE_MONTHS[cycle]).toFixed(2),
  }));
}

/** The rate an invoice line would carry: the entry's, or its SAC's known rate. */
const rateOf = (sac: string, gstRate: string | null) =>
  lineRate(sac, gstRate ?? undefined, 'gstRate').toString();

export const toDataCentre = (d: DataCentre) => ({
  id: d.dataCentreId,
  name: d.name,
  city: d.city,
  country: d.country,
  status: d.status,
});

export const toAddon = (a: Addon) => ({
  id: a.addonId,
  name: a.name,
  description: a.description,
  pricingKind: a.pricing.kind,
  prices: a.pricing.kind === 'RECURRING' ? cyclePrices(a.pricing.prices) : [],
  oneTimePrice: a.pricing.kind === 'ONE_TIME' ? a.pricing.price : null,
  sac: a.sac,
  gstRate: rateOf(a.sac, a.gstRate),
  planKinds: a.planKinds,
  retired: a.retired,
});

export const toOperatingSystem = (o: OperatingSystem) => ({
  id: o.operatingSystemId,
  name: o.name,
  version: o.version,
  family: o.family,
  licencePrices: cyclePrices(o.licencePrices),
  retired: o.retired,
});

const visibleDataCentre = (c: Catalog, d: DataCentre) => c.staff || d.status === 'ACTIVE';
const visibleEntry = (c: Catalog, e: { retired: boolean }) => c.staff || !e.retired;

/** The command deps of the catalog: the event store and the platform's one clock. */
const deps = (ctx: RequestContext): CommandDeps => ({
  store: ctx.platform.store,
  now: ctx.platform.wallet.now,
});

type Command = (d: CommandDeps, c: CommandContext, input: unknown) => Promise<CatalogResult>;

/** Runs the command, waits for the read model to hold its events, returns the entry as staff see it. */
async function run<T>(
  ctx: RequestContext,
  command: Command,
  input: { commandId: string },
  pick: (rows: CatalogRows, id: string, catalog: Catalog) => T | undefined,
  what: string,
): Promise<T> {
  const result = await command(deps(ctx), commandContext(ctx, input.commandId), input);
  await settle(ctx, result.position);
  const catalog = catalogOf(ctx, true);
  const found = pick(await catalog.rows(), result.id, catalog);
  if (!found) throw notFound(what);
  return found;
}

const planIn = (rows: CatalogRows, id: string, catalog: Catalog) => {
  const plan = rows.plans.find((p) => p.planId === id);
  return plan ? { plan, catalog } : undefined;
};
const dataCentreIn = (rows: CatalogRows, id: string) => {
  const d = rows.dataCentres.find((x) => x.dataCentreId === id);
  return d ? toDataCentre(d) : undefined;
};
const addonIn = (rows: CatalogRows, id: string) => {
  const a = rows.addons.find((x) => x.addonId === id);
  return a ? toAddon(a) : undefined;
};
const osIn = (rows: CatalogRows, id: string) => {
  const o = rows.operatingSystems.find((x) => x.operatingSystemId === id);
  return o ? toOperatingSystem(o) : undefined;
};

/** Typed by the SDL (graphql/generated/resolvers.ts): a wrong shape or argument fails tsc. */
export const catalogResolvers = {
  Query: {
    // Public: the host's tenant's catalog, to anyone (a visitor compares plans before signing up).
    catalog: (_, __, ctx) => catalogOf(ctx),
  },
  Catalog: {
    async plans(c, args) {
      const { plans } = await c.rows();
      return plans
        .filter((p) => !args.kind || p.kind === args.kind)
        .filter((p) => p.visibility === 'PUBLIC' || (c.staff && args.includeHidden))
        .map((plan) => ({ plan, catalog: c }));
    },
    async plan(c, args) {
      const plan = (await c.rows()).plans.find((p) => p.planId === args.id);
      // A hidden plan is ordered by its link; a retired one is gone for all but its managers.
      if (!plan || (!c.staff && plan.visibility === 'RETIRED')) throw notFound('plan');
      return { plan, catalog: c };
    },
    dataCentres: async (c) =>
      (await c.rows()).dataCentres.filter((d) => visibleDataCentre(c, d)).map(toDataCentre),
    addons: async (c) => (await c.rows()).addons.filter((a) => visibleEntry(c, a)).map(toAddon),
    operatingSystems: async (c) =>
      (await c.rows()).operatingSystems.filter((o) => visibleEntry(c, o)).map(toOperatingSystem),
  },
  Plan: {
    id: ({ plan }) => plan.planId,
    kind: ({ plan }) => plan.kind,
    name: ({ plan }) => plan.name,
    description: ({ plan }) => plan.description,
    specs: ({ plan }) => plan.specs,
    prices: ({ plan }) => cyclePrices(plan.prices),
    setupFee: ({ plan }) => plan.setupFee,
    sac: ({ plan }) => plan.sac,
    gstRate: ({ plan }) => rateOf(plan.sac, plan.gstRate),
    visibility: ({ plan }) => plan.visibility,
    updatedAt: ({ plan }) => plan.updatedAt,
    async dataCentres({ plan, catalog }) {
      const all = (await catalog.rows()).dataCentres;
      return plan.dataCentreIds
        .map((id) => all.find((d) => d.dataCentreId === id))
        .filter((d): d is Entry<DataCentre> => !!d && visibleDataCentre(catalog, d))
        .map(toDataCentre);
    },
    async operatingSystems({ plan, catalog }) {
      const all = (await catalog.rows()).operatingSystems;
      return plan.operatingSystemIds
        .map((id) => all.find((o) => o.operatingSystemId === id))
        .filter((o): o is Entry<OperatingSystem> => !!o && visibleEntry(catalog, o))
        .map(toOperatingSystem);
    },
    addons: async ({ plan, catalog }) =>
      (await catalog.rows()).addons
        .filter((a) => !a.retired && a.planKinds.includes(plan.kind))
        .map(toAddon),
  },
  Mutation: {
    createPlan: (_, { input }, ctx) => run(ctx, createPlan, input, planIn, 'plan'),
    updatePlan: (_, { input }, ctx) => run(ctx, updatePlan, input, planIn, 'plan'),
    repricePlan: (_, { input }, ctx) => run(ctx, repricePlan, input, planIn, 'plan'),
    setPlanVisibility: (_, { input }, ctx) => run(ctx, setPlanVisibility, input, planIn, 'plan'),
    retirePlan: (_, { input }, ctx) => run(ctx, retirePlan, input, planIn, 'plan'),
    createDataCentre: (_, { input }, ctx) =>
      run(ctx, createDataCentre, input, dataCentreIn, 'data centre'),
    updateDataCentre: (_, { input }, ctx) =>
      run(ctx, updateDataCentre, input, dataCentreIn, 'data centre'),
    retireDataCentre: (_, { input }, ctx) =>
      run(ctx, retireDataCentre, input, dataCentreIn, 'data centre'),
    createAddon: (_, { input }, ctx) => run(ctx, createAddon, input, addonIn, 'add-on'),
    updateAddon: (_, { input }, ctx) => run(ctx, updateAddon, input, addonIn, 'add-on'),
    retireAddon: (_, { input }, ctx) => run(ctx, retireAddon, input, addonIn, 'add-on'),
    createOperatingSystem: (_, { input }, ctx) =>
      run(ctx, createOperatingSystem, input, osIn, 'operating system'),
    updateOperatingSystem: (_, { input }, ctx) =>
      run(ctx, updateOperatingSystem, input, osIn, 'operating system'),
    retireOperatingSystem: (_, { input }, ctx) =>
      run(ctx, retireOperatingSystem, input, osIn, 'operating system'),
  },
} satisfies Resolvers;
