import { badInput, conflict, DomainError, notFound, type Decider } from '../shared/decider.ts';
import { isSystemStaffRole } from '../identity/permissions.ts';
import type {
  BillingSettings,
  Brand,
  CustomRole,
  LegalProfile,
  MailSettings,
  MailTemplateText,
  TenantEvent,
  TopUpSettings,
} from './events.ts';
import { checkBillingSettings } from './billing-settings.ts';
import { FEATURE_KEYS, isFeature } from './features.ts';
import { checkBrand, checkLegalProfile, checkTopUpSettings } from './settings-rules.ts';
import { checkMailTemplate, tenantMailKind } from './mail-template-rules.ts';

/** Opens a tenant (the name other modules know it by: `TenantCommand`). */
export type CreateTenant = {
  type: 'CreateTenant';
  tenantId: string;
  brand: Brand;
  legal: LegalProfile;
  topUps: TopUpSettings;
  /** Default: DEFAULT_BILLING_SETTINGS (then absent from the event). */
  billing?: BillingSettings;
  features: string[];
  now: string;
};

export type TenantCommand = CreateTenant;

/** Everything the tenant's stream decides: its creation, then its settings and roles. */
export type TenantStreamCommand =
  | CreateTenant
  | { type: 'UpdateBrand'; brand: Brand; now: string }
  | { type: 'UpdateLegalProfile'; legal: LegalProfile; now: string }
  | { type: 'UpdateTopUpSettings'; topUps: TopUpSettings; now: string }
  | { type: 'UpdateBillingSettings'; billing: BillingSettings; now: string }
  | { type: 'UpdateMailSettings'; mail: MailSettings; now: string }
  | { type: 'SwitchFeature'; feature: string; enabled: boolean; now: string }
  | {
      type: 'DefineRole';
      roleId: string;
      name: string;
      permissions: string[];
      grantable: readonly string[];
      now: string;
    }
  | { type: 'SaveMailTemplate'; kind: string; subject: string; body: string; now: string }
  | { type: 'ResetMailTemplate'; kind: string; now: string }
  | {
      type: 'ChangeRole';
      roleId: string;
      name: string;
      permissions: string[];
      grantable: readonly string[];
      now: string;
    };

/** A tenant's settings as its stream says; `exists` is false before TenantCreated. */
export interface TenantState {
  exists: boolean;
  tenantId: string;
  brand: Brand;
  legal: LegalProfile;
  topUps: TopUpSettings;
  /** Absent: the tenant never set them; billingSettingsOf gives the defaults. */
  billing?: BillingSettings;
  features: string[];
  roles: CustomRole[];
  /** Absent: the tenant never chose; its mails leave by the operator's service. */
  mail?: MailSettings;
  /** The tenant's own mail templates by kind; absent or missing a kind: the repository's file. */
  mailTemplates?: Readonly<Record<string, MailTemplateText>>;
}

const MAX_CUSTOM_ROLES = 50;

/**
 * `grantable` is the platform's catalogue of permissions a custom role may hold, in its order
 * (PermissionCatalog.grantable, from the composition root): never an operator-only one such as
 * tenants.manage, which only the operator's super admins hold.
 */
function checkRole(
  state: TenantState,
  roleId: string,
  name: string,
  permissions: string[],
  grantable: readonly string[],
): string[] {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 60)
    throw badInput('name', 'Give the role a name of 2 to 60 characters.');
  const key = trimmed.toLowerCase().replace(/[\s-]+/g, '_');
  if (isSystemStaffRole(key))
    throw badInput('name', `"${trimmed}" is a system role; choose another name.`);
  if (
    state.roles.some((r) => r.roleId !== roleId && r.name.toLowerCase() === trimmed.toLowerCase())
  ) {
    throw conflict(`A role named "${trimmed}" already exists.`);
  }
  const unknown = permissions.filter((p) => !grantable.includes(p));
  if (unknown.length > 0)
    throw badInput('permissions', `Not a permission a role may hold: ${unknown.join(', ')}.`);
  if (permissions.length === 0) throw badInput('permissions', 'Choose at least one permission.');
  // Stored in the catalogue's order, so the same set is always the same list.
  return grantable.filter((p) => permissions.includes(p));
}

