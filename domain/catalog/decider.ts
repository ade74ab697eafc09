import { conflict, notFound, type Decider } from '../shared/decider.ts';
import type {
  AddonPricing,
  CatalogEvent,
  CyclePrices,
  DataCentreDetails,
  OperatingSystemDetails,
  PlanPricing,
  PlanVisibility,
} from './events.ts';
import { PLAN_VISIBILITIES } from './events.ts';
import {
  checkAddonDetails,
  checkAddonPricing,
  checkDataCentre,
  checkLicencePrices,
  checkOperatingSystem,
  checkPlanDetails,
  checkPlanPricing,
  oneOf,
  type AddonDetailsInput,
  type PlanDetailsInput,
} from './rules.ts';
import {
  initialCatalog,
  sameValue,
  type Addon,
  type CatalogState,
  type OperatingSystem,
  type Plan,
} from './state.ts';

/**
 * Every command names the tenant whose catalog it changes; `now` is the command's instant.
 * Define* with an id that exists is a no-op when it asks for exactly what is there (a retry),
 * else a CONFLICT; Update*, Reprice* and visibility changes that change nothing are no-ops.
 */
export type CatalogCommand =
  | {
      type: 'DefinePlan';
      tenantId: string;
      planId: string;
      details: PlanDetailsInput;
      pricing: PlanPricing;
      visibility?: PlanVisibility;
      now: string;
    }
  | { type: 'UpdatePlan'; tenantId: string; planId: string; details: PlanDetailsInput; now: string }
  | { type: 'RepricePlan'; tenantId: string; planId: string; pricing: PlanPricing; now: string }
  | {
      type: 'ChangePlanVisibility';
      tenantId: string;
      planId: string;
      visibility: PlanVisibility;
      now: string;
    }
  | {
      type: 'DefineDataCentre';
      tenantId: string;
      dataCentreId: string;
      details: DataCentreDetails;
      now: string;
    }
  | {
      type: 'UpdateDataCentre';
      tenantId: string;
      dataCentreId: string;
      details: DataCentreDetails;
      now: string;
    }
  | {
      type: 'DefineAddon';
      tenantId: string;
      addonId: string;
      details: AddonDetailsInput;
      pricing: AddonPricing;
      now: string;
    }
  | {
      type: 'UpdateAddon';
      tenantId: string;
      addonId: string;
      details: AddonDetailsInput;
      now: string;
    }
  | { type: 'RepriceAddon'; tenantId: string; addonId: string; pricing: AddonPricing; now: string }
  | { type: 'RetireAddon'; tenantId: string; addonId: string; now: string }
  | {
      type: 'DefineOperatingSystem';
      tenantId: string;
      operatingSystemId: string;
      details: OperatingSystemDetails;
      licencePrices: CyclePrices | null;
      now: string;
    }
  | {
      type: 'UpdateOperatingSystem';
      tenantId: string;
      operatingSystemId: string;
      details: OperatingSystemDetails;
      now: string;
    }
  | {
      type: 'RepriceOperatingSystem';
      tenantId: string;
      operatingSystemId: string;
      licencePrices: CyclePrices | null;
      now: string;
    }
  | { type: 'RetireOperatingSystem'; tenantId: string; operatingSystemId: string; now: string };

type Cmd<T extends CatalogCommand['type']> = Extract<CatalogCommand, { type: T }>;

function definePlan(c: Cmd<'DefinePlan'>, s: CatalogState): CatalogEvent[] {
  const details = checkPlanDetails(c.details, s, c.planId);
  const pricing = checkPlanPricing(c.pricing);
  const visibility = oneOf(c.visibility ?? 'PUBLIC', PLAN_VISIBILITIES, 'visibility');
  const plan: Plan = { planId: c.planId, ...details, ...pricing, visibility };
  const existing = s.plans[c.planId];
  if (existing) {
    if (sameValue(existing, plan)) return [];
    throw conflict(`Plan ${c.planId} already exists; change it with updatePlan or repricePlan.`);
  }
  return [{ type: 'PlanDefined', data: { tenantId: c.tenantId, ...plan, definedAt: c.now } }];
}

