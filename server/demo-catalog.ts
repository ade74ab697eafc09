import { createAddon } from '../commands/catalog/addons.ts';
import { createDataCentre } from '../commands/catalog/data-centres.ts';
import { createOperatingSystem } from '../commands/catalog/operating-systems.ts';
import { createPlan } from '../commands/catalog/plans.ts';
import type { CommandContext, CommandDeps } from '../commands/shared/handler.ts';
import {
  BILLING_CYCLES,
  CYCLE_MONTHS,
  type BillingCycle,
  type PlanKind,
  type PlanSpecs,
} from '../domain/catalog/events.ts';
import { D } from '../domain/shared/money.ts';
import { OPERATOR_TENANT_ID } from '../domain/tenancy/events.ts';
import type { Position } from '../eventstore/types.ts';
import { RESELLER_TENANT_ID } from './demo-reseller.ts';

/**
 * A realistic catalog for a tenant, defined through the catalog commands an admin's pages use:
 * four data centres (the operator also Mumbai), five operating systems (Windows licensed per
 * cycle), seven add-ons and three or more plans of each kind, priced in whole and fractional
 * rupees with savings on longer cycles and setup fees on dedicated servers.
 *
 * Command ids are derived (`demo:catalog:<tenant>:<entry>`), so seeding again, on every restart,
 * adds nothing; entry ids follow from them. Tests seed a tenant with `seedCatalog` too.
 */

/** Longer cycles cost less per month: the discount on the monthly price, per cycle. */
const SAVING: Record<BillingCycle, string> = {
  MONTHLY: '0',
  QUARTERLY: '0.03',
  SEMI_ANNUAL: '0.05',
  ANNUAL: '0.10',
  BIENNIAL: '0.15',
  TRIENNIAL: '0.20',
};

/** Prices of the whole cycle from a monthly price (× `markup`), to the paisa. */
export function cyclePricesFrom(
  monthly: string,
  cycles: readonly BillingCycle[],
  markup = '1',
): { cycle: BillingCycle; price: string }[] {
  const base = new D(monthly).times(markup);
  return BILLING_CYCLES.filter((c) => cycles.includes(c)).map((cycle) => ({
    cycle,
    price:
      cycle === 'MONTHLY'
        ? base.toFixed(2)
        : base.times(CYCLE_MONTHS[cycle]).times(new D(1).minus(SAVING[cycle])).toFixed(2),
  }));
}

const ALL = BILLING_CYCLES;
const SHORT: BillingCycle[] = ['MONTHLY', 'QUARTERLY', 'ANNUAL'];
const HOSTING: BillingCycle[] = ['MONTHLY', 'ANNUAL', 'BIENNIAL', 'TRIENNIAL'];
const SERVER: BillingCycle[] = ['MONTHLY', 'QUARTERLY', 'SEMI_ANNUAL', 'ANNUAL'];

type Dc = 'us-east' | 'us-west' | 'eu-central' | 'asia' | 'mumbai';
const DATA_CENTRES: { key: Dc; name: string; city: string; country: string }[] = [
  { key: 'us-east', name: 'US East', city: 'New York', country: 'US' },
  { key: 'us-west', name: 'US West', city: 'Los Angeles', country: 'US' },
  { key: 'eu-central', name: 'EU Central', city: 'Frankfurt', country: 'DE' },
  { key: 'asia', name: 'Asia', city: 'Singapore', country: 'SG' },
  { key: 'mumbai', name: 'India West', city: 'Mumbai', country: 'IN' },
];

type Os = 'ubuntu' | 'debian' | 'alma' | 'rocky' | 'windows';
const OPERATING_SYSTEMS: {
  key: Os;
  name: string;
  version: string;
  family: 'LINUX' | 'WINDOWS';
  licence?: string;
}[] = [
  { key: 'ubuntu', name: 'Ubuntu', version: '24.04 LTS', family: 'LINUX' },
  { key: 'debian', name: 'Debian', version: '12', family: 'LINUX' },
  { key: 'alma', name: 'AlmaLinux', version: '9', family: 'LINUX' },
  { key: 'rocky', name: 'Rocky Linux', version: '9', family: 'LINUX' },
  // The licence is passed on at cost per month: no saving on long cycles.
  {
    key: 'windows',
    name: 'Windows Server',
    version: '2022',
    family: 'WINDOWS',
    licence: '1450.00',
  },
];