/** Key order differs between a form and the stored event; compare with sorted keys. */
const sorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, x]) => [k, sorted(x)]),
        )
      : v;
const same = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

type Cmd<T extends TenantStreamCommand['type']> = Extract<TenantStreamCommand, { type: T }>;

function createTenant(command: Cmd<'CreateTenant'>, state: TenantState): TenantEvent[] {
  if (state.exists) throw conflict(`Tenant ${command.tenantId} already exists.`);
  if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(command.tenantId))
    throw badInput('tenantId', 'Use 2–41 lower-case letters, digits or dashes.');
  checkBrand(command.brand);
  checkLegalProfile(command.legal, command.tenantId);
  checkTopUpSettings(command.topUps);
  const unknown = command.features.filter((f) => !isFeature(f));
  if (unknown.length > 0) throw badInput('features', `Unknown features: ${unknown.join(', ')}.`);
  if (command.billing) checkBillingSettings(command.billing);
  const { tenantId, brand, legal, topUps, billing, features, now } = command;
  return [
    {
      type: 'TenantCreated',
      data: {
        tenantId,
        brand,
        legal,
        topUps,
        ...(billing ? { billing } : {}),
        features: [...new Set(features)],
        createdAt: now,
      },
    },
  ];
}

/** Every command but CreateTenant acts on a tenant that exists. */
function existing(state: TenantState): TenantState {
  if (!state.exists) throw notFound('tenant');
  return state;
}

/** A brand saved before the store's contact fields existed has none: the same as null. */
const withContactNulls = (b: Brand): Brand => ({
  ...b,
  supportPhone: b.supportPhone ?? null,
  storeDescription: b.storeDescription ?? null,
});

function updateBrand(command: Cmd<'UpdateBrand'>, state: TenantState): TenantEvent[] {
  checkBrand(command.brand);
  if (same(withContactNulls(command.brand), withContactNulls(state.brand))) return [];
  return [
    {
      type: 'TenantBrandUpdated',
      data: { tenantId: state.tenantId, brand: command.brand, updatedAt: command.now },
    },
  ];
}

function updateLegalProfile(command: Cmd<'UpdateLegalProfile'>, state: TenantState): TenantEvent[] {
  checkLegalProfile(command.legal, state.tenantId);
  if (same(command.legal, state.legal)) return [];
  return [
    {
      type: 'TenantLegalProfileUpdated',
      data: { tenantId: state.tenantId, legal: command.legal, updatedAt: command.now },
    },
  ];
}

function updateTopUpSettings(
  command: Cmd<'UpdateTopUpSettings'>,
  state: TenantState,
): TenantEvent[] {
  checkTopUpSettings(command.topUps);
  if (same(command.topUps, state.topUps)) return [];
  return [
    {
      type: 'TenantTopUpSettingsUpdated',
      data: { tenantId: state.tenantId, topUps: command.topUps, updatedAt: command.now },
    },
  ];
}

function updateBillingSettings(
  command: Cmd<'UpdateBillingSettings'>,
  state: TenantState,
): TenantEvent[] {
  checkBillingSettings(command.billing);
  const billing: BillingSettings = {
    partialPayments: command.billing.partialPayments,
    unpaidOrderDays: command.billing.unpaidOrderDays,
    roundOff: command.billing.roundOff,
  };
  if (state.billing && same(billing, state.billing)) return [];
  return [
    {
      type: 'TenantBillingSettingsUpdated',
      data: { tenantId: state.tenantId, billing, updatedAt: command.now },
    },
  ];
}

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** A field error at a dotted path, e.g. `mail.smtp.port`. */
const refuseMail = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', message, [{ path: field.split('.'), message }]);