function livePlan(s: CatalogState, planId: string): Plan {
  const plan = s.plans[planId];
  if (!plan) throw notFound(`plan ${planId}`);
  if (plan.visibility === 'RETIRED')
    throw conflict(
      `Plan "${plan.name}" is retired; make it public or hidden again before changing it.`,
    );
  return plan;
}

function updatePlan(c: Cmd<'UpdatePlan'>, s: CatalogState): CatalogEvent[] {
  const plan = livePlan(s, c.planId);
  const details = checkPlanDetails(c.details, s, c.planId);
  if (sameValue({ ...plan, ...details }, plan)) return [];
  return [
    {
      type: 'PlanUpdated',
      data: { tenantId: c.tenantId, planId: c.planId, ...details, updatedAt: c.now },
    },
  ];
}

function repricePlan(c: Cmd<'RepricePlan'>, s: CatalogState): CatalogEvent[] {
  const plan = livePlan(s, c.planId);
  const pricing = checkPlanPricing(c.pricing);
  if (sameValue(pricing, { prices: plan.prices, setupFee: plan.setupFee })) return [];
  return [
    {
      type: 'PlanRepriced',
      data: { tenantId: c.tenantId, planId: c.planId, ...pricing, repricedAt: c.now },
    },
  ];
}

function changePlanVisibility(c: Cmd<'ChangePlanVisibility'>, s: CatalogState): CatalogEvent[] {
  const plan = s.plans[c.planId];
  if (!plan) throw notFound(`plan ${c.planId}`);
  const visibility = oneOf(c.visibility, PLAN_VISIBILITIES, 'visibility');
  if (plan.visibility === visibility) return [];
  return [
    {
      type: 'PlanVisibilityChanged',
      data: { tenantId: c.tenantId, planId: c.planId, visibility, changedAt: c.now },
    },
  ];
}

function defineDataCentre(c: Cmd<'DefineDataCentre'>, s: CatalogState): CatalogEvent[] {
  const details = checkDataCentre(c.details, s, c.dataCentreId);
  const existing = s.dataCentres[c.dataCentreId];
  if (existing) {
    if (sameValue(existing, { dataCentreId: c.dataCentreId, ...details })) return [];
    throw conflict(
      `Data centre ${c.dataCentreId} already exists; change it with updateDataCentre.`,
    );
  }
  return [
    {
      type: 'DataCentreDefined',
      data: { tenantId: c.tenantId, dataCentreId: c.dataCentreId, ...details, definedAt: c.now },
    },
  ];
}

function updateDataCentre(c: Cmd<'UpdateDataCentre'>, s: CatalogState): CatalogEvent[] {
  const existing = s.dataCentres[c.dataCentreId];
  if (!existing) throw notFound(`data centre ${c.dataCentreId}`);
  const details = checkDataCentre(c.details, s, c.dataCentreId);
  if (sameValue(existing, { dataCentreId: c.dataCentreId, ...details })) return [];
  return [
    {
      type: 'DataCentreUpdated',
      data: { tenantId: c.tenantId, dataCentreId: c.dataCentreId, ...details, updatedAt: c.now },
    },
  ];
}

function liveAddon(s: CatalogState, addonId: string): Addon {
  const addon = s.addons[addonId];
  if (!addon) throw notFound(`add-on ${addonId}`);
  if (addon.retired) throw conflict(`Add-on "${addon.name}" is retired.`);
  return addon;
}

function defineAddon(c: Cmd<'DefineAddon'>, s: CatalogState): CatalogEvent[] {
  const details = checkAddonDetails(c.details, s, c.addonId);
  const pricing = checkAddonPricing(c.pricing);
  const existing = s.addons[c.addonId];
  if (existing) {
    if (sameValue(existing, { addonId: c.addonId, ...details, pricing, retired: false })) return [];
    throw conflict(
      `Add-on ${c.addonId} already exists; change it with updateAddon or repriceAddon.`,
    );
  }
  return [
    {
      type: 'AddonDefined',
      data: { tenantId: c.tenantId, addonId: c.addonId, ...details, pricing, definedAt: c.now },
    },
  ];
}

function updateAddon(c: Cmd<'UpdateAddon'>, s: CatalogState): CatalogEvent[] {
  const addon = liveAddon(s, c.addonId);
  const details = checkAddonDetails(c.details, s, c.addonId);
  if (sameValue({ ...addon, ...details }, addon)) return [];
  return [
    {
      type: 'AddonUpdated',
      data: { tenantId: c.tenantId, addonId: c.addonId, ...details, updatedAt: c.now },
    },
  ];
}