const SERVERS: PlanKind[] = ['VPS', 'VDS', 'DEDICATED'];
const EVERY: PlanKind[] = ['VPS', 'SHARED', 'VDS', 'DEDICATED'];
const ADDONS: {
  key: string;
  name: string;
  description: string;
  planKinds: PlanKind[];
  monthly?: string;
  once?: string;
}[] = [
  {
    key: 'cpanel',
    name: 'cPanel/WHM',
    description: 'cPanel & WHM control panel licence, up to 5 accounts',
    planKinds: SERVERS,
    monthly: '1299.00',
  },
  {
    key: 'plesk',
    name: 'Plesk',
    description: 'Plesk Web Admin Edition licence, 10 domains',
    planKinds: SERVERS,
    monthly: '899.00',
  },
  {
    key: 'ssl-standard',
    name: 'SSL Standard',
    description: 'Domain-validated certificate for one host name, valid one year',
    planKinds: EVERY,
    once: '1499.00',
  },
  {
    key: 'ssl-wildcard',
    name: 'SSL Wildcard',
    description: 'Wildcard certificate (*.yourdomain.com), valid one year',
    planKinds: EVERY,
    once: '7999.00',
  },
  {
    key: 'backup',
    name: 'Daily Backup',
    description: 'Off-site snapshot every night, kept for 7 days',
    planKinds: EVERY,
    monthly: '249.50',
  },
  {
    key: 'ipv4',
    name: 'Extra IPv4',
    description: 'One additional dedicated IPv4 address',
    planKinds: SERVERS,
    monthly: '299.00',
  },
  {
    key: 'support',
    name: 'Priority Support',
    description: '24×7 priority queue, 30-minute first response',
    planKinds: EVERY,
    monthly: '999.00',
  },
];

const spec = (
  vCpu: number,
  ramGb: number,
  diskGb: number,
  diskType: PlanSpecs['diskType'],
  bandwidthTb: number,
  ipv4: number,
): PlanSpecs => ({ vCpu, ramGb, diskGb, diskType, bandwidthTb, ipv4 });