/** The settings' own rules (the command checks the form's fields first, with field errors). */
function checkMailSettings(mail: MailSettings): void {
  if (!['OPERATOR', 'SMTP', 'SENDGRID'].includes(mail.transport))
    throw refuseMail('mail.transport', 'Choose OPERATOR, SMTP or SENDGRID.');
  if (mail.transport === 'SMTP') {
    const smtp = mail.smtp;
    if (!smtp) throw refuseMail('mail.smtp', 'Give the SMTP server.');
    if (!HOSTNAME.test(smtp.host))
      throw refuseMail('mail.smtp.host', 'Give a host name, e.g. smtp.example.com.');
    if (!Number.isInteger(smtp.port) || smtp.port < 1 || smtp.port > 65535)
      throw refuseMail('mail.smtp.port', 'Give a port from 1 to 65535.');
    if (!['NONE', 'STARTTLS', 'TLS'].includes(smtp.tls))
      throw refuseMail('mail.smtp.tls', 'Choose NONE, STARTTLS or TLS.');
    if (smtp.user.length > 200) throw refuseMail('mail.smtp.user', 'At most 200 characters.');
    if (smtp.user && !smtp.passwordSealed)
      throw refuseMail('mail.smtp.password', 'Give the password for this user.');
  }
  if (mail.transport === 'SENDGRID' && !mail.sendgrid?.apiKeySealed)
    throw refuseMail('mail.sendgrid.apiKey', 'Give the SendGrid API key.');
}

function updateMailSettings(command: Cmd<'UpdateMailSettings'>, state: TenantState): TenantEvent[] {
  checkMailSettings(command.mail);
  if (state.mail && same(command.mail, state.mail)) return [];
  if (
    !state.mail &&
    command.mail.transport === 'OPERATOR' &&
    !command.mail.smtp &&
    !command.mail.sendgrid
  )
    return [];
  return [
    {
      type: 'TenantMailSettingsUpdated',
      data: { tenantId: state.tenantId, mail: command.mail, updatedAt: command.now },
    },
  ];
}

function switchFeature(command: Cmd<'SwitchFeature'>, state: TenantState): TenantEvent[] {
  if (!isFeature(command.feature))
    throw badInput(
      'feature',
      `There is no feature "${command.feature.slice(0, 40)}"; the features are ${FEATURE_KEYS.join(', ')}.`,
    );
  if (state.features.includes(command.feature) === command.enabled) return [];
  return [
    {
      type: 'FeatureSwitched',
      data: {
        tenantId: state.tenantId,
        feature: command.feature,
        enabled: command.enabled,
        switchedAt: command.now,
      },
    },
  ];
}

function defineRole(command: Cmd<'DefineRole'>, state: TenantState): TenantEvent[] {
  if (state.roles.some((r) => r.roleId === command.roleId)) return [];
  if (state.roles.length >= MAX_CUSTOM_ROLES)
    throw new DomainError('CONFLICT', `A tenant may define at most ${MAX_CUSTOM_ROLES} roles.`);
  const permissions = checkRole(
    state,
    command.roleId,
    command.name,
    command.permissions,
    command.grantable,
  );
  return [
    {
      type: 'RoleDefined',
      data: {
        tenantId: state.tenantId,
        roleId: command.roleId,
        name: command.name.trim(),
        permissions,
        definedAt: command.now,
      },
    },
  ];
}

function changeRole(command: Cmd<'ChangeRole'>, state: TenantState): TenantEvent[] {
  const role = state.roles.find((r) => r.roleId === command.roleId);
  if (!role) throw notFound('role');
  const permissions = checkRole(
    state,
    command.roleId,
    command.name,
    command.permissions,
    command.grantable,
  );
  if (role.name === command.name.trim() && same(role.permissions, permissions)) return [];
  return [
    {
      type: 'RoleChanged',
      data: {
        tenantId: state.tenantId,
        roleId: command.roleId,
        name: command.name.trim(),
        permissions,
        changedAt: command.now,
      },
    },
  ];
}

/** The tenant's own template of `kind`, if it saved one (own keys only: kinds are plain names). */
export const savedMailTemplate = (state: Pick<TenantState, 'mailTemplates'>, kind: string) =>
  state.mailTemplates && Object.hasOwn(state.mailTemplates, kind)
    ? state.mailTemplates[kind]
    : undefined;

