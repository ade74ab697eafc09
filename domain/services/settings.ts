import { fieldError } from '../catalog/field-error.ts';
import { conflict, type Decider } from '../shared/decider.ts';
import type { ModuleName, ProvisioningSettingsEvent } from './events.ts';
import { isHttpUrl } from './rules.ts';

/**
 * A tenant's provisioning settings (stream `provisioning-<tenantId>`): CloudStack's endpoint and
 * keys (the secret sealed), the mapping that makes a plan CloudStack's (data centre → zone,
 * plan → service offering, OS → template) and whether a terminated server gets a final snapshot.
 */
export interface ProvisioningSettingsState {
  tenantId: string;
  cloudStack: { apiUrl: string; apiKey: string; secretKeySealed: string } | null;
  /** dataCentreId → zone id. */
  zones: Record<string, string>;
  /** planId → service offering id. */
  offerings: Record<string, string>;
  /** operatingSystemId → template id. */
  templates: Record<string, string>;
  finalSnapshot: boolean;
}

export type ProvisioningSettingsCommand =
  | {
      type: 'ConfigureCloudStack';
      tenantId: string;
      apiUrl: string;
      apiKey: string;
      secretKeySealed: string;
      by: string;
      now: string;
    }
  | { type: 'RemoveCloudStack'; tenantId: string; by: string; now: string }
  | {
      type: 'SetCloudStackMapping';
      tenantId: string;
      zones: Record<string, string>;
      offerings: Record<string, string>;
      templates: Record<string, string>;
      by: string;
      now: string;
    }
  | {
      type: 'SetTerminationPolicy';
      tenantId: string;
      finalSnapshot: boolean;
      by: string;
      now: string;
    };

type Cmd<T extends ProvisioningSettingsCommand['type']> = Extract<
  ProvisioningSettingsCommand,
  { type: T }
>;

export const initialProvisioningSettings: ProvisioningSettingsState = {
  tenantId: '',
  cloudStack: null,
  zones: {},
  offerings: {},
  templates: {},
  finalSnapshot: false,
};

function configureCloudStack(
  c: Cmd<'ConfigureCloudStack'>,
  s: ProvisioningSettingsState,
): ProvisioningSettingsEvent[] {
  const apiUrl = typeof c.apiUrl === 'string' ? c.apiUrl.trim() : null;
  if (apiUrl === null || apiUrl.length > 300 || !isHttpUrl(apiUrl))
    throw fieldError(
      'apiUrl',
      'Must be an http(s) address such as "https://cloud.example.com/client/api".',
    );
  const apiKey = typeof c.apiKey === 'string' ? c.apiKey.trim() : '';
  if (apiKey.length === 0 || apiKey.length > 200)
    throw fieldError('apiKey', 'Give the API key (at most 200 characters).');
  if (typeof c.secretKeySealed !== 'string' || c.secretKeySealed === '')
    throw fieldError('secretKey', 'Give the secret key.');
  const current = s.cloudStack;
  if (
    current?.apiUrl === apiUrl &&
    current.apiKey === apiKey &&
    current.secretKeySealed === c.secretKeySealed
  )
    return [];
  return [
    {
      type: 'CloudStackConfigured',
      data: {
        tenantId: c.tenantId,
        apiUrl,
        apiKey,
        secretKeySealed: c.secretKeySealed,
        configuredBy: c.by,
        configuredAt: c.now,
      },
    },
  ];
}

function removeCloudStack(
  c: Cmd<'RemoveCloudStack'>,
  s: ProvisioningSettingsState,
): ProvisioningSettingsEvent[] {
  if (s.cloudStack === null) return [];
  return [
    {
      type: 'CloudStackRemoved',
      data: { tenantId: c.tenantId, removedBy: c.by, removedAt: c.now },
    },
  ];
}

function checkMapping(input: Record<string, string>, field: string): Record<string, string> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw fieldError(field, 'Give catalog ids and the CloudStack ids they map to.');
  const out: Record<string, string> = {};
  for (const key of Object.keys(input).sort()) {
    const value = input[key];
    const id = typeof value === 'string' ? value.trim() : '';
    if (key.trim() === '') throw fieldError(field, 'A catalog id is empty.');
    if (id.length === 0 || id.length > 100)
      throw fieldError(`${field}.${key}`, 'Give the CloudStack id (at most 100 characters).');
    out[key] = id;
  }
  return out;
}

const sameMapping = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(a) === JSON.stringify(b);

function setCloudStackMapping(
  c: Cmd<'SetCloudStackMapping'>,
  s: ProvisioningSettingsState,
): ProvisioningSettingsEvent[] {
  const zones = checkMapping(c.zones, 'zones');
  const offerings = checkMapping(c.offerings, 'offerings');
  const templates = checkMapping(c.templates, 'templates');
  const empty = [zones, offerings, templates].every((m) => Object.keys(m).length === 0);
  if (s.cloudStack === null && !empty)
    throw conflict('Configure CloudStack before mapping the catalog to it.');
  if (
    sameMapping(zones, s.zones) &&
    sameMapping(offerings, s.offerings) &&
    sameMapping(templates, s.templates)
  )
    return [];
  return [
    {
      type: 'CloudStackMappingSet',
      data: { tenantId: c.tenantId, zones, offerings, templates, setBy: c.by, setAt: c.now },
    },
  ];
}

