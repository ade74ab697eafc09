import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { OPERATOR_TENANT_ID, tenantStreamId } from '../../domain/tenancy/events.ts';
import { FEATURE_KEYS } from '../../domain/tenancy/features.ts';
import { tenantDecider, type CreateTenant } from '../../domain/tenancy/tenant.ts';
import type { Position } from '../../eventstore/types.ts';
import { registerUser } from '../identity/register.ts';
import { initialPassword } from '../access/initial-password.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput, plainText } from '../shared/validate.ts';
import { brandSchema, legalSchema, topUpSchema } from './schemas.ts';
import { claimHosts, refuseReservedHosts, releaseHosts } from './hosts.ts';

const createSchema = z.object({
  commandId,
  tenantId: z.string().trim().max(60),
  brand: brandSchema,
  legal: legalSchema,
  topUps: topUpSchema,
  features: z.array(z.string().max(60)).max(FEATURE_KEYS.length * 2),
  admin: z.object({
    email: z.string().trim().email('Enter a valid email address.').max(254),
    name: plainText(120),
  }),
});

export interface CreatedTenant {
  tenantId: string;
  adminUserId: string;
  adminEmail: string;
  /** Shown once to the super admin; null when this was a repeat of an earlier request. */
  adminPassword: string | null;
  positions: Position[];
}

/**
 * The operator's super admin opens a tenant (a reseller): its brand and host names, legal
 * profile, top-up details and features, and its first admin with a password shown once, which
 * that admin replaces with their own at first sign-in.
 */
export async function createTenant(
  deps: CommandDeps & { bcryptCost: number },
  ctx: CommandContext,
  input: unknown,
): Promise<CreatedTenant> {
  requirePermission(ctx, 'tenants.manage');
  if (ctx.tenantId !== OPERATOR_TENANT_ID)
    throw new DomainError('FORBIDDEN', 'Only the operator creates tenants.');
  const cmd = parseInput(createSchema, { ...(input as object), commandId: ctx.commandId });
  const spec: Omit<CreateTenant, 'now'> = {
    type: 'CreateTenant',
    tenantId: cmd.tenantId,
    brand: cmd.brand,
    legal: cmd.legal,
    topUps: cmd.topUps,
    features: cmd.features,
  };
  // Every rule is checked before a host is claimed, so bad input leaves nothing behind.
  tenantDecider.decide({ ...spec, now: new Date(0).toISOString() }, tenantDecider.initialState);
  await refuseReservedHosts(deps, cmd.tenantId, cmd.brand.domains);
  // An existing tenant's hosts are its own: claiming (and undoing) them here would free them.
  const [first] = await deps.store.readStream(tenantStreamId(cmd.tenantId));
  if (first && first.metadata.commandId !== ctx.commandId)
    throw new DomainError('CONFLICT', `A tenant with the id ${cmd.tenantId} already exists.`);
  const positions = await claimHosts(deps, ctx, cmd.tenantId, cmd.brand.domains);
  try {
    const created = await handleCommand(
      deps,
      { ...ctx, tenantId: cmd.tenantId },
      {
        streamId: tenantStreamId(cmd.tenantId),
        decider: tenantDecider,
        command: (now) => ({ ...spec, now }),
      },
    );
    if (created.position) positions.push(created.position);
  } catch (error) {
    await releaseHosts(
      deps,
      { ...ctx, commandId: `${ctx.commandId}:undo` },
      cmd.tenantId,
      cmd.brand.domains,
    );
    throw error;
  }
  const password = initialPassword();
  const admin = await registerUser(
    deps,
    { ...ctx, tenantId: cmd.tenantId, commandId: `${ctx.commandId}:admin` },
    // The super admin saw this password: like any staff member's initial one, it changes at first sign-in.
    {
      email: cmd.admin.email,
      name: cmd.admin.name,
      role: 'admin',
      staffRole: 'tenant_admin',
      password,
      mustChangePassword: true,
    },
  );
  if (admin.position) positions.push(admin.position);
  return {
    tenantId: cmd.tenantId,
    adminUserId: admin.userId,
    adminEmail: cmd.admin.email.toLowerCase(),
    adminPassword: admin.replayed ? null : password,
    positions,
  };
}