function repriceAddon(c: Cmd<'RepriceAddon'>, s: CatalogState): CatalogEvent[] {
  const addon = liveAddon(s, c.addonId);
  const pricing = checkAddonPricing(c.pricing);
  if (sameValue(pricing, addon.pricing)) return [];
  return [
    {
      type: 'AddonRepriced',
      data: { tenantId: c.tenantId, addonId: c.addonId, pricing, repricedAt: c.now },
    },
  ];
}

function retireAddon(c: Cmd<'RetireAddon'>, s: CatalogState): CatalogEvent[] {
  const addon = s.addons[c.addonId];
  if (!addon) throw notFound(`add-on ${c.addonId}`);
  if (addon.retired) return [];
  return [
    { type: 'AddonRetired', data: { tenantId: c.tenantId, addonId: c.addonId, retiredAt: c.now } },
  ];
}

function liveOs(s: CatalogState, id: string): OperatingSystem {
  const os = s.operatingSystems[id];
  if (!os) throw notFound(`operating system ${id}`);
  if (os.retired) throw conflict(`The operating system ${os.name} ${os.version} is retired.`);
  return os;
}

function defineOperatingSystem(c: Cmd<'DefineOperatingSystem'>, s: CatalogState): CatalogEvent[] {
  const details = checkOperatingSystem(c.details, s, c.operatingSystemId);
  const licencePrices = checkLicencePrices(c.licencePrices);
  const existing = s.operatingSystems[c.operatingSystemId];
  if (existing) {
    if (
      sameValue(existing, {
        operatingSystemId: c.operatingSystemId,
        ...details,
        licencePrices,
        retired: false,
      })
    )
      return [];
    throw conflict(
      `Operating system ${c.operatingSystemId} already exists; change it with updateOperatingSystem.`,
    );
  }
  return [
    {
      type: 'OperatingSystemDefined',
      data: {
        tenantId: c.tenantId,
        operatingSystemId: c.operatingSystemId,
        ...details,
        licencePrices,
        definedAt: c.now,
      },
    },
  ];
}

function updateOperatingSystem(c: Cmd<'UpdateOperatingSystem'>, s: CatalogState): CatalogEvent[] {
  const os = liveOs(s, c.operatingSystemId);
  const details = checkOperatingSystem(c.details, s, c.operatingSystemId);
  if (sameValue({ ...os, ...details }, os)) return [];
  return [
    {
      type: 'OperatingSystemUpdated',
      data: {
        tenantId: c.tenantId,
        operatingSystemId: c.operatingSystemId,
        ...details,
        updatedAt: c.now,
      },
    },
  ];
}

function repriceOperatingSystem(c: Cmd<'RepriceOperatingSystem'>, s: CatalogState): CatalogEvent[] {
  const os = liveOs(s, c.operatingSystemId);
  const licencePrices = checkLicencePrices(c.licencePrices);
  if (sameValue(licencePrices, os.licencePrices)) return [];
  return [
    {
      type: 'OperatingSystemRepriced',
      data: {
        tenantId: c.tenantId,
        operatingSystemId: c.operatingSystemId,
        licencePrices,
        repricedAt: c.now,
      },
    },
  ];
}

function retireOperatingSystem(c: Cmd<'RetireOperatingSystem'>, s: CatalogState): CatalogEvent[] {
  const os = s.operatingSystems[c.operatingSystemId];
  if (!os) throw notFound(`operating system ${c.operatingSystemId}`);
  if (os.retired) return [];
  return [
    {
      type: 'OperatingSystemRetired',
      data: { tenantId: c.tenantId, operatingSystemId: c.operatingSystemId, retiredAt: c.now },
    },
  ];
}