const PLANS: {
  key: string;
  kind: PlanKind;
  name: string;
  description: string;
  specs: PlanSpecs;
  monthly: string;
  cycles: readonly BillingCycle[];
  setupFee?: string;
  visibility?: 'HIDDEN';
  dataCentres: Dc[] | 'all';
  operatingSystems: Os[] | 'all';
}[] = [
  {
    key: 'vps-starter',
    kind: 'VPS',
    name: 'VPS Starter',
    description: 'For a small site, a bot or a staging box',
    specs: spec(1, 2, 40, 'NVME', 2, 1),
    monthly: '449.00',
    cycles: SHORT,
    dataCentres: 'all',
    operatingSystems: ['ubuntu', 'debian', 'alma', 'rocky'],
  },
  {
    key: 'vps-pro',
    kind: 'VPS',
    name: 'VPS Pro',
    description: 'Busy sites, small databases and CI runners',
    specs: spec(4, 8, 160, 'NVME', 4, 1),
    monthly: '1234.56',
    cycles: ['MONTHLY', 'QUARTERLY', 'SEMI_ANNUAL', 'ANNUAL', 'BIENNIAL'],
    dataCentres: 'all',
    operatingSystems: 'all',
  },
  {
    key: 'vps-business',
    kind: 'VPS',
    name: 'VPS Business',
    description: 'Production apps with room to grow',
    specs: spec(8, 16, 320, 'NVME', 8, 2),
    monthly: '2449.00',
    cycles: ALL,
    dataCentres: 'all',
    operatingSystems: 'all',
  },
  {
    key: 'vps-partner',
    kind: 'VPS',
    name: 'VPS Partner 6',
    description: 'Partner pricing, offered by link only',
    specs: spec(6, 12, 240, 'NVME', 6, 1),
    monthly: '1599.00',
    cycles: SHORT,
    visibility: 'HIDDEN',
    dataCentres: 'all',
    operatingSystems: 'all',
  },
  {
    key: 'shared-starter',
    kind: 'SHARED',
    name: 'Shared Starter',
    description: 'One website, free SSL, 10 mailboxes',
    specs: spec(1, 1, 10, 'SSD', 0.5, 0),
    monthly: '149.00',
    cycles: HOSTING,
    dataCentres: ['us-east', 'eu-central', 'mumbai'],
    operatingSystems: ['alma'],
  },
  {
    key: 'shared-business',
    kind: 'SHARED',
    name: 'Shared Business',
    description: 'Ten websites, daily malware scan, 50 mailboxes',
    specs: spec(2, 2, 50, 'SSD', 1, 0),
    monthly: '299.50',
    cycles: HOSTING,
    dataCentres: ['us-east', 'eu-central', 'mumbai'],
    operatingSystems: ['alma'],
  },
  {
    key: 'shared-pro',
    kind: 'SHARED',
    name: 'Shared Pro',
    description: 'Unlimited websites on NVMe with a dedicated IP',
    specs: spec(4, 4, 100, 'NVME', 2, 1),
    monthly: '549.99',
    cycles: ['MONTHLY', 'QUARTERLY', 'ANNUAL', 'BIENNIAL', 'TRIENNIAL'],
    dataCentres: ['us-east', 'eu-central', 'asia', 'mumbai'],
    operatingSystems: ['alma'],
  },
  {
    key: 'vds-4',
    kind: 'VDS',
    name: 'VDS 4',
    description: 'Four dedicated cores, no noisy neighbours',
    specs: spec(4, 16, 200, 'NVME', 10, 1),
    monthly: '3999.00',
    cycles: SERVER,
    dataCentres: ['us-east', 'eu-central', 'asia', 'mumbai'],
    operatingSystems: 'all',
  },
  {
    key: 'vds-8',
    kind: 'VDS',
    name: 'VDS 8',
    description: 'Eight dedicated cores for databases and game servers',
    specs: spec(8, 32, 400, 'NVME', 15, 1),
    monthly: '7499.75',
    cycles: SERVER,
    dataCentres: ['us-east', 'eu-central', 'asia', 'mumbai'],
    operatingSystems: 'all',
  },
  {
    key: 'vds-16',
    kind: 'VDS',
    name: 'VDS 16',
    description: 'Sixteen dedicated cores, two addresses',
    specs: spec(16, 64, 800, 'NVME', 20, 2),
    monthly: '13999.00',
    cycles: [...SERVER, 'BIENNIAL'],
    dataCentres: ['us-east', 'eu-central', 'mumbai'],
    operatingSystems: 'all',
  },
  {
    key: 'dedicated-e2388g',
    kind: 'DEDICATED',
    name: 'Dedicated E-2388G',
    description: 'Intel Xeon E-2388G, 8 cores / 16 threads, 2 × 960 GB NVMe (RAID 1)',
    specs: spec(16, 32, 960, 'NVME', 20, 5),
    monthly: '11999.00',
    cycles: SHORT,
    setupFee: '4999.00',
    dataCentres: ['us-east', 'us-west', 'mumbai'],
    operatingSystems: 'all',
  },
  {
    key: 'dedicated-epyc',
    kind: 'DEDICATED',
    name: 'Dedicated EPYC 7443P',
    description: 'AMD EPYC 7443P, 24 cores / 48 threads, 2 × 1.92 TB NVMe',
    specs: spec(48, 128, 3840, 'NVME', 30, 8),
    monthly: '27499.00',
    cycles: SERVER,
    setupFee: '9999.00',
    dataCentres: ['us-east', 'us-west', 'eu-central', 'mumbai'],
    operatingSystems: 'all',
  },
  {
    key: 'dedicated-storage',
    kind: 'DEDICATED',
    name: 'Dedicated Storage 48',
    description: 'Xeon Silver 4314, 4 × 12 TB HDD for backups and archives',
    specs: spec(16, 64, 48000, 'HDD', 50, 5),
    monthly: '18750.50',
    cycles: SHORT,
    setupFee: '7500.00',
    dataCentres: ['us-east', 'us-west', 'eu-central'],
    operatingSystems: ['ubuntu', 'debian', 'alma', 'rocky'],
  },
];