function setTerminationPolicy(
  c: Cmd<'SetTerminationPolicy'>,
  s: ProvisioningSettingsState,
): ProvisioningSettingsEvent[] {
  if (typeof c.finalSnapshot !== 'boolean')
    throw fieldError('finalSnapshot', 'Must be true or false.');
  if (c.finalSnapshot === s.finalSnapshot) return [];
  return [
    {
      type: 'TerminationPolicySet',
      data: { tenantId: c.tenantId, finalSnapshot: c.finalSnapshot, setBy: c.by, setAt: c.now },
    },
  ];
}

function decide(
  command: ProvisioningSettingsCommand,
  state: ProvisioningSettingsState,
): ProvisioningSettingsEvent[] {
  switch (command.type) {
    case 'ConfigureCloudStack':
      return configureCloudStack(command, state);
    case 'RemoveCloudStack':
      return removeCloudStack(command, state);
    case 'SetCloudStackMapping':
      return setCloudStackMapping(command, state);
    case 'SetTerminationPolicy':
      return setTerminationPolicy(command, state);
    default: {
      const unknown: never = command;
      throw new Error(
        `unknown provisioning settings command ${(unknown as { type: string }).type}`,
      );
    }
  }
}

function evolve(
  state: ProvisioningSettingsState,
  event: ProvisioningSettingsEvent,
): ProvisioningSettingsState {
  switch (event.type) {
    case 'CloudStackConfigured': {
      const { tenantId, apiUrl, apiKey, secretKeySealed } = event.data;
      return { ...state, tenantId, cloudStack: { apiUrl, apiKey, secretKeySealed } };
    }
    case 'CloudStackRemoved':
      return { ...state, tenantId: event.data.tenantId, cloudStack: null };
    case 'CloudStackMappingSet': {
      const { tenantId, zones, offerings, templates } = event.data;
      return { ...state, tenantId, zones, offerings, templates };
    }
    case 'TerminationPolicySet':
      return { ...state, tenantId: event.data.tenantId, finalSnapshot: event.data.finalSnapshot };
    default: {
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

export const provisioningSettingsDecider: Decider<
  ProvisioningSettingsCommand,
  ProvisioningSettingsEvent,
  ProvisioningSettingsState
> = { initialState: initialProvisioningSettings, decide, evolve };

/**
 * The module a new service of this plan gets: CLOUDSTACK when CloudStack is configured (for the
 * tenant, or the operator's from the environment: `environmentCloudStack`) and the plan is
 * mapped to a service offering; otherwise MANUAL (staff provision it with the dialog).
 */
export function moduleOfPlan(
  state: ProvisioningSettingsState,
  planId: string | null,
  environmentCloudStack = false,
): ModuleName {
  const configured = state.cloudStack !== null || environmentCloudStack;
  const mapped = planId !== null && Object.hasOwn(state.offerings, planId);
  return configured && mapped ? 'CLOUDSTACK' : 'MANUAL';
}

/** The same shape as commands/services/module-port.ts's DeploySpec (the domain imports no port). */
export interface DeploySpecOf {
  tenantId: string;
  serviceId: string;
  hostname: string;
  zoneId: string;
  serviceOfferingId: string;
  templateId: string;
}

/** What deploySpecOf reads of a service (ServiceState has it). */
export interface DeployableService {
  tenantId: string;
  serviceId: string;
  hostname: string;
  planId: string | null;
  planName: string;
  dataCentreId: string | null;
  dataCentreName: string;
  operatingSystemId: string | null;
  operatingSystemName: string;
}

/**
 * What a deploy of this service asks CloudStack for, from the tenant's mapping.
 * @throws DomainError CONFLICT naming each part that is not mapped (staff map it, then retry)
 */
export function deploySpecOf(
  state: ProvisioningSettingsState,
  service: DeployableService,
): DeploySpecOf {
  const find = (map: Record<string, string>, id: string | null) =>
    id !== null && Object.hasOwn(map, id) ? map[id]! : null;
  const zoneId = find(state.zones, service.dataCentreId);
  const serviceOfferingId = find(state.offerings, service.planId);
  const templateId = find(state.templates, service.operatingSystemId);
  const missing: string[] = [];
  if (zoneId === null)
    missing.push(`data centre "${service.dataCentreName}" is not mapped to a CloudStack zone`);
  if (serviceOfferingId === null)
    missing.push(`plan "${service.planName}" is not mapped to a CloudStack service offering`);
  if (templateId === null)
    missing.push(
      `operating system "${service.operatingSystemName}" is not mapped to a CloudStack template`,
    );
  if (zoneId === null || serviceOfferingId === null || templateId === null)
    throw conflict(`${sentenceStart(missing.join('; '))} (Settings → Provisioning).`);
  return {
    tenantId: service.tenantId,
    serviceId: service.serviceId,
    hostname: service.hostname,
    zoneId,
    serviceOfferingId,
    templateId,
  };
}

const sentenceStart = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