function decide(command: CatalogCommand, state: CatalogState): CatalogEvent[] {
  switch (command.type) {
    case 'DefinePlan':
      return definePlan(command, state);
    case 'UpdatePlan':
      return updatePlan(command, state);
    case 'RepricePlan':
      return repricePlan(command, state);
    case 'ChangePlanVisibility':
      return changePlanVisibility(command, state);
    case 'DefineDataCentre':
      return defineDataCentre(command, state);
    case 'UpdateDataCentre':
      return updateDataCentre(command, state);
    case 'DefineAddon':
      return defineAddon(command, state);
    case 'UpdateAddon':
      return updateAddon(command, state);
    case 'RepriceAddon':
      return repriceAddon(command, state);
    case 'RetireAddon':
      return retireAddon(command, state);
    case 'DefineOperatingSystem':
      return defineOperatingSystem(command, state);
    case 'UpdateOperatingSystem':
      return updateOperatingSystem(command, state);
    case 'RepriceOperatingSystem':
      return repriceOperatingSystem(command, state);
    case 'RetireOperatingSystem':
      return retireOperatingSystem(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown catalog command ${(unknown as { type: string }).type}`);
    }
  }
}

function evolve(state: CatalogState, event: CatalogEvent): CatalogState {
  const s = { ...state, tenantId: event.data.tenantId };
  switch (event.type) {
    case 'PlanDefined': {
      const { tenantId: _t, definedAt: _d, ...plan } = event.data;
      return { ...s, plans: { ...s.plans, [plan.planId]: plan } };
    }
    case 'PlanUpdated':
    case 'PlanRepriced':
    case 'PlanVisibilityChanged': {
      const { tenantId: _t, ...change } = event.data;
      const prior = s.plans[change.planId]!;
      const plan: Plan = {
        ...prior,
        ...(event.type === 'PlanUpdated' ? withoutTime(event.data, 'updatedAt') : {}),
        ...(event.type === 'PlanRepriced'
          ? { prices: event.data.prices, setupFee: event.data.setupFee }
          : {}),
        ...(event.type === 'PlanVisibilityChanged' ? { visibility: event.data.visibility } : {}),
      };
      return { ...s, plans: { ...s.plans, [plan.planId]: plan } };
    }
    case 'DataCentreDefined':
    case 'DataCentreUpdated': {
      const { dataCentreId, name, city, country, status } = event.data;
      return {
        ...s,
        dataCentres: {
          ...s.dataCentres,
          [dataCentreId]: { dataCentreId, name, city, country, status },
        },
      };
    }
    case 'AddonDefined': {
      const { tenantId: _t, definedAt: _d, ...addon } = event.data;
      return { ...s, addons: { ...s.addons, [addon.addonId]: { ...addon, retired: false } } };
    }
    case 'AddonUpdated':
    case 'AddonRepriced':
    case 'AddonRetired': {
      const prior = s.addons[event.data.addonId]!;
      const addon: Addon =
        event.type === 'AddonUpdated'
          ? { ...prior, ...withoutTime(event.data, 'updatedAt') }
          : event.type === 'AddonRepriced'
            ? { ...prior, pricing: event.data.pricing }
            : { ...prior, retired: true };
      return { ...s, addons: { ...s.addons, [addon.addonId]: addon } };
    }
    case 'OperatingSystemDefined': {
      const { tenantId: _t, definedAt: _d, ...os } = event.data;
      return {
        ...s,
        operatingSystems: {
          ...s.operatingSystems,
          [os.operatingSystemId]: { ...os, retired: false },
        },
      };
    }
    case 'OperatingSystemUpdated':
    case 'OperatingSystemRepriced':
    case 'OperatingSystemRetired': {
      const prior = s.operatingSystems[event.data.operatingSystemId]!;
      const os: OperatingSystem =
        event.type === 'OperatingSystemUpdated'
          ? { ...prior, ...withoutTime(event.data, 'updatedAt') }
          : event.type === 'OperatingSystemRepriced'
            ? { ...prior, licencePrices: event.data.licencePrices }
            : { ...prior, retired: true };
      return { ...s, operatingSystems: { ...s.operatingSystems, [os.operatingSystemId]: os } };
    }
    default:
      return state;
  }
}

/** An update event's data without the tenant and its timestamp: the entry's new fields. */
function withoutTime<T extends { tenantId: string }, K extends keyof T>(
  data: T,
  time: K,
): Omit<T, 'tenantId' | K> {
  const { tenantId: _t, [time]: _time, ...rest } = data;
  return rest as Omit<T, 'tenantId' | K>;
}

export const catalogDecider: Decider<CatalogCommand, CatalogEvent, CatalogState> = {
  initialState: initialCatalog,
  decide,
  evolve,
};