export interface CatalogSeed {
  dataCentres: Record<string, string>;
  operatingSystems: Record<string, string>;
  addons: Record<string, string>;
  plans: Record<string, string>;
  positions: Position[];
}

/**
 * Seeds one tenant's catalog through the catalog commands (as the system), with command ids
 * derived from `prefix` and the tenant. `markup` scales every price (a reseller's own prices);
 * `mumbai` adds the Mumbai data centre. Returns the entries' ids by key and the positions written.
 */
export async function seedCatalog(
  deps: CommandDeps,
  tenantId: string,
  opts: { mumbai?: boolean; markup?: string; prefix?: string } = {},
): Promise<CatalogSeed> {
  const markup = opts.markup ?? '1';
  const prefix = `${opts.prefix ?? 'demo:catalog'}:${tenantId}`;
  const as = (key: string): CommandContext => ({
    tenantId,
    actor: { userId: 'system', role: 'system' },
    commandId: `${prefix}:${key}`,
  });
  const out: CatalogSeed = {
    dataCentres: {},
    operatingSystems: {},
    addons: {},
    plans: {},
    positions: [],
  };
  const keep = (r: { position: Position | null }) => {
    if (r.position) out.positions.push(r.position);
  };
  const price = (p: string) => new D(p).times(markup).toFixed(2);

  for (const dc of DATA_CENTRES) {
    if (dc.key === 'mumbai' && !opts.mumbai) continue;
    const { key, ...details } = dc;
    const r = await createDataCentre(deps, as(`dc:${key}`), {
      details: { ...details, status: 'ACTIVE' },
    });
    out.dataCentres[key] = r.id;
    keep(r);
  }
  for (const os of OPERATING_SYSTEMS) {
    const { key, licence, ...details } = os;
    const r = await createOperatingSystem(deps, as(`os:${key}`), {
      details,
      ...(licence ? { licencePrices: licencePrices(licence, markup) } : {}),
    });
    out.operatingSystems[key] = r.id;
    keep(r);
  }
  for (const a of ADDONS) {
    const r = await createAddon(deps, as(`addon:${a.key}`), {
      details: { name: a.name, description: a.description, planKinds: a.planKinds },
      pricing: a.once
        ? { kind: 'ONE_TIME', price: price(a.once) }
        : { kind: 'RECURRING', prices: cyclePricesFrom(a.monthly!, ALL, markup) },
    });
    out.addons[a.key] = r.id;
    keep(r);
  }
  for (const p of PLANS) {
    const dcs = (p.dataCentres === 'all' ? DATA_CENTRES.map((d) => d.key) : p.dataCentres)
      .map((k) => out.dataCentres[k])
      .filter((id): id is string => !!id);
    const oses = (
      p.operatingSystems === 'all' ? OPERATING_SYSTEMS.map((o) => o.key) : p.operatingSystems
    ).map((k) => out.operatingSystems[k]!);
    const r = await createPlan(deps, as(`plan:${p.key}`), {
      details: {
        kind: p.kind,
        name: p.name,
        description: p.description,
        specs: p.specs,
        dataCentreIds: dcs,
        operatingSystemIds: oses,
      },
      prices: cyclePricesFrom(p.monthly, p.cycles, markup),
      ...(p.setupFee ? { setupFee: price(p.setupFee) } : {}),
      ...(p.visibility ? { visibility: p.visibility } : {}),
    });
    out.plans[p.key] = r.id;
    keep(r);
  }
  return out;
}

/** A licence costs the same each month, whatever the cycle: months × the monthly price. */
const licencePrices = (monthly: string, markup: string) =>
  ALL.map((cycle) => ({
    cycle,
    price: new D(monthly).times(markup).times(CYCLE_MONTHS[cycle]).toFixed(2),
  }));

/**
 * The demo's two catalogs: the operator's (with Mumbai) and KloudNests', whose prices are its
 * own (10 % above the operator's, so the two are told apart at a glance).
 */
export async function seedDemoCatalogs(deps: CommandDeps): Promise<Position[]> {
  const operator = await seedCatalog(deps, OPERATOR_TENANT_ID, { mumbai: true });
  const reseller = await seedCatalog(deps, RESELLER_TENANT_ID, { markup: '1.10' });
  return [...operator.positions, ...reseller.positions];
}
