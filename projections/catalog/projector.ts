import type { TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { catalogDecider } from '../../domain/catalog/decider.ts';
import { catalogEventTypes, type CatalogEvent } from '../../domain/catalog/events.ts';
import {
  initialCatalog,
  type Addon,
  type CatalogState,
  type DataCentre,
  type OperatingSystem,
  type Plan,
} from '../../domain/catalog/state.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';
import { addonOf, dcOf, osOf, planOf } from './rows.ts';

/**
 * Each tenant's catalog as tables: plans, data centres, add-ons, operating systems, one row per
 * entry with its current state. A batch is applied by loading the rows it touches, folding its
 * events over them with the domain's own `evolve` (so the read model cannot disagree with what
 * orders decide on), and writing each table in one statement. Applying a batch twice gives the
 * same rows: every event sets fields, none adds to them.
 */
export const catalogProjector: Projector = {
  name: 'catalog',
  version: 1,
  handles: new Set(catalogEventTypes),
  tables: [
    { name: 'plans', orderBy: 'tenant_id, id' },
    { name: 'data_centres', orderBy: 'tenant_id, id' },
    { name: 'addons', orderBy: 'tenant_id, id' },
    { name: 'operating_systems', orderBy: 'tenant_id, id' },
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table plans (
        tenant_id text not null,
        id text not null,
        kind text not null,
        name text not null,
        description text not null,
        v_cpu int not null,
        ram_gb double precision not null,
        disk_gb int not null,
        disk_type text not null,
        bandwidth_tb double precision not null,
        ipv4 int not null,
        -- { "MONTHLY": "1234.56", ... }: the cycles offered, with the domain's canonical prices
        prices jsonb not null,
        setup_fee numeric not null,
        sac text not null,
        gst_rate numeric,
        visibility text not null,
        data_centre_ids jsonb not null,
        operating_system_ids jsonb not null,
        updated_at timestamptz not null,
        primary key (tenant_id, id)
      );
      create index plans_by_kind on plans (tenant_id, kind, visibility);
      create table data_centres (
        tenant_id text not null,
        id text not null,
        name text not null,
        city text not null,
        country text not null,
        status text not null,
        updated_at timestamptz not null,
        primary key (tenant_id, id)
      );
      create table addons (
        tenant_id text not null,
        id text not null,
        name text not null,
        description text not null,
        pricing_kind text not null check (pricing_kind in ('RECURRING', 'ONE_TIME')),
        prices jsonb,
        one_time_price numeric,
        sac text not null,
        gst_rate numeric,
        plan_kinds jsonb not null,
        retired boolean not null,
        updated_at timestamptz not null,
        primary key (tenant_id, id)
      );
      create table operating_systems (
        tenant_id text not null,
        id text not null,
        name text not null,
        version text not null,
        family text not null,
        licence_prices jsonb,
        retired boolean not null,
        updated_at timestamptz not null,
        primary key (tenant_id, id)
      );
    `);
    for (const t of ['plans', 'data_centres', 'addons', 'operating_systems'])
      await enableTenantIsolation(tx, t);
  },
  async apply(tx, events) {
    const byTenant = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      const t = e.metadata.tenantId;
      byTenant.set(t, [...(byTenant.get(t) ?? []), e]);
    }
    const touched: Touched = { plans: [], dataCentres: [], addons: [], operatingSystems: [] };
    for (const [tenantId, list] of byTenant) {
      const ids = idsOf(list);
      let state = await loadState(tx, tenantId, ids);
      const at = new Map<string, string>();
      for (const e of list) {
        state = catalogDecider.evolve(state, e as unknown as CatalogEvent);
        at.set(keyOf(e), timeOf(e));
      }
      const stamp = (kind: string, id: string) => at.get(`${kind}:${id}`)!;
      for (const id of ids.plans)
        if (state.plans[id])
          touched.plans.push(planRow(tenantId, state.plans[id], stamp('plan', id)));
      for (const id of ids.dataCentres)
        if (state.dataCentres[id])
          touched.dataCentres.push(dcRow(tenantId, state.dataCentres[id], stamp('dc', id)));
      for (const id of ids.addons)
        if (state.addons[id])
          touched.addons.push(addonRow(tenantId, state.addons[id], stamp('addon', id)));
      for (const id of ids.operatingSystems)
        if (state.operatingSystems[id])
          touched.operatingSystems.push(
            osRow(tenantId, state.operatingSystems[id], stamp('os', id)),
          );
    }
    await upsert(tx, 'plans', PLAN_COLUMNS, touched.plans);
    await upsert(tx, 'data_centres', DC_COLUMNS, touched.dataCentres);
    await upsert(tx, 'addons', ADDON_COLUMNS, touched.addons);
    await upsert(tx, 'operating_systems', OS_COLUMNS, touched.operatingSystems);
  },
};

type Row = Record<string, unknown>;
interface Touched {
  plans: Row[];
  dataCentres: Row[];
  addons: Row[];
  operatingSystems: Row[];
}
interface Ids {
  plans: string[];
  dataCentres: string[];
  addons: string[];
  operatingSystems: string[];
}

const data = (e: RecordedEvent) => e.data as Record<string, string>;

function keyOf(e: RecordedEvent): string {
  const d = data(e);
  if (d.planId) return `plan:${d.planId}`;
  if (d.dataCentreId) return `dc:${d.dataCentreId}`;
  if (d.addonId) return `addon:${d.addonId}`;
  return `os:${d.operatingSystemId}`;
}

/** The instant the event names (definedAt, updatedAt, repricedAt, changedAt, retiredAt). */
function timeOf(e: RecordedEvent): string {
  const d = data(e);
  return (
    d.definedAt ??
    d.updatedAt ??
    d.repricedAt ??
    d.changedAt ??
    d.retiredAt ??
    e.metadata.occurredAt
  );
}

function idsOf(events: RecordedEvent[]): Ids {
  const set = (k: string) => [
    ...new Set(events.map((e) => data(e)[k]).filter((id): id is string => !!id)),
  ];
  return {
    plans: set('planId'),
    dataCentres: set('dataCentreId'),
    addons: set('addonId'),
    operatingSystems: set('operatingSystemId'),
  };
}

/** The tenant's entries this batch touches, as the domain's state (the rest is not needed to evolve). */
async function loadState(tx: TransactionSql, tenantId: string, ids: Ids): Promise<CatalogState> {
  const [plans, dcs, addons, oses] = await Promise.all([
    tx`select * from plans where tenant_id = ${tenantId} and id = any(${ids.plans}::text[])`,
    tx`select * from data_centres where tenant_id = ${tenantId} and id = any(${ids.dataCentres}::text[])`,
    tx`select * from addons where tenant_id = ${tenantId} and id = any(${ids.addons}::text[])`,
    tx`select * from operating_systems where tenant_id = ${tenantId} and id = any(${ids.operatingSystems}::text[])`,
  ]);
  return {
    ...initialCatalog,
    tenantId,
    plans: Object.fromEntries(plans.map((r) => [r.id, planOf(r)])),
    dataCentres: Object.fromEntries(dcs.map((r) => [r.id, dcOf(r)])),
    addons: Object.fromEntries(addons.map((r) => [r.id, addonOf(r)])),
    operatingSystems: Object.fromEntries(oses.map((r) => [r.id, osOf(r)])),
  };
}

// ---- rows ⇄ the domain's entries ----

const PLAN_COLUMNS = `tenant_id text, id text, kind text, name text, description text, v_cpu int,
  ram_gb double precision, disk_gb int, disk_type text, bandwidth_tb double precision, ipv4 int,
  prices jsonb, setup_fee numeric, sac text, gst_rate numeric, visibility text,
  data_centre_ids jsonb, operating_system_ids jsonb, updated_at timestamptz`;
const DC_COLUMNS = `tenant_id text, id text, name text, city text, country text, status text, updated_at timestamptz`;
const ADDON_COLUMNS = `tenant_id text, id text, name text, description text, pricing_kind text,
  prices jsonb, one_time_price numeric, sac text, gst_rate numeric, plan_kinds jsonb, retired boolean,
  updated_at timestamptz`;
const OS_COLUMNS = `tenant_id text, id text, name text, version text, family text, licence_prices jsonb,
  retired boolean, updated_at timestamptz`;

const planRow = (tenantId: string, p: Plan, at: string): Row => ({
  tenant_id: tenantId,
  id: p.planId,
  kind: p.kind,
  name: p.name,
  description: p.description,
  v_cpu: p.specs.vCpu,
  ram_gb: p.specs.ramGb,
  disk_gb: p.specs.diskGb,
  disk_type: p.specs.diskType,
  bandwidth_tb: p.specs.bandwidthTb,
  ipv4: p.specs.ipv4,
  prices: p.prices,
  setup_fee: p.setupFee,
  sac: p.sac,
  gst_rate: p.gstRate,
  visibility: p.visibility,
  data_centre_ids: p.dataCentreIds,
  operating_system_ids: p.operatingSystemIds,
  updated_at: at,
});

const dcRow = (tenantId: string, d: DataCentre, at: string): Row => ({
  tenant_id: tenantId,
  id: d.dataCentreId,
  name: d.name,
  city: d.city,
  country: d.country,
  status: d.status,
  updated_at: at,
});

const addonRow = (tenantId: string, a: Addon, at: string): Row => ({
  tenant_id: tenantId,
  id: a.addonId,
  name: a.name,
  description: a.description,
  pricing_kind: a.pricing.kind,
  prices: a.pricing.kind === 'RECURRING' ? a.pricing.prices : null,
  one_time_price: a.pricing.kind === 'ONE_TIME' ? a.pricing.price : null,
  sac: a.sac,
  gst_rate: a.gstRate,
  plan_kinds: a.planKinds,
  retired: a.retired,
  updated_at: at,
});

const osRow = (tenantId: string, o: OperatingSystem, at: string): Row => ({
  tenant_id: tenantId,
  id: o.operatingSystemId,
  name: o.name,
  version: o.version,
  family: o.family,
  licence_prices: o.licencePrices,
  retired: o.retired,
  updated_at: at,
});

/** Writes the rows of one table in one statement (jsonb_to_recordset): insert or replace. */
async function upsert(tx: TransactionSql, table: string, columns: string, rows: Row[]) {
  if (rows.length === 0) return;
  const all = columns.split(',').map((c) => c.trim().split(/\s+/)[0]!);
  const changed = all.filter((c) => c !== 'tenant_id' && c !== 'id');
  await tx.unsafe(
    `insert into ${table} (${all.join(', ')}) select ${all.join(', ')} from jsonb_to_recordset($1::text::jsonb) as r(${columns})
     on conflict (tenant_id, id) do update set ${changed.map((n) => `${n} = excluded.${n}`).join(', ')}`,
    [JSON.stringify(rows)],
  );
}
