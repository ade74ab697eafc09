import { afterAll, describe, it } from 'vitest';
import { catalogStreamId, type CatalogEvent } from '../../domain/catalog/events.ts';
import {
  backup,
  centos,
  centosRetired,
  extraIp,
  extraIpRetired,
  frankfurt,
  mumbai,
  sharedStarter,
  sslWildcard,
  AT,
  T,
  vpsPro,
  windows,
} from '../../domain/catalog/spec-fixtures.ts';
import {
  endProjectorSpecs,
  projectorSpec,
  type GivenEvent,
} from '../shared/testing/projector-spec.ts';
import { catalogProjector } from './projector.ts';

/** The catalog read model from its events: one row per entry, its current state, per tenant. */
afterAll(endProjectorSpecs);

const ofTenant = (e: CatalogEvent, tenantId = T): GivenEvent => ({
  ...({ ...e, data: { ...e.data, tenantId } } as CatalogEvent),
  streamId: catalogStreamId(tenantId),
  tenantId,
});
const at = '2026-05-02T08:00:00.000Z';

const repriced: CatalogEvent = {
  type: 'PlanRepriced',
  data: {
    tenantId: T,
    planId: 'plan-vps',
    prices: { MONTHLY: '1299.00', ANNUAL: '14029.20' },
    setupFee: '0.00',
    repricedAt: at,
  },
};
const hidden: CatalogEvent = {
  type: 'PlanVisibilityChanged',
  data: { tenantId: T, planId: 'plan-vps', visibility: 'RETIRED', changedAt: at },
};
const updated: CatalogEvent = {
  type: 'PlanUpdated',
  data: {
    ...(() => {
      const {
        tenantId: _t,
        definedAt: _d,
        prices: _p,
        setupFee: _s,
        visibility: _v,
        ...rest
      } = vpsPro.data as Record<string, unknown>;
      return rest;
    })(),
    tenantId: T,
    name: 'VPS Pro 2026',
    dataCentreIds: ['dc-fra'],
    updatedAt: at,
  } as never,
};
const closed: CatalogEvent = {
  type: 'DataCentreUpdated',
  data: {
    tenantId: T,
    dataCentreId: 'dc-mum',
    name: 'Mumbai',
    city: 'Mumbai',
    country: 'IN',
    status: 'CLOSED',
    updatedAt: at,
  },
};
const backupRepriced: CatalogEvent = {
  type: 'AddonRepriced',
  data: {
    tenantId: T,
    addonId: 'addon-backup',
    pricing: { kind: 'ONE_TIME', price: '999.50' },
    repricedAt: at,
  },
};
const windowsFree: CatalogEvent = {
  type: 'OperatingSystemRepriced',
  data: { tenantId: T, operatingSystemId: 'os-win', licencePrices: null, repricedAt: at },
};

describe('catalog projector', () => {
  it('a plan as defined: specs in columns, prices and offers as the events carry them', async () => {
    await projectorSpec(catalogProjector)
      .given([ofTenant(mumbai), ofTenant(vpsPro), ofTenant(sharedStarter)])
      .thenRows('plans', [
        {
          id: 'plan-shared',
          kind: 'SHARED',
          name: 'Shared Starter',
          v_cpu: 1,
          ram_gb: 1,
          disk_gb: 10,
          disk_type: 'SSD',
          bandwidth_tb: 0.5,
          ipv4: 0,
          prices: { MONTHLY: '449.00' },
          setup_fee: '0.00',
          sac: '998315',
          gst_rate: null,
          visibility: 'HIDDEN',
          data_centre_ids: ['dc-mum'],
          operating_system_ids: ['os-ubuntu'],
          updated_at: '2026-04-01T09:00:00.000Z',
        },
        {
          id: 'plan-vps',
          kind: 'VPS',
          name: 'VPS Pro',
          v_cpu: 4,
          ram_gb: 8,
          disk_gb: 160,
          disk_type: 'NVME',
          bandwidth_tb: 4,
          ipv4: 1,
          prices: { MONTHLY: '1234.56', QUARTERLY: '3600.00', ANNUAL: '13580.16' },
          setup_fee: '499.00',
          sac: '998315',
          gst_rate: null,
          visibility: 'PUBLIC',
          data_centre_ids: ['dc-mum', 'dc-sgp'],
          operating_system_ids: ['os-ubuntu', 'os-win', 'os-centos'],
          updated_at: '2026-04-01T09:00:00.000Z',
        },
      ]);
  });

  it('an update, a new price and retirement change the row; the last change stamps it', async () => {
    await projectorSpec(catalogProjector)
      .given([ofTenant(vpsPro), ofTenant(updated), ofTenant(repriced), ofTenant(hidden)])
      .thenRows('plans', [
        {
          id: 'plan-vps',
          name: 'VPS Pro 2026',
          data_centre_ids: ['dc-fra'],
          prices: { MONTHLY: '1299.00', ANNUAL: '14029.20' },
          setup_fee: '0.00',
          visibility: 'RETIRED',
          updated_at: at,
        },
      ]);
  });

  it('data centres: defined, then closed', async () => {
    await projectorSpec(catalogProjector)
      .given([ofTenant(mumbai), ofTenant(frankfurt), ofTenant(closed)])
      .thenRows('data_centres', [
        { id: 'dc-fra', name: 'EU Central', country: 'DE', status: 'ACTIVE', updated_at: AT },
        { id: 'dc-mum', name: 'Mumbai', country: 'IN', status: 'CLOSED', updated_at: at },
      ]);
  });

  it('add-ons: per cycle or one-time, repriced from one to the other, retired', async () => {
    await projectorSpec(catalogProjector)
      .given([
        ofTenant(backup),
        ofTenant(sslWildcard),
        ofTenant(extraIp),
        ofTenant(extraIpRetired),
        ofTenant(backupRepriced),
      ])
      .thenRows('addons', [
        {
          id: 'addon-backup',
          pricing_kind: 'ONE_TIME',
          prices: null,
          one_time_price: '999.50',
          sac: '998315',
          plan_kinds: ['VPS', 'SHARED', 'VDS', 'DEDICATED'],
          retired: false,
        },
        {
          id: 'addon-ip',
          pricing_kind: 'RECURRING',
          prices: { MONTHLY: '150.00' },
          one_time_price: null,
          sac: '998315',
          plan_kinds: ['VPS'],
          retired: true,
        },
        {
          id: 'addon-ssl',
          pricing_kind: 'ONE_TIME',
          prices: null,
          one_time_price: '5999.00',
          sac: '998316',
          plan_kinds: ['VPS', 'SHARED'],
          retired: false,
        },
      ]);
  });

  it('operating systems: licensed, made free, retired', async () => {
    await projectorSpec(catalogProjector)
      .given([ofTenant(windows), ofTenant(centos), ofTenant(centosRetired), ofTenant(windowsFree)])
      .thenRows('operating_systems', [
        { id: 'os-centos', family: 'LINUX', licence_prices: null, retired: true, updated_at: AT },
        { id: 'os-win', family: 'WINDOWS', licence_prices: null, retired: false, updated_at: at },
      ]);
  });

  it('keeps tenants apart: the same entry id in two tenants is two rows, each changed by its own events', async () => {
    await projectorSpec(catalogProjector)
      .given([ofTenant(mumbai, 'a'), ofTenant(mumbai, 'b'), ofTenant(closed, 'b')])
      .thenRows('data_centres', [
        { tenant_id: 'a', id: 'dc-mum', status: 'ACTIVE' },
        { tenant_id: 'b', id: 'dc-mum', status: 'CLOSED' },
      ]);
  });
});
