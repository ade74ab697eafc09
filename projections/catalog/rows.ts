import type { Addon, DataCentre, OperatingSystem, Plan } from '../../domain/catalog/state.ts';

/** The catalog tables' rows read back as the domain's entries (projector.ts writes them). */

type Row = Record<string, unknown>;

/** A numeric column back as the domain's string, scale kept (numeric keeps what it was given). */
const text = (v: unknown): string => String(v);

export const planOf = (r: Row): Plan => ({
  planId: r.id as string,
  kind: r.kind as Plan['kind'],
  name: r.name as string,
  description: r.description as string,
  specs: {
    vCpu: r.v_cpu as number,
    ramGb: r.ram_gb as number,
    diskGb: r.disk_gb as number,
    diskType: r.disk_type as Plan['specs']['diskType'],
    bandwidthTb: r.bandwidth_tb as number,
    ipv4: r.ipv4 as number,
  },
  sac: r.sac as string,
  gstRate: r.gst_rate === null ? null : text(r.gst_rate),
  dataCentreIds: r.data_centre_ids as string[],
  operatingSystemIds: r.operating_system_ids as string[],
  prices: r.prices as Plan['prices'],
  setupFee: text(r.setup_fee),
  visibility: r.visibility as Plan['visibility'],
});

export const dcOf = (r: Row): DataCentre => ({
  dataCentreId: r.id as string,
  name: r.name as string,
  city: r.city as string,
  country: r.country as string,
  status: r.status as DataCentre['status'],
});

export const addonOf = (r: Row): Addon => ({
  addonId: r.id as string,
  name: r.name as string,
  description: r.description as string,
  sac: r.sac as string,
  gstRate: r.gst_rate === null ? null : text(r.gst_rate),
  planKinds: r.plan_kinds as Addon['planKinds'],
  pricing:
    r.pricing_kind === 'RECURRING'
      ? { kind: 'RECURRING', prices: r.prices as Record<string, string> }
      : { kind: 'ONE_TIME', price: text(r.one_time_price) },
  retired: r.retired as boolean,
});

export const osOf = (r: Row): OperatingSystem => ({
  operatingSystemId: r.id as string,
  name: r.name as string,
  version: r.version as string,
  family: r.family as OperatingSystem['family'],
  licencePrices: (r.licence_prices as OperatingSystem['licencePrices']) ?? null,
  retired: r.retired as boolean,
});