function saveMailTemplate(command: Cmd<'SaveMailTemplate'>, state: TenantState): TenantEvent[] {
  const { kind, subject, body, now } = command;
  checkMailTemplate(kind, subject, body);
  const saved = savedMailTemplate(state, kind);
  if (saved && saved.subject === subject && saved.body === body) return [];
  return [
    {
      type: 'MailTemplateSaved',
      data: { tenantId: state.tenantId, kind, subject, body, savedAt: now },
    },
  ];
}

function resetMailTemplate(command: Cmd<'ResetMailTemplate'>, state: TenantState): TenantEvent[] {
  tenantMailKind(command.kind);
  if (!savedMailTemplate(state, command.kind)) return [];
  return [
    {
      type: 'MailTemplateReset',
      data: { tenantId: state.tenantId, kind: command.kind, resetAt: command.now },
    },
  ];
}

function decide(command: TenantStreamCommand, state: TenantState): TenantEvent[] {
  switch (command.type) {
    case 'CreateTenant':
      return createTenant(command, state);
    case 'UpdateBrand':
      return updateBrand(command, existing(state));
    case 'UpdateLegalProfile':
      return updateLegalProfile(command, existing(state));
    case 'UpdateTopUpSettings':
      return updateTopUpSettings(command, existing(state));
    case 'UpdateBillingSettings':
      return updateBillingSettings(command, existing(state));
    case 'UpdateMailSettings':
      return updateMailSettings(command, existing(state));
    case 'SwitchFeature':
      return switchFeature(command, existing(state));
    case 'DefineRole':
      return defineRole(command, existing(state));
    case 'ChangeRole':
      return changeRole(command, existing(state));
    case 'SaveMailTemplate':
      return saveMailTemplate(command, existing(state));
    case 'ResetMailTemplate':
      return resetMailTemplate(command, existing(state));
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown tenant command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

function evolve(state: TenantState, event: TenantEvent): TenantState {
  switch (event.type) {
    case 'TenantCreated': {
      const { tenantId, brand, legal, topUps, billing, features } = event.data;
      return {
        exists: true,
        tenantId,
        brand,
        legal,
        topUps,
        ...(billing ? { billing } : {}),
        features,
        roles: [],
      };
    }
    case 'TenantBrandUpdated':
      return { ...state, brand: event.data.brand };
    case 'TenantLegalProfileUpdated':
      return { ...state, legal: event.data.legal };
    case 'TenantTopUpSettingsUpdated':
      return { ...state, topUps: event.data.topUps };
    case 'TenantBillingSettingsUpdated':
      return { ...state, billing: event.data.billing };
    case 'TenantMailSettingsUpdated':
      return { ...state, mail: event.data.mail };
    case 'FeatureSwitched': {
      const others = state.features.filter((f) => f !== event.data.feature);
      return { ...state, features: event.data.enabled ? [...others, event.data.feature] : others };
    }
    case 'RoleDefined':
      return {
        ...state,
        roles: [
          ...state.roles,
          { roleId: event.data.roleId, name: event.data.name, permissions: event.data.permissions },
        ],
      };
    case 'RoleChanged':
      return {
        ...state,
        roles: state.roles.map((r) =>
          r.roleId === event.data.roleId
            ? { roleId: r.roleId, name: event.data.name, permissions: event.data.permissions }
            : r,
        ),
      };
    case 'MailTemplateSaved': {
      const { kind, subject, body } = event.data;
      return { ...state, mailTemplates: { ...state.mailTemplates, [kind]: { subject, body } } };
    }
    case 'MailTemplateReset': {
      const rest = Object.fromEntries(
        Object.entries(state.mailTemplates ?? {}).filter(([k]) => k !== event.data.kind),
      );
      return { ...state, mailTemplates: rest };
    }
    default:
      return state;
  }
}

const empty = null as unknown;

export const tenantDecider: Decider<TenantStreamCommand, TenantEvent, TenantState> = {
  // Before TenantCreated only `exists` is read; the settings are filled by the first event.
  initialState: {
    exists: false,
    tenantId: '',
    brand: empty as Brand,
    legal: empty as LegalProfile,
    topUps: empty as TopUpSettings,
    features: [],
    roles: [],
  },
  decide,
  evolve,
};
