import { describe, expect, it } from 'vitest';
import { DomainError, fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import type { ProvisioningSettingsEvent } from './events.ts';
import {
  deploySpecOf,
  initialProvisioningSettings,
  moduleOfPlan,
  provisioningSettingsDecider,
  type DeployableService,
  type ProvisioningSettingsCommand,
} from './settings.ts';

const given = specFor(provisioningSettingsDecider);
const T = 'tenant-1';
const now = '2026-05-01T10:00:00.000Z';
type Cmd<K extends ProvisioningSettingsCommand['type']> = Extract<
  ProvisioningSettingsCommand,
  { type: K }
>;

const configure = (over: Partial<Cmd<'ConfigureCloudStack'>> = {}): Cmd<'ConfigureCloudStack'> => ({
  type: 'ConfigureCloudStack',
  tenantId: T,
  apiUrl: ' https://cloud.example.com/client/api ',
  apiKey: ' key-1 ',
  secretKeySealed: 'v1.s.e.c',
  by: 'admin-1',
  now,
  ...over,
});
const configured: ProvisioningSettingsEvent = {
  type: 'CloudStackConfigured',
  data: {
    tenantId: T,
    apiUrl: 'https://cloud.example.com/client/api',
    apiKey: 'key-1',
    secretKeySealed: 'v1.s.e.c',
    configuredBy: 'admin-1',
    configuredAt: now,
  },
};
const mapping = {
  zones: { 'dc-mum': 'zone-1' },
  offerings: { 'plan-vps': 'off-1' },
  templates: { 'os-ubuntu': 'tpl-1' },
};
const map = (over: Partial<Cmd<'SetCloudStackMapping'>> = {}): Cmd<'SetCloudStackMapping'> => ({
  type: 'SetCloudStackMapping',
  tenantId: T,
  ...mapping,
  by: 'admin-1',
  now,
  ...over,
});
const mapped: ProvisioningSettingsEvent = {
  type: 'CloudStackMappingSet',
  data: { tenantId: T, ...mapping, setBy: 'admin-1', setAt: now },
};
const removed: ProvisioningSettingsEvent = {
  type: 'CloudStackRemoved',
  data: { tenantId: T, removedBy: 'admin-1', removedAt: now },
};

describe('ConfigureCloudStack', () => {
  it('saves the endpoint, the key and the sealed secret', () => {
    given([]).when(configure()).then([configured]);
    expect(fold(provisioningSettingsDecider, [configured]).cloudStack).toEqual({
      apiUrl: 'https://cloud.example.com/client/api',
      apiKey: 'key-1',
      secretKeySealed: 'v1.s.e.c',
    });
  });

  it('the same again is a no-op; any part changed is saved', () => {
    given([configured]).when(configure()).then([]);
    for (const over of [
      { apiUrl: 'http://10.0.0.5:8080/client/api' },
      { apiKey: 'key-2' },
      { secretKeySealed: 'v1.o.t.h' },
    ]) {
      const [event] = provisioningSettingsDecider.decide(
        configure(over),
        fold(provisioningSettingsDecider, [configured]),
      );
      expect(event?.type).toBe('CloudStackConfigured');
    }
  });

  it.each([
    [{ apiUrl: 'cloud.example.com' }, 'apiUrl'],
    [{ apiUrl: 'ftp://cloud.example.com' }, 'apiUrl'],
    [{ apiUrl: `https://c.example/${'a'.repeat(300)}` }, 'apiUrl'],
    [{ apiUrl: 5 as unknown as string }, 'apiUrl'],
    [{ apiKey: '  ' }, 'apiKey'],
    [{ apiKey: 'k'.repeat(201) }, 'apiKey'],
    [{ apiKey: undefined as unknown as string }, 'apiKey'],
    [{ secretKeySealed: '' }, 'secretKey'],
    [{ secretKeySealed: undefined as unknown as string }, 'secretKey'],
  ])('refuses %j naming the field', (over, field) => {
    given([])
      .when(configure(over))
      .thenRefuses('BAD_USER_INPUT', new RegExp(`\\(${field}\\)\\.$`));
  });

  it('takes a key of 200 characters and a URL of 300', () => {
    const url = `https://c.example/${'a'.repeat(282)}`;
    const [event] = provisioningSettingsDecider.decide(
      configure({ apiKey: 'k'.repeat(200), apiUrl: url }),
      initialProvisioningSettings,
    );
    expect(
      event?.type === 'CloudStackConfigured' && [
        event.data.apiKey.length,
        event.data.apiUrl.length,
      ],
    ).toEqual([200, 300]);
  });
});

describe('RemoveCloudStack', () => {
  const remove: Cmd<'RemoveCloudStack'> = {
    type: 'RemoveCloudStack',
    tenantId: T,
    by: 'admin-1',
    now,
  };
  it('forgets the keys (the mapping stays, unused)', () => {
    given([configured, mapped]).when(remove).then([removed]);
    const s = fold(provisioningSettingsDecider, [configured, mapped, removed]);
    expect(s.cloudStack).toBeNull();
    expect(s.offerings).toEqual(mapping.offerings);
  });
  it('is a no-op when none is configured', () => {
    given([]).when(remove).then([]);
    given([configured, removed]).when(remove).then([]);
  });
});

describe('SetCloudStackMapping', () => {
  it('saves the three maps, ids trimmed', () => {
    given([configured])
      .when(map({ zones: { 'dc-mum': ' zone-1 ' } }))
      .then([mapped]);
    expect(fold(provisioningSettingsDecider, [configured, mapped])).toMatchObject(mapping);
  });

  it('refused without CloudStack, unless all three are empty', () => {
    given([])
      .when(map())
      .thenRefuses('CONFLICT', /Configure CloudStack before/);
    given([])
      .when(map({ zones: {}, offerings: {}, templates: { 'os-ubuntu': 'tpl-1' } }))
      .thenRefuses('CONFLICT');
    given([configured, mapped, removed])
      .when(map({ zones: {}, offerings: {}, templates: {} }))
      .then([
        {
          type: 'CloudStackMappingSet',
          data: {
            tenantId: T,
            zones: {},
            offerings: {},
            templates: {},
            setBy: 'admin-1',
            setAt: now,
          },
        },
      ]);
  });

  it('the same mapping again is a no-op, whatever the key order', () => {
    const two = { 'plan-a': 'off-a', 'plan-b': 'off-b' };
    const history: ProvisioningSettingsEvent[] = [
      configured,
      { ...mapped, data: { ...mapped.data, offerings: two } },
    ];
    given(history)
      .when(map({ offerings: { 'plan-b': 'off-b', 'plan-a': 'off-a' } }))
      .then([]);
    given([configured, mapped]).when(map()).then([]);
    for (const over of [{ zones: {} }, { offerings: { 'plan-vps': 'off-2' } }, { templates: {} }]) {
      const [event] = provisioningSettingsDecider.decide(
        map(over),
        fold(provisioningSettingsDecider, [configured, mapped]),
      );
      expect(event?.type).toBe('CloudStackMappingSet');
    }
  });

  it.each([
    [
      { zones: { 'dc-mum': ' ' } },
      /^Give the CloudStack id \(at most 100 characters\) \(zones\.dc-mum\)\.$/,
    ],
    [{ offerings: { 'plan-vps': 'o'.repeat(101) } }, /\(offerings\.plan-vps\)\.$/],
    [{ templates: { 'os-ubuntu': 7 as unknown as string } }, /\(templates\.os-ubuntu\)\.$/],
    [{ zones: { ' ': 'zone-1' } }, /^A catalog id is empty/],
    [
      { zones: null as unknown as Record<string, string> },
      /^Give catalog ids and the CloudStack ids they map to/,
    ],
    [{ offerings: ['off-1'] as unknown as Record<string, string> }, /\(offerings\)\.$/],
    [{ templates: 'tpl' as unknown as Record<string, string> }, /\(templates\)\.$/],
  ])('refuses %j naming the field', (over, message) => {
    given([configured]).when(map(over)).thenRefuses('BAD_USER_INPUT', message);
  });

  it('takes ids of 100 characters', () => {
    const [event] = provisioningSettingsDecider.decide(
      map({ offerings: { p: 'o'.repeat(100) } }),
      fold(provisioningSettingsDecider, [configured]),
    );
    expect(event?.type).toBe('CloudStackMappingSet');
  });
});

describe('SetTerminationPolicy', () => {
  const policy = (finalSnapshot: boolean): Cmd<'SetTerminationPolicy'> => ({
    type: 'SetTerminationPolicy',
    tenantId: T,
    finalSnapshot,
    by: 'admin-1',
    now,
  });
  const set = (finalSnapshot: boolean): ProvisioningSettingsEvent => ({
    type: 'TerminationPolicySet',
    data: { tenantId: T, finalSnapshot, setBy: 'admin-1', setAt: now },
  });
  it('no final snapshot by default; turned on and off', () => {
    expect(initialProvisioningSettings.finalSnapshot).toBe(false);
    given([])
      .when(policy(true))
      .then([set(true)]);
    given([set(true)])
      .when(policy(false))
      .then([set(false)]);
    expect(fold(provisioningSettingsDecider, [set(true)])).toMatchObject({
      tenantId: T,
      finalSnapshot: true,
    });
  });
  it('the same again is a no-op', () => {
    given([]).when(policy(false)).then([]);
    given([set(true)])
      .when(policy(true))
      .then([]);
  });
  it('refuses what is not a boolean', () => {
    given([])
      .when(policy('yes' as unknown as boolean))
      .thenRefuses('BAD_USER_INPUT', /^Must be true or false/);
  });
});

describe('the settings state', () => {
  it('knows its tenant from any event', () => {
    for (const e of [configured, removed, mapped])
      expect(provisioningSettingsDecider.evolve(initialProvisioningSettings, e).tenantId).toBe(T);
    const s = fold(provisioningSettingsDecider, [configured]);
    expect(
      provisioningSettingsDecider.evolve(s, {
        type: 'Other',
        data: {},
      } as unknown as ProvisioningSettingsEvent),
    ).toBe(s);
  });
  it('an unknown command is a bug', () => {
    expect(() =>
      provisioningSettingsDecider.decide(
        { type: 'X' } as unknown as ProvisioningSettingsCommand,
        initialProvisioningSettings,
      ),
    ).toThrow(/unknown provisioning settings command X/);
  });
});

describe('moduleOfPlan', () => {
  it('CLOUDSTACK iff CloudStack is configured and the plan has an offering', () => {
    const s = fold(provisioningSettingsDecider, [configured, mapped]);
    expect(moduleOfPlan(s, 'plan-vps')).toBe('CLOUDSTACK');
    expect(moduleOfPlan(s, 'plan-dedicated')).toBe('MANUAL');
    expect(moduleOfPlan(s, null)).toBe('MANUAL');
    expect(moduleOfPlan(s, 'toString')).toBe('MANUAL');
    expect(
      moduleOfPlan(fold(provisioningSettingsDecider, [configured, mapped, removed]), 'plan-vps'),
    ).toBe('MANUAL');
  });
  it('the operator’s CloudStack from the environment counts as configured', () => {
    const envOnly = fold(provisioningSettingsDecider, [configured, mapped, removed]);
    expect(moduleOfPlan(envOnly, 'plan-vps', true)).toBe('CLOUDSTACK');
    expect(moduleOfPlan(envOnly, 'plan-dedicated', true)).toBe('MANUAL');
  });
});

describe('deploySpecOf', () => {
  const settings = () => fold(provisioningSettingsDecider, [configured, mapped]);
  const service: DeployableService = {
    tenantId: T,
    serviceId: 'svc-1',
    hostname: 'web1.example.com',
    planId: 'plan-vps',
    planName: 'VPS Pro',
    dataCentreId: 'dc-mum',
    dataCentreName: 'Mumbai',
    operatingSystemId: 'os-ubuntu',
    operatingSystemName: 'Ubuntu 24.04',
  };
  it('resolves zone, offering and template from the mapping', () => {
    expect(deploySpecOf(settings(), service)).toEqual({
      tenantId: T,
      serviceId: 'svc-1',
      hostname: 'web1.example.com',
      zoneId: 'zone-1',
      serviceOfferingId: 'off-1',
      templateId: 'tpl-1',
    });
  });
  const refusal = (svc: DeployableService, s = settings()) => {
    try {
      deploySpecOf(s, svc);
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('CONFLICT');
      return (e as DomainError).message;
    }
    throw new Error('expected a refusal');
  };
  it('an id spelt "null" is not a missing one', () => {
    const odd = fold(provisioningSettingsDecider, [
      configured,
      {
        ...mapped,
        data: { ...mapped.data, zones: { null: 'zone-1' }, templates: { null: 'tpl-1' } },
      },
    ]);
    expect(refusal({ ...service, dataCentreId: null, operatingSystemId: null }, odd)).toMatch(
      /^Data centre .*; operating system /,
    );
  });

  it('names each part that is not mapped', () => {
    expect(refusal({ ...service, dataCentreId: 'dc-del', dataCentreName: 'Delhi' })).toBe(
      'Data centre "Delhi" is not mapped to a CloudStack zone (Settings → Provisioning).',
    );
    expect(refusal({ ...service, planId: 'plan-x', planName: 'Big' })).toBe(
      'Plan "Big" is not mapped to a CloudStack service offering (Settings → Provisioning).',
    );
    expect(refusal({ ...service, operatingSystemId: null, operatingSystemName: 'Custom' })).toBe(
      'Operating system "Custom" is not mapped to a CloudStack template (Settings → Provisioning).',
    );
    expect(
      refusal({ ...service, dataCentreId: null, planId: null, operatingSystemId: 'constructor' }),
    ).toMatch(
      /^Data centre "Mumbai" .*zone; plan "VPS Pro" .*offering; operating system "Ubuntu 24.04" .*template \(/,
    );
  });
});

describe('more settings', () => {
  it('refuses in words', () => {
    const message = (over: Partial<Cmd<'ConfigureCloudStack'>>) => {
      try {
        provisioningSettingsDecider.decide(configure(over), initialProvisioningSettings);
      } catch (e) {
        return (e as DomainError).message;
      }
      return null;
    };
    expect(message({ apiUrl: 'x' })).toBe(
      'Must be an http(s) address such as "https://cloud.example.com/client/api" (apiUrl).',
    );
    expect(message({ apiKey: '' })).toBe('Give the API key (at most 200 characters) (apiKey).');
    expect(message({ secretKeySealed: '' })).toBe('Give the secret key (secretKey).');
  });

  it('starts empty', () => {
    expect(initialProvisioningSettings).toEqual({
      tenantId: '',
      cloudStack: null,
      zones: {},
      offerings: {},
      templates: {},
      finalSnapshot: false,
    });
  });

  it('a plan id spelt "null" is not a service without a plan', () => {
    const odd = fold(provisioningSettingsDecider, [
      configured,
      { ...mapped, data: { ...mapped.data, offerings: { null: 'off-1' } } },
    ]);
    expect(moduleOfPlan(odd, null)).toBe('MANUAL');
    expect(moduleOfPlan(odd, 'null')).toBe('CLOUDSTACK');
  });
});
