import { registerUser, emailStreamId } from '../commands/identity/register.ts';
import { handleCommand, type CommandDeps } from '../commands/shared/handler.ts';
import { loadTenant } from '../commands/shared/tenant.ts';
import { claimHosts } from '../commands/tenancy/hosts.ts';
import { OPERATOR_TENANT_ID, tenantStreamId } from '../domain/tenancy/events.ts';
import {
  tenantDecider,
  type TenantCommand,
  type TenantState,
  type TenantStreamCommand,
} from '../domain/tenancy/tenant.ts';
import type { Position } from '../eventstore/types.ts';
import { generatePassword } from './secrets.ts';

const system = (commandId: string, tenantId = OPERATOR_TENANT_ID) => ({
  tenantId,
  actor: { userId: 'system', role: 'system' },
  commandId,
});

/** The operator: AkashOne.com by Mieux Technologies Pvt Ltd. Its settings are events too. */
export const operatorTenant: Omit<TenantCommand, 'type' | 'now'> = {
  tenantId: OPERATOR_TENANT_ID,
  brand: {
    name: 'AkashOne.com',
    tagline: 'Cloud infrastructure for India',
    primaryColor: '#3b82f6',
    supportEmail: 'support@akashone.com',
    mailFrom: 'AkashOne.com <billing@akashone.com>',
    domains: ['akashone.localhost', 'localhost', '127.0.0.1'],
  },
  legal: {
    companyName: 'Mieux Technologies Pvt Ltd',
    gstin: '27AAPFU0939F1ZV',
    stateCode: '27',
    address: 'Pune, Maharashtra 411001, India',
  },
  topUps: {
    bankAccountName: 'Mieux Technologies Pvt Ltd',
    bankName: 'HDFC Bank',
    bankAccountNumber: '50200012345678',
    bankIfsc: 'HDFC0000123',
    bankBranch: 'Pune Camp',
    upiId: 'akashone@hdfcbank',
    cryptoAsset: 'USDT',
    cryptoNetwork: 'TRON (TRC-20)',
    cryptoAddress: 'TXyzAkashOne7d8k2mQ9pV4rN6sW1bC3eF5g',
    cryptoEnabled: true,
    minAmount: '100.00',
    maxAmount: '500000.00',
  },
  features: ['wallet', 'crypto-topups', 'tickets'],
};

export interface Credentials {
  role: string;
  email: string;
  password: string;
  /** A staff account's initial password: its holder chooses their own at first sign-in. */
  mustChange?: boolean;
}

/**
 * First start: the operator tenant and the first admin (password from ADMIN_PASSWORD, else
 * generated and returned for printing, to be replaced at first sign-in). Every step has a fixed
 * commandId, so a restart, or two processes starting at once, changes nothing.
 */
export async function bootstrap(
  deps: CommandDeps & { bcryptCost: number },
  opts: { adminEmail: string; adminPassword?: string | undefined },
): Promise<{ created: Credentials[]; positions: Position[] }> {
  const created: Credentials[] = [];
  const positions: Position[] = [];
  const tenant = await handleCommand(deps, system('bootstrap:tenant:operator'), {
    streamId: tenantStreamId(OPERATOR_TENANT_ID),
    decider: {
      ...tenantDecider,
      decide: (c: TenantStreamCommand, s: TenantState) =>
        s.exists ? [] : tenantDecider.decide(c, s),
    },
    command: (now) => ({ type: 'CreateTenant' as const, ...operatorTenant, now }),
  });
  if (tenant.position) positions.push(tenant.position);
  // The operator's host names are claimed like any tenant's, so no reseller can take them.
  const operator = await loadTenant(deps.store, OPERATOR_TENANT_ID);
  positions.push(
    ...(await claimHosts(
      deps,
      system('bootstrap:hosts:operator'),
      OPERATOR_TENANT_ID,
      operator.brand.domains,
    )),
  );
  // A generated password is printed to the console (and so may sit in logs someone else reads): the
  // admin replaces it at first sign-in. ADMIN_PASSWORD is the operator's own choice: it stays.
  const admin = await ensureUser(deps, 'bootstrap:admin', {
    email: opts.adminEmail,
    name: 'Administrator',
    role: 'admin',
    staffRole: 'super_admin',
    password: opts.adminPassword,
    mustChangePassword: opts.adminPassword === undefined,
  });
  if (admin) {
    created.push(admin.credentials);
    positions.push(admin.position);
  }
  return { created, positions };
}

/** Creates a user unless the email is taken; returns the credentials only when it created one. */
export async function ensureUser(
  deps: CommandDeps & { bcryptCost: number },
  commandId: string,
  user: {
    email: string;
    name: string;
    role: 'admin' | 'customer';
    staffRole?: string;
    password?: string | undefined;
    mustChangePassword?: boolean;
  },
  tenantId = OPERATOR_TENANT_ID,
): Promise<{ credentials: Credentials; position: Position; userId: string } | null> {
  const reserved = await deps.store.readStream(emailStreamId(tenantId, user.email));
  if (reserved.length > 0) return null;
  const password = user.password ?? generatePassword();
  const result = await registerUser(deps, system(commandId, tenantId), { ...user, password });
  return {
    credentials: {
      role: user.role,
      email: user.email,
      password,
      ...(user.mustChangePassword ? { mustChange: true } : {}),
    },
    position: result.position!,
    userId: result.userId,
  };
}
