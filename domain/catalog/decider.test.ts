import { describe, expect, it } from 'vitest';
import { DomainError, fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import { catalogDecider, type CatalogCommand } from './decider.ts';
import { catalogStreamId, type CatalogEvent, type PlanPricing } from './events.ts';
import {
  AT,
  T,
  catalogHistory,
  centos,
  centosRetired,
  cpanel,
  frankfurt,
  mumbai,
  sharedStarter,
  ubuntu,
  vpsPro,
  vpsSpecs,
  windows,
} from './spec-fixtures.ts';
import { catalogSnapshot } from './state.ts';
import type { PlanDetailsInput } from './rules.ts';

const given = specFor(catalogDecider);
const now = '2026-05-01T10:00:00.000Z';
const base = [mumbai, frankfurt, ubuntu, windows, centos, centosRetired];

const details = (over: Partial<PlanDetailsInput> = {}): PlanDetailsInput => ({
  kind: 'VPS',
  name: 'VPS Pro',
  description: '4 vCPU, 8 GB',
  specs: vpsSpecs,
  dataCentreIds: ['dc-mum'],
  operatingSystemIds: ['os-ubuntu'],
  ...over,
});
const define = (
  over: Partial<PlanDetailsInput> = {},
  pricing: PlanPricing = { prices: { MONTHLY: '1234.56' }, setupFee: '499' },
): CatalogCommand => ({
  type: 'DefinePlan',
  tenantId: T,
  planId: 'p1',
  details: details(over),
  pricing,
  now,
});
const defined = (over: Record<string, unknown> = {}): CatalogEvent =>
  ({
    type: 'PlanDefined',
    data: {
      tenantId: T,
      planId: 'p1',
      kind: 'VPS',
      name: 'VPS Pro',
      description: '4 vCPU, 8 GB',
      specs: vpsSpecs,
      sac: '998315',
      gstRate: null,
      dataCentreIds: ['dc-mum'],
      operatingSystemIds: ['os-ubuntu'],
      prices: { MONTHLY: '1234.56' },
      setupFee: '499.00',
      visibility: 'PUBLIC',
      definedAt: now,
      ...over,
    },
  }) as CatalogEvent;

function refusal(history: CatalogEvent[], command: CatalogCommand): DomainError {
  try {
    catalogDecider.decide(command, fold(catalogDecider, history));
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('catalog: defining a plan', () => {
  it('records the plan with SAC 998315 by default, canonical prices and PUBLIC visibility', () =>
    given(base).when(define()).then([defined()]));
  it('keeps fractional paise in unit prices and puts cycles in their order', () =>
    given(base)
      .when(define({}, { prices: { ANNUAL: '13580.1625', MONTHLY: '1234.5' }, setupFee: '0' }))
      .then([defined({ prices: { MONTHLY: '1234.50', ANNUAL: '13580.1625' }, setupFee: '0.00' })]));
  it('deduplicates data centres and keeps a given SAC and rate', () =>
    given(base)
      .when(define({ dataCentreIds: ['dc-mum', 'dc-fra', 'dc-mum'], sac: '998599', gstRate: '18' }))
      .then([defined({ dataCentreIds: ['dc-mum', 'dc-fra'], sac: '998599', gstRate: '18' })]));
  it('the same definition again is a no-op; a different one with the same id is a conflict', () => {
    given([...base, defined()])
      .when(define())
      .then([]);
    given([...base, defined()])
      .when(define({ description: 'other' }))
      .thenRefuses('CONFLICT', /already exists/);
  });
  it('refuses a second plan with the same name, whatever the case', () =>
    given([...base, defined()])
      .when({ ...define({ name: ' vps pro ' }), planId: 'p2' } as CatalogCommand)
      .thenRefuses('CONFLICT', /named "vps pro"/));
  it('names the field of each bad input', () => {
    const cases: [CatalogCommand, string][] = [
      [define({ name: 'V' }), 'name'],
      [define({ kind: 'CLOUD' as never }), 'kind'],
      [define({ description: 'x'.repeat(2001) }), 'description'],
      [define({ specs: { ...vpsSpecs, vCpu: 0 } }), 'specs.vCpu'],
      [define({ specs: { ...vpsSpecs, vCpu: 1.5 } }), 'specs.vCpu'],
      [define({ specs: { ...vpsSpecs, ramGb: 0 } }), 'specs.ramGb'],
      [define({ specs: { ...vpsSpecs, diskGb: 0 } }), 'specs.diskGb'],
      [define({ specs: { ...vpsSpecs, diskType: 'TAPE' as never } }), 'specs.diskType'],
      [define({ specs: { ...vpsSpecs, bandwidthTb: -1 } }), 'specs.bandwidthTb'],
      [define({ specs: { ...vpsSpecs, ipv4: 257 } }), 'specs.ipv4'],
      [define({ sac: '12' }), 'sac'],
      [define({ sac: '998599' }), 'gstRate'],
      [define({ gstRate: '101' }), 'gstRate'],
      [define({ dataCentreIds: [] }), 'dataCentreIds'],
      [define({ dataCentreIds: ['dc-mum', 'dc-x'] }), 'dataCentreIds.1'],
      [define({ operatingSystemIds: [] }), 'operatingSystemIds'],
      [define({ operatingSystemIds: ['os-centos'] }), 'operatingSystemIds.0'],
      [define({}, { prices: {}, setupFee: '0' }), 'prices'],
      [define({}, { prices: { WEEKLY: '10' } as never, setupFee: '0' }), 'prices.WEEKLY'],
      [define({}, { prices: { MONTHLY: '0' }, setupFee: '0' }), 'prices.MONTHLY'],
      [define({}, { prices: { MONTHLY: '1.1234567' }, setupFee: '0' }), 'prices.MONTHLY'],
      [define({}, { prices: { MONTHLY: '10' }, setupFee: '-1' }), 'setupFee'],
      [{ ...define(), visibility: 'SECRET' } as never, 'visibility'],
    ];
    for (const [command, field] of cases) {
      const e = refusal(base, command);
      expect(e.code, field).toBe('BAD_USER_INPUT');
      expect(e.issues, field).toEqual([{ path: field.split('.'), message: expect.any(String) }]);
      expect(e.message.endsWith(`(${field}).`), e.message).toBe(true);
    }
  });
  it('an unknown SAC without a rate says to give the rate', () =>
    expect(refusal(base, define({ sac: '998599' })).message).toMatch(/gstRate in percent/));
});

describe('catalog: changing a plan', () => {
  const history = [...base, defined()];
  it('updates the description; a sold service keeps its copy, the catalog the new one', () =>
    given(history)
      .when({
        type: 'UpdatePlan',
        tenantId: T,
        planId: 'p1',
        details: details({ name: 'VPS Pro 2', operatingSystemIds: ['os-ubuntu', 'os-win'] }),
        now,
      })
      .then([
        {
          type: 'PlanUpdated',
          data: {
            tenantId: T,
            planId: 'p1',
            kind: 'VPS',
            name: 'VPS Pro 2',
            description: '4 vCPU, 8 GB',
            specs: vpsSpecs,
            sac: '998315',
            gstRate: null,
            dataCentreIds: ['dc-mum'],
            operatingSystemIds: ['os-ubuntu', 'os-win'],
            updatedAt: now,
          },
        },
      ]));
  it('an update that changes nothing is a no-op', () =>
    given(history)
      .when({ type: 'UpdatePlan', tenantId: T, planId: 'p1', details: details(), now })
      .then([]));
  it('a price change is its own event; the same prices again are a no-op', () => {
    given(history)
      .when({
        type: 'RepricePlan',
        tenantId: T,
        planId: 'p1',
        pricing: { prices: { MONTHLY: '1299', QUARTERLY: '3700.5' }, setupFee: '0' },
        now,
      })
      .then([
        {
          type: 'PlanRepriced',
          data: {
            tenantId: T,
            planId: 'p1',
            prices: { MONTHLY: '1299.00', QUARTERLY: '3700.50' },
            setupFee: '0.00',
            repricedAt: now,
          },
        },
      ]);
    given(history)
      .when({
        type: 'RepricePlan',
        tenantId: T,
        planId: 'p1',
        pricing: { prices: { MONTHLY: '1234.560' }, setupFee: '499.0' },
        now,
      })
      .then([]);
  });
  it('repricing folds into the plan, leaving its other fields', () => {
    const s = fold(catalogDecider, [
      ...history,
      {
        type: 'PlanRepriced',
        data: {
          tenantId: T,
          planId: 'p1',
          prices: { ANNUAL: '9999.00' },
          setupFee: '1.00',
          repricedAt: now,
        },
      },
    ]);
    expect(s.plans.p1).toMatchObject({
      name: 'VPS Pro',
      prices: { ANNUAL: '9999.00' },
      setupFee: '1.00',
      visibility: 'PUBLIC',
    });
  });
  it('retires, hides and reinstates; the same visibility again is a no-op', () => {
    given(history)
      .when({ type: 'ChangePlanVisibility', tenantId: T, planId: 'p1', visibility: 'RETIRED', now })
      .then([
        {
          type: 'PlanVisibilityChanged',
          data: { tenantId: T, planId: 'p1', visibility: 'RETIRED', changedAt: now },
        },
      ]);
    given(history)
      .when({ type: 'ChangePlanVisibility', tenantId: T, planId: 'p1', visibility: 'PUBLIC', now })
      .then([]);
    const retired = [
      ...history,
      {
        type: 'PlanVisibilityChanged',
        data: { tenantId: T, planId: 'p1', visibility: 'RETIRED', changedAt: now },
      } as CatalogEvent,
    ];
    given(retired)
      .when({ type: 'ChangePlanVisibility', tenantId: T, planId: 'p1', visibility: 'HIDDEN', now })
      .then([
        {
          type: 'PlanVisibilityChanged',
          data: { tenantId: T, planId: 'p1', visibility: 'HIDDEN', changedAt: now },
        },
      ]);
    given(retired)
      .when({
        type: 'RepricePlan',
        tenantId: T,
        planId: 'p1',
        pricing: { prices: { MONTHLY: '1' }, setupFee: '0' },
        now,
      })
      .thenRefuses('CONFLICT', /retired/);
    given(retired)
      .when({
        type: 'UpdatePlan',
        tenantId: T,
        planId: 'p1',
        details: details({ name: 'New' }),
        now,
      })
      .thenRefuses('CONFLICT', /retired/);
  });
  it('an unknown plan is not found', () => {
    given(base)
      .when({ type: 'UpdatePlan', tenantId: T, planId: 'nope', details: details(), now })
      .thenRefuses('NOT_FOUND', /Plan nope/);
    given(base)
      .when({
        type: 'RepricePlan',
        tenantId: T,
        planId: 'nope',
        pricing: { prices: { MONTHLY: '1' }, setupFee: '0' },
        now,
      })
      .thenRefuses('NOT_FOUND');
    given(base)
      .when({
        type: 'ChangePlanVisibility',
        tenantId: T,
        planId: 'nope',
        visibility: 'HIDDEN',
        now,
      })
      .thenRefuses('NOT_FOUND');
  });
  it("an update may keep its own name but not take another plan's", () => {
    const two = [
      ...history,
      {
        ...sharedStarter,
        data: { ...sharedStarter.data, dataCentreIds: ['dc-mum'] },
      } as CatalogEvent,
    ];
    given(two)
      .when({
        type: 'UpdatePlan',
        tenantId: T,
        planId: 'p1',
        details: details({ name: 'Shared Starter' }),
        now,
      })
      .thenRefuses('CONFLICT', /Shared Starter/);
    given(two)
      .when({ type: 'ChangePlanVisibility', tenantId: T, planId: 'p1', visibility: 'HIDDEN', now })
      .then([
        {
          type: 'PlanVisibilityChanged',
          data: { tenantId: T, planId: 'p1', visibility: 'HIDDEN', changedAt: now },
        },
      ]);
  });
});

describe('catalog: data centres', () => {
  const dc = { name: 'US East', city: 'New York', country: 'us', status: 'ACTIVE' as const };
  const dcEvent = (
    type: 'DataCentreDefined' | 'DataCentreUpdated',
    over: Record<string, unknown> = {},
  ) =>
    ({
      type,
      data: {
        tenantId: T,
        dataCentreId: 'dc-nyc',
        name: 'US East',
        city: 'New York',
        country: 'US',
        status: 'ACTIVE',
        [type === 'DataCentreDefined' ? 'definedAt' : 'updatedAt']: now,
        ...over,
      },
    }) as CatalogEvent;
  it('defines one with an upper-case country code; the same again is a no-op', () => {
    given([])
      .when({ type: 'DefineDataCentre', tenantId: T, dataCentreId: 'dc-nyc', details: dc, now })
      .then([dcEvent('DataCentreDefined')]);
    given([dcEvent('DataCentreDefined')])
      .when({ type: 'DefineDataCentre', tenantId: T, dataCentreId: 'dc-nyc', details: dc, now })
      .then([]);
    given([dcEvent('DataCentreDefined')])
      .when({
        type: 'DefineDataCentre',
        tenantId: T,
        dataCentreId: 'dc-nyc',
        details: { ...dc, city: 'Ashburn' },
        now,
      })
      .thenRefuses('CONFLICT', /already exists/);
  });
  it('refuses a duplicate name, a bad country and an unknown status', () => {
    given([mumbai])
      .when({
        type: 'DefineDataCentre',
        tenantId: T,
        dataCentreId: 'dc-2',
        details: { ...dc, name: 'MUMBAI' },
        now,
      })
      .thenRefuses('CONFLICT', /MUMBAI/);
    given([])
      .when({
        type: 'DefineDataCentre',
        tenantId: T,
        dataCentreId: 'dc-2',
        details: { ...dc, country: 'USA' },
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(country\)/);
    given([])
      .when({
        type: 'DefineDataCentre',
        tenantId: T,
        dataCentreId: 'dc-2',
        details: { ...dc, status: 'OPEN' as never },
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(status\)/);
    given([])
      .when({
        type: 'DefineDataCentre',
        tenantId: T,
        dataCentreId: 'dc-2',
        details: { ...dc, city: ' ' },
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(city\)/);
  });
  it('puts one in maintenance; an unchanged update is a no-op; an unknown one is not found', () => {
    given([dcEvent('DataCentreDefined')])
      .when({
        type: 'UpdateDataCentre',
        tenantId: T,
        dataCentreId: 'dc-nyc',
        details: { ...dc, status: 'MAINTENANCE' },
        now,
      })
      .then([dcEvent('DataCentreUpdated', { status: 'MAINTENANCE' })]);
    given([dcEvent('DataCentreDefined')])
      .when({ type: 'UpdateDataCentre', tenantId: T, dataCentreId: 'dc-nyc', details: dc, now })
      .then([]);
    given([])
      .when({ type: 'UpdateDataCentre', tenantId: T, dataCentreId: 'dc-nyc', details: dc, now })
      .thenRefuses('NOT_FOUND');
    expect(
      fold(catalogDecider, [
        dcEvent('DataCentreDefined'),
        dcEvent('DataCentreUpdated', { status: 'CLOSED' }),
      ]).dataCentres['dc-nyc']!.status,
    ).toBe('CLOSED');
  });
});

describe('catalog: add-ons', () => {
  const addonDetails = {
    name: 'cPanel/WHM',
    description: 'Control panel',
    planKinds: ['DEDICATED' as const, 'VPS' as const],
  };
  it('defines a recurring add-on with the plan kinds in their order; the same again is a no-op', () => {
    given([])
      .when({
        type: 'DefineAddon',
        tenantId: T,
        addonId: 'addon-cpanel',
        details: { ...addonDetails, planKinds: ['VPS', 'VDS', 'DEDICATED'] },
        pricing: { kind: 'RECURRING', prices: { QUARTERLY: '1300', MONTHLY: '449' } },
        now,
      })
      .then([{ ...cpanel, data: { ...cpanel.data, definedAt: now } } as CatalogEvent]);
    given([cpanel])
      .when({
        type: 'DefineAddon',
        tenantId: T,
        addonId: 'addon-cpanel',
        details: { ...addonDetails, planKinds: ['VPS', 'VDS', 'DEDICATED'] },
        pricing: { kind: 'RECURRING', prices: { MONTHLY: '449', QUARTERLY: '1300' } },
        now,
      })
      .then([]);
    given([cpanel])
      .when({
        type: 'DefineAddon',
        tenantId: T,
        addonId: 'addon-cpanel',
        details: addonDetails,
        pricing: { kind: 'ONE_TIME', price: '1' },
        now,
      })
      .thenRefuses('CONFLICT', /already exists/);
  });
  it('refuses a duplicate name, no plan kinds, an unknown kind, a bad pricing', () => {
    const cmd = (over: object, pricing: object = { kind: 'ONE_TIME', price: '10' }) =>
      ({
        type: 'DefineAddon',
        tenantId: T,
        addonId: 'a2',
        details: { ...addonDetails, ...over },
        pricing,
        now,
      }) as CatalogCommand;
    given([cpanel])
      .when(cmd({ name: 'CPANEL/whm' }))
      .thenRefuses('CONFLICT', /named/);
    given([])
      .when(cmd({ planKinds: [] }))
      .thenRefuses('BAD_USER_INPUT', /\(planKinds\)/);
    given([])
      .when(cmd({ planKinds: ['VPS', 'CLOUD'] }))
      .thenRefuses('BAD_USER_INPUT', /\(planKinds\.1\)/);
    given([])
      .when(cmd({ sac: 'abc' }))
      .thenRefuses('BAD_USER_INPUT', /\(sac\)/);
    given([])
      .when(cmd({}, { kind: 'ONE_TIME', price: '0' }))
      .thenRefuses('BAD_USER_INPUT', /\(pricing\.price\)/);
    given([])
      .when(cmd({}, { kind: 'RECURRING', prices: {} }))
      .thenRefuses('BAD_USER_INPUT', /\(pricing\.prices\)/);
    given([])
      .when(cmd({}, { kind: 'HOURLY' }))
      .thenRefuses('BAD_USER_INPUT', /\(pricing\.kind\)/);
  });
  it('updates, reprices (own event) and retires; repeats are no-ops; a retired add-on is not changed', () => {
    const update = {
      type: 'UpdateAddon',
      tenantId: T,
      addonId: 'addon-cpanel',
      details: { ...addonDetails, description: 'WHM 120' },
      now,
    } as const;
    given([cpanel])
      .when(update)
      .then([
        {
          type: 'AddonUpdated',
          data: {
            tenantId: T,
            addonId: 'addon-cpanel',
            name: 'cPanel/WHM',
            description: 'WHM 120',
            sac: '998315',
            gstRate: null,
            planKinds: ['VPS', 'DEDICATED'],
            updatedAt: now,
          },
        },
      ]);
    given([cpanel])
      .when({ ...update, details: { ...addonDetails, planKinds: ['VPS', 'VDS', 'DEDICATED'] } })
      .then([]);
    const reprice = {
      type: 'RepriceAddon',
      tenantId: T,
      addonId: 'addon-cpanel',
      pricing: { kind: 'ONE_TIME', price: '999.5' },
      now,
    } as const;
    given([cpanel])
      .when(reprice)
      .then([
        {
          type: 'AddonRepriced',
          data: {
            tenantId: T,
            addonId: 'addon-cpanel',
            pricing: { kind: 'ONE_TIME', price: '999.50' },
            repricedAt: now,
          },
        },
      ]);
    given([cpanel])
      .when({
        ...reprice,
        pricing: { kind: 'RECURRING', prices: { MONTHLY: '449.00', QUARTERLY: '1300.00' } },
      })
      .then([]);
    const retire = { type: 'RetireAddon', tenantId: T, addonId: 'addon-cpanel', now } as const;
    const retired: CatalogEvent = {
      type: 'AddonRetired',
      data: { tenantId: T, addonId: 'addon-cpanel', retiredAt: now },
    };
    given([cpanel]).when(retire).then([retired]);
    given([cpanel, retired]).when(retire).then([]);
    given([cpanel, retired])
      .when(update)
      .thenRefuses('CONFLICT', /retired/);
    given([cpanel, retired])
      .when(reprice)
      .thenRefuses('CONFLICT', /retired/);
    given([]).when(retire).thenRefuses('NOT_FOUND');
    given([]).when(update).thenRefuses('NOT_FOUND');
    const s = fold(catalogDecider, [
      cpanel,
      {
        type: 'AddonRepriced',
        data: {
          tenantId: T,
          addonId: 'addon-cpanel',
          pricing: { kind: 'ONE_TIME', price: '5.00' },
          repricedAt: now,
        },
      },
    ]);
    expect(s.addons['addon-cpanel']).toMatchObject({
      name: 'cPanel/WHM',
      pricing: { kind: 'ONE_TIME', price: '5.00' },
      retired: false,
    });
  });
});

describe('catalog: operating systems', () => {
  const os = { name: 'Windows Server', version: '2022', family: 'WINDOWS' as const };
  it('defines one with licence prices; empty licence prices mean none; repeats are no-ops', () => {
    given([])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-win',
        details: os,
        licencePrices: { ANNUAL: '15000', MONTHLY: '1250' },
        now,
      })
      .then([{ ...windows, data: { ...windows.data, definedAt: now } } as CatalogEvent]);
    given([])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-u',
        details: { name: 'Ubuntu', version: '24.04', family: 'LINUX' },
        licencePrices: {},
        now,
      })
      .then([
        {
          ...ubuntu,
          data: { ...ubuntu.data, operatingSystemId: 'os-u', definedAt: now },
        } as CatalogEvent,
      ]);
    given([windows])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-win',
        details: os,
        licencePrices: { MONTHLY: '1250.00', ANNUAL: '15000.00' },
        now,
      })
      .then([]);
    given([windows])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-win',
        details: os,
        licencePrices: null,
        now,
      })
      .thenRefuses('CONFLICT', /already exists/);
  });
  it('refuses the same name and version twice and an unknown family', () => {
    given([windows])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-2',
        details: { ...os, name: 'windows server' },
        licencePrices: null,
        now,
      })
      .thenRefuses('CONFLICT', /already in the catalog/);
    given([windows])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-2',
        details: { ...os, version: '2025' },
        licencePrices: null,
        now,
      })
      .then([
        {
          type: 'OperatingSystemDefined',
          data: {
            tenantId: T,
            operatingSystemId: 'os-2',
            name: 'Windows Server',
            version: '2025',
            family: 'WINDOWS',
            licencePrices: null,
            definedAt: now,
          },
        },
      ]);
    given([])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-2',
        details: { ...os, family: 'BSD' as never },
        licencePrices: null,
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(family\)/);
    given([])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-2',
        details: { ...os, version: '' },
        licencePrices: null,
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(version\)/);
    given([])
      .when({
        type: 'DefineOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-2',
        details: os,
        licencePrices: { MONTHLY: 'free' },
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(licencePrices\.MONTHLY\)/);
  });
  it('updates, reprices (own event) and retires; repeats are no-ops', () => {
    given([windows])
      .when({
        type: 'UpdateOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-win',
        details: { ...os, version: '2022 R2' },
        now,
      })
      .then([
        {
          type: 'OperatingSystemUpdated',
          data: {
            tenantId: T,
            operatingSystemId: 'os-win',
            name: 'Windows Server',
            version: '2022 R2',
            family: 'WINDOWS',
            updatedAt: now,
          },
        },
      ]);
    given([windows])
      .when({
        type: 'UpdateOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-win',
        details: os,
        now,
      })
      .then([]);
    given([windows])
      .when({
        type: 'RepriceOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-win',
        licencePrices: null,
        now,
      })
      .then([
        {
          type: 'OperatingSystemRepriced',
          data: { tenantId: T, operatingSystemId: 'os-win', licencePrices: null, repricedAt: now },
        },
      ]);
    given([windows])
      .when({
        type: 'RepriceOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-win',
        licencePrices: { MONTHLY: '1250', ANNUAL: '15000' },
        now,
      })
      .then([]);
    given([centos, centosRetired])
      .when({ type: 'RetireOperatingSystem', tenantId: T, operatingSystemId: 'os-centos', now })
      .then([]);
    given([centos])
      .when({ type: 'RetireOperatingSystem', tenantId: T, operatingSystemId: 'os-centos', now })
      .then([
        { ...centosRetired, data: { ...centosRetired.data, retiredAt: now } } as CatalogEvent,
      ]);
    given([centos, centosRetired])
      .when({
        type: 'UpdateOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-centos',
        details: { name: 'CentOS', version: '7.9', family: 'LINUX' },
        now,
      })
      .thenRefuses('CONFLICT', /retired/);
    given([centos, centosRetired])
      .when({
        type: 'RepriceOperatingSystem',
        tenantId: T,
        operatingSystemId: 'os-centos',
        licencePrices: null,
        now,
      })
      .thenRefuses('CONFLICT', /retired/);
    given([])
      .when({ type: 'RetireOperatingSystem', tenantId: T, operatingSystemId: 'x', now })
      .thenRefuses('NOT_FOUND');
    given([])
      .when({
        type: 'RepriceOperatingSystem',
        tenantId: T,
        operatingSystemId: 'x',
        licencePrices: null,
        now,
      })
      .thenRefuses('NOT_FOUND');
    const s = fold(catalogDecider, [
      windows,
      {
        type: 'OperatingSystemRepriced',
        data: { tenantId: T, operatingSystemId: 'os-win', licencePrices: null, repricedAt: now },
      },
    ]);
    expect(s.operatingSystems['os-win']).toMatchObject({
      name: 'Windows Server',
      licencePrices: null,
      retired: false,
    });
  });
});

