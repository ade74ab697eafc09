// Stryker disable all: test support (fixtures of the catalog, order and invoice specs), not engine code; the config leaves out domain/shared/spec.ts and **/testing/** for the same reason
/**
 * A small catalog as events, shared by the catalog, order and invoice specs (test support only:
 * production code never imports it). Prices follow the issue: ₹1,234.56 and ₹449.00 a month.
 */
import { fold } from '../shared/decider.ts';
import { catalogDecider } from './decider.ts';
import type { CatalogEvent, PlanSpecs } from './events.ts';
import { catalogSnapshot, type CatalogSnapshot } from './state.ts';

export const T = 'akashone';
export const AT = '2026-04-01T09:00:00.000Z';

export const vpsSpecs: PlanSpecs = {
  vCpu: 4,
  ramGb: 8,
  diskGb: 160,
  diskType: 'NVME',
  bandwidthTb: 4,
  ipv4: 1,
};

export const mumbai: CatalogEvent = {
  type: 'DataCentreDefined',
  data: {
    tenantId: T,
    dataCentreId: 'dc-mum',
    name: 'Mumbai',
    city: 'Mumbai',
    country: 'IN',
    status: 'ACTIVE',
    definedAt: AT,
  },
};
export const frankfurt: CatalogEvent = {
  type: 'DataCentreDefined',
  data: {
    tenantId: T,
    dataCentreId: 'dc-fra',
    name: 'EU Central',
    city: 'Frankfurt',
    country: 'DE',
    status: 'ACTIVE',
    definedAt: AT,
  },
};
export const singapore: CatalogEvent = {
  type: 'DataCentreDefined',
  data: {
    tenantId: T,
    dataCentreId: 'dc-sgp',
    name: 'Asia',
    city: 'Singapore',
    country: 'SG',
    status: 'MAINTENANCE',
    definedAt: AT,
  },
};

export const ubuntu: CatalogEvent = {
  type: 'OperatingSystemDefined',
  data: {
    tenantId: T,
    operatingSystemId: 'os-ubuntu',
    name: 'Ubuntu',
    version: '24.04',
    family: 'LINUX',
    licencePrices: null,
    definedAt: AT,
  },
};
export const windows: CatalogEvent = {
  type: 'OperatingSystemDefined',
  data: {
    tenantId: T,
    operatingSystemId: 'os-win',
    name: 'Windows Server',
    version: '2022',
    family: 'WINDOWS',
    licencePrices: { MONTHLY: '1250.00', ANNUAL: '15000.00' },
    definedAt: AT,
  },
};
export const centos: CatalogEvent = {
  type: 'OperatingSystemDefined',
  data: {
    tenantId: T,
    operatingSystemId: 'os-centos',
    name: 'CentOS',
    version: '7',
    family: 'LINUX',
    licencePrices: null,
    definedAt: AT,
  },
};
export const centosRetired: CatalogEvent = {
  type: 'OperatingSystemRetired',
  data: { tenantId: T, operatingSystemId: 'os-centos', retiredAt: AT },
};

export const vpsPro: CatalogEvent = {
  type: 'PlanDefined',
  data: {
    tenantId: T,
    planId: 'plan-vps',
    kind: 'VPS',
    name: 'VPS Pro',
    description: '4 vCPU, 8 GB',
    specs: vpsSpecs,
    sac: '998315',
    gstRate: null,
    dataCentreIds: ['dc-mum', 'dc-sgp'],
    operatingSystemIds: ['os-ubuntu', 'os-win', 'os-centos'],
    prices: { MONTHLY: '1234.56', QUARTERLY: '3600.00', ANNUAL: '13580.16' },
    setupFee: '499.00',
    visibility: 'PUBLIC',
    definedAt: AT,
  },
};
export const sharedStarter: CatalogEvent = {
  type: 'PlanDefined',
  data: {
    tenantId: T,
    planId: 'plan-shared',
    kind: 'SHARED',
    name: 'Shared Starter',
    description: 'One site',
    specs: { vCpu: 1, ramGb: 1, diskGb: 10, diskType: 'SSD', bandwidthTb: 0.5, ipv4: 0 },
    sac: '998315',
    gstRate: null,
    dataCentreIds: ['dc-mum'],
    operatingSystemIds: ['os-ubuntu'],
    prices: { MONTHLY: '449.00' },
    setupFee: '0.00',
    visibility: 'HIDDEN',
    definedAt: AT,
  },
};
export const oldPlan: CatalogEvent = {
  ...sharedStarter,
  data: { ...sharedStarter.data, planId: 'plan-old', name: 'Old VPS', visibility: 'RETIRED' },
} as CatalogEvent;

export const cpanel: CatalogEvent = {
  type: 'AddonDefined',
  data: {
    tenantId: T,
    addonId: 'addon-cpanel',
    name: 'cPanel/WHM',
    description: 'Control panel',
    sac: '998315',
    gstRate: null,
    planKinds: ['VPS', 'VDS', 'DEDICATED'],
    pricing: { kind: 'RECURRING', prices: { MONTHLY: '449.00', QUARTERLY: '1300.00' } },
    definedAt: AT,
  },
};
export const backup: CatalogEvent = {
  type: 'AddonDefined',
  data: {
    tenantId: T,
    addonId: 'addon-backup',
    name: 'Daily Backup',
    description: '7 days kept',
    sac: '998315',
    gstRate: null,
    planKinds: ['VPS', 'SHARED', 'VDS', 'DEDICATED'],
    pricing: { kind: 'RECURRING', prices: { MONTHLY: '120.50' } },
    definedAt: AT,
  },
};
export const sslWildcard: CatalogEvent = {
  type: 'AddonDefined',
  data: {
    tenantId: T,
    addonId: 'addon-ssl',
    name: 'SSL Wildcard',
    description: '*.domain',
    sac: '998316',
    gstRate: null,
    planKinds: ['VPS', 'SHARED'],
    pricing: { kind: 'ONE_TIME', price: '5999.00' },
    definedAt: AT,
  },
};
export const extraIp: CatalogEvent = {
  type: 'AddonDefined',
  data: {
    tenantId: T,
    addonId: 'addon-ip',
    name: 'Extra IPv4',
    description: '',
    sac: '998315',
    gstRate: null,
    planKinds: ['VPS'],
    pricing: { kind: 'RECURRING', prices: { MONTHLY: '150.00' } },
    definedAt: AT,
  },
};
export const extraIpRetired: CatalogEvent = {
  type: 'AddonRetired',
  data: { tenantId: T, addonId: 'addon-ip', retiredAt: AT },
};

export const catalogHistory: CatalogEvent[] = [
  mumbai,
  frankfurt,
  singapore,
  ubuntu,
  windows,
  centos,
  centosRetired,
  vpsPro,
  sharedStarter,
  oldPlan,
  cpanel,
  backup,
  sslWildcard,
  extraIp,
  extraIpRetired,
];

export const demoSnapshot = (): CatalogSnapshot =>
  catalogSnapshot(fold(catalogDecider, catalogHistory));