describe('catalog: the snapshot an order carries', () => {
  it('folds every entry with its latest prices and states', () => {
    const snap = catalogSnapshot(fold(catalogDecider, catalogHistory));
    expect(Object.keys(snap.plans)).toEqual(['plan-vps', 'plan-shared', 'plan-old']);
    expect(snap.plans['plan-vps']).toMatchObject({
      prices: { MONTHLY: '1234.56' },
      setupFee: '499.00',
      visibility: 'PUBLIC',
    });
    expect(snap.operatingSystems['os-centos']!.retired).toBe(true);
    expect(snap.addons['addon-ip']!.retired).toBe(true);
    expect(snap.dataCentres['dc-sgp']!.status).toBe('MAINTENANCE');
    expect(fold(catalogDecider, [vpsPro]).tenantId).toBe(T);
    expect(AT < now).toBe(true);
  });
});

describe('catalog: the edges of each rule', () => {
  const history = [...base, defined()];
  const addon = (over: object = {}): CatalogCommand =>
    ({
      type: 'DefineAddon',
      tenantId: T,
      addonId: 'a2',
      details: { name: 'Daily Backup', description: '7 days', planKinds: ['VPS'], ...over },
      pricing: { kind: 'ONE_TIME', price: '10' },
      now,
    }) as CatalogCommand;
  const dc = (over: object = {}): CatalogCommand =>
    ({
      type: 'DefineDataCentre',
      tenantId: T,
      dataCentreId: 'dc-2',
      details: { name: 'US East', city: 'New York', country: 'US', status: 'ACTIVE', ...over },
      now,
    }) as CatalogCommand;
  const os = (over: object = {}): CatalogCommand =>
    ({
      type: 'DefineOperatingSystem',
      tenantId: T,
      operatingSystemId: 'os-2',
      details: { name: 'Windows Server', version: '2025', family: 'WINDOWS', ...over },
      licencePrices: null,
      now,
    }) as CatalogCommand;
  const emitted = (h: CatalogEvent[], c: CatalogCommand) =>
    catalogDecider.decide(c, fold(catalogDecider, h)).map((e) => e.type);

  it('a name is taken only by another entry of the same kind with that name', () => {
    expect(
      emitted(history, { ...define({ name: 'VPS Lite' }), planId: 'p2' } as CatalogCommand),
    ).toEqual(['PlanDefined']);
    expect(emitted([cpanel], addon())).toEqual(['AddonDefined']);
    expect(emitted([mumbai], dc())).toEqual(['DataCentreDefined']);
    expect(emitted([windows], os({ name: 'Ubuntu', version: '2022', family: 'LINUX' }))).toEqual([
      'OperatingSystemDefined',
    ]);
  });

  it('an operating system’s version is compared whatever its case', () =>
    given([
      {
        ...windows,
        data: { ...windows.data, version: '2022 R2' },
      } as CatalogEvent,
    ])
      .when(os({ version: '2022 r2' }))
      .thenRefuses(
        'CONFLICT',
        /^The operating system Windows Server 2022 r2 is already in the catalog\.$/,
      ));

  it('a description left out is empty', () => {
    const [plan] = catalogDecider.decide(
      define({ description: undefined }),
      fold(catalogDecider, base),
    );
    expect(plan?.type === 'PlanDefined' && plan.data.description).toBe('');
    const [a] = catalogDecider.decide(addon({ description: undefined }), fold(catalogDecider, []));
    expect(a?.type === 'AddonDefined' && a.data.description).toBe('');
  });

  it('each refusal names its field and says what would be right', () => {
    const cases: [CatalogEvent[], CatalogCommand, string][] = [
      [
        base,
        define({ dataCentreIds: [] }),
        'Offer the plan in at least one data centre (dataCentreIds).',
      ],
      [
        base,
        define({ dataCentreIds: ['dc-mum', 'dc-x'] }),
        'No data centre dc-x in this catalog (dataCentreIds.1).',
      ],
      [
        base,
        define({ operatingSystemIds: [] }),
        'Offer the plan in at least one operating system (operatingSystemIds).',
      ],
      [
        base,
        define({ operatingSystemIds: ['os-x'] }),
        'No operating system os-x in this catalog (operatingSystemIds.0).',
      ],
      [
        base,
        define({ operatingSystemIds: ['os-ubuntu', 'os-centos'] }),
        'No operating system os-centos in this catalog (operatingSystemIds.1).',
      ],
      [[], addon({ name: 'B' }), 'Give 2 to 80 characters (name).'],
      [[], addon({ planKinds: [] }), 'Name at least one plan kind the add-on fits (planKinds).'],
      [[], addon({ description: 'x'.repeat(2001) }), 'Give at most 2000 characters (description).'],
      [
        [],
        addon({ sac: '998599' }),
        'SAC 998599 has no known GST rate; give the gstRate in percent, e.g. "18" (gstRate).',
      ],
      [[], dc({ name: ' ' }), 'Give 2 to 80 characters (name).'],
      [
        [],
        dc({ country: undefined }),
        'Give the ISO country code of two letters, e.g. "IN" (country).',
      ],
      [[], os({ name: 'W' }), 'Give 2 to 80 characters (name).'],
      [
        history,
        {
          type: 'ChangePlanVisibility',
          tenantId: T,
          planId: 'p1',
          visibility: 'GONE' as never,
          now,
        },
        'Must be one of PUBLIC, HIDDEN, RETIRED (visibility).',
      ],
    ];
    for (const [h, command, message] of cases) {
      const e = refusal(h, command);
      expect(e.code, message).toBe('BAD_USER_INPUT');
      expect(e.message).toBe(message);
    }
  });

  it('a country code is trimmed and put in capitals', () =>
    given([])
      .when(dc({ country: ' us ' }))
      .then([
        {
          type: 'DataCentreDefined',
          data: {
            tenantId: T,
            dataCentreId: 'dc-2',
            name: 'US East',
            city: 'New York',
            country: 'US',
            status: 'ACTIVE',
            definedAt: now,
          },
        },
      ]));

  it('licence prices left out mean no licence', () =>
    given([])
      .when({ ...os(), licencePrices: undefined } as never)
      .then([
        {
          type: 'OperatingSystemDefined',
          data: {
            tenantId: T,
            operatingSystemId: 'os-2',
            name: 'Windows Server',
            version: '2025',
            family: 'WINDOWS',
            licencePrices: null,
            definedAt: now,
          },
        },
      ]));

  it('what is not there is not found, by name', () => {
    const missing: [CatalogCommand, string][] = [
      [
        { type: 'ChangePlanVisibility', tenantId: T, planId: 'p9', visibility: 'HIDDEN', now },
        'Plan p9 not found.',
      ],
      [
        {
          type: 'UpdateDataCentre',
          tenantId: T,
          dataCentreId: 'dc-9',
          details: { name: 'X9', city: 'Y', country: 'IN', status: 'ACTIVE' },
          now,
        },
        'Data centre dc-9 not found.',
      ],
      [
        {
          type: 'RepriceAddon',
          tenantId: T,
          addonId: 'a9',
          pricing: { kind: 'ONE_TIME', price: '1' },
          now,
        },
        'Add-on a9 not found.',
      ],
      [{ type: 'RetireAddon', tenantId: T, addonId: 'a9', now }, 'Add-on a9 not found.'],
      [
        {
          type: 'UpdateOperatingSystem',
          tenantId: T,
          operatingSystemId: 'os-9',
          details: { name: 'Ubuntu', version: '26.04', family: 'LINUX' },
          now,
        },
        'Operating system os-9 not found.',
      ],
      [
        { type: 'RetireOperatingSystem', tenantId: T, operatingSystemId: 'os-9', now },
        'Operating system os-9 not found.',
      ],
    ];
    for (const [command, message] of missing) {
      const e = refusal(history, command);
      expect(e.code, message).toBe('NOT_FOUND');
      expect(e.message).toBe(message);
    }
  });

  it('each change folds into its entry and nothing else', () => {
    const plan = fold(catalogDecider, history).plans.p1!;
    const updated = fold(catalogDecider, [
      ...history,
      {
        type: 'PlanUpdated',
        data: {
          tenantId: T,
          planId: 'p1',
          ...details({ name: 'VPS Pro 2', description: 'new' }),
          sac: '998315',
          gstRate: null,
          updatedAt: now,
        },
      } as CatalogEvent,
    ]).plans.p1;
    expect(updated).toEqual({ ...plan, name: 'VPS Pro 2', description: 'new' });
    const repriced = fold(catalogDecider, [
      ...history,
      {
        type: 'PlanRepriced',
        data: {
          tenantId: T,
          planId: 'p1',
          prices: { ANNUAL: '9.00' },
          setupFee: '1.00',
          repricedAt: now,
        },
      },
    ]).plans.p1;
    expect(repriced).toEqual({ ...plan, prices: { ANNUAL: '9.00' }, setupFee: '1.00' });
    const hidden = fold(catalogDecider, [
      ...history,
      {
        type: 'PlanVisibilityChanged',
        data: { tenantId: T, planId: 'p1', visibility: 'HIDDEN', changedAt: now },
      },
    ]).plans.p1;
    expect(hidden).toEqual({ ...plan, visibility: 'HIDDEN' });

    const addonUpdated = fold(catalogDecider, [
      cpanel,
      {
        type: 'AddonUpdated',
        data: {
          tenantId: T,
          addonId: 'addon-cpanel',
          name: 'cPanel',
          description: 'WHM',
          sac: '998315',
          gstRate: null,
          planKinds: ['VPS'],
          updatedAt: now,
        },
      },
    ]).addons['addon-cpanel'];
    expect(addonUpdated).toEqual({
      addonId: 'addon-cpanel',
      name: 'cPanel',
      description: 'WHM',
      sac: '998315',
      gstRate: null,
      planKinds: ['VPS'],
      pricing: cpanel.type === 'AddonDefined' && cpanel.data.pricing,
      retired: false,
    });

    const osUpdated = fold(catalogDecider, [
      windows,
      {
        type: 'OperatingSystemUpdated',
        data: {
          tenantId: T,
          operatingSystemId: 'os-win',
          name: 'Windows Server',
          version: '2025',
          family: 'WINDOWS',
          updatedAt: now,
        },
      },
    ]).operatingSystems['os-win'];
    expect(osUpdated).toEqual({
      operatingSystemId: 'os-win',
      name: 'Windows Server',
      version: '2025',
      family: 'WINDOWS',
      licencePrices: { MONTHLY: '1250.00', ANNUAL: '15000.00' },
      retired: false,
    });
  });

  it('an unknown command is a programming error; an unknown event changes nothing', () => {
    expect(() =>
      catalogDecider.decide({ type: 'DeletePlan' } as never, fold(catalogDecider, history)),
    ).toThrowError(/^unknown catalog command DeletePlan$/);
    const state = fold(catalogDecider, history);
    expect(catalogDecider.evolve(state, { type: 'PlanDeleted', data: {} } as never)).toBe(state);
  });

  it('one stream per tenant', () => expect(catalogStreamId(T)).toBe('catalog-akashone'));
});
