/**
 * The tenant's provisioning settings (stream `provisioning-<tenantId>`): CloudStack's endpoint
 * and keys (checked against CloudStack before they are saved; the secret sealed for the tenant),
 * the mapping of data centres, plans and operating systems to zones, offerings and templates
 * (each id checked against what CloudStack offers), and the termination policy. Staff with
 * services.manage.
 */
import { z } from 'zod';
import {
  provisioningSettingsDecider,
  type ProvisioningSettingsCommand,
} from '../../domain/services/settings.ts';
import { provisioningSettingsStreamId } from '../../domain/services/events.ts';
import { badInput, conflict, DomainError, fieldsMessage } from '../../domain/shared/decider.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import type { Position } from '../../eventstore/types.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput, plainText } from '../shared/validate.ts';
import { loadProvisioningSettings } from './create-services.ts';
import {
  ModuleError,
  type CloudStackConfig,
  type CloudStackInventory,
  type CloudStackProbe,
} from './module-port.ts';
import { openCloudStackSecret, sealCloudStackSecret } from './service-context.ts';

type SettingsDeps = CommandDeps & {
  cloudStack: CloudStackProbe;
  sealKey: Buffer;
  environmentCloudStack: CloudStackConfig | null;
};

const apply = (
  deps: CommandDeps,
  ctx: CommandContext,
  command: (now: string) => ProvisioningSettingsCommand,
  perAttempt?: Record<string, unknown>,
) =>
  handleCommand(deps, ctx, {
    streamId: provisioningSettingsStreamId(ctx.tenantId),
    decider: provisioningSettingsDecider,
    command,
    ...(perAttempt ? { perAttempt: perAttempt as never } : {}),
  });

/** What CloudStack offers with these keys; a refusal names the field to fix, an outage says try again. */
async function inventoryOf(
  probe: CloudStackProbe,
  config: CloudStackConfig,
  field: string,
): Promise<CloudStackInventory> {
  try {
    return await probe.inventory(config);
  } catch (error) {
    if (!(error instanceof ModuleError)) throw error;
    if (error.retryable)
      throw conflict(
        `CloudStack did not answer (${error.message}); nothing was saved, try again in a moment.`,
      );
    throw badInput(field, `CloudStack refused: ${error.message}.`);
  }
}

const configureSchema = z.object({
  commandId,
  apiUrl: plainText(300).refine((u) => {
    try {
      const url = new URL(u);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Must be an http(s) URL such as https://cloud.example.com/client/api.'),
  apiKey: plainText(200),
  secretKey: plainText(200),
});

/** CloudStack's endpoint and keys, saved only once CloudStack answered listZones with them. */
export async function configureCloudStack(
  deps: SettingsDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ position: Position | null }> {
  const cmd = parseInput(configureSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'services.manage');
  await inventoryOf(deps.cloudStack, cmd, 'apiKey');
  const secretKeySealed = sealCloudStackSecret(deps.sealKey, ctx.tenantId, cmd.secretKey);
  const result = await apply(
    deps,
    ctx,
    (now) => ({
      type: 'ConfigureCloudStack',
      tenantId: ctx.tenantId,
      apiUrl: cmd.apiUrl,
      apiKey: cmd.apiKey,
      secretKeySealed,
      by: ctx.actor.userId,
      now,
    }),
    { secretKeySealed: undefined },
  );
  return { position: result.position };
}

const commandOnly = z.object({ commandId });

/** The tenant's CloudStack removed: its plans are provisioned by hand from now on. */
export async function removeCloudStack(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ position: Position | null }> {
  parseInput(commandOnly, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'services.manage');
  const result = await apply(deps, ctx, (now) => ({
    type: 'RemoveCloudStack',
    tenantId: ctx.tenantId,
    by: ctx.actor.userId,
    now,
  }));
  return { position: result.position };
}

const mappingRows = z
  .array(z.object({ catalogId: plainText(100), cloudStackId: plainText(100) }))
  .max(500, 'At most 500 rows.');
const mappingSchema = z.object({
  commandId,
  zones: mappingRows,
  offerings: mappingRows,
  templates: mappingRows,
});

/** The CloudStack a tenant's settings point at: its own (secret opened), else the operator's from the environment. */
export async function cloudStackOf(
  deps: SettingsDeps,
  tenantId: string,
): Promise<CloudStackConfig | null> {
  const settings = await loadProvisioningSettings(deps.store, tenantId);
  if (settings.cloudStack)
    return {
      apiUrl: settings.cloudStack.apiUrl,
      apiKey: settings.cloudStack.apiKey,
      secretKey: openCloudStackSecret(deps.sealKey, tenantId, settings.cloudStack.secretKeySealed),
    };
  return tenantId === OPERATOR_TENANT_ID ? deps.environmentCloudStack : null;
}

/** What CloudStack offers now (the mapping form's choices); NOT configured: a clear refusal. */
export async function cloudStackInventory(
  deps: SettingsDeps,
  ctx: CommandContext,
): Promise<CloudStackInventory> {
  requirePermission(ctx, 'services.manage');
  const config = await cloudStackOf(deps, ctx.tenantId);
  if (!config) throw conflict('CloudStack is not configured: save its URL and keys first.');
  return inventoryOf(deps.cloudStack, config, 'apiKey');
}

/**
 * The mapping of catalog entries to CloudStack ids; every id must be one CloudStack offers now
 * (a wrong one is BAD_USER_INPUT naming its row, e.g. `offerings.2.cloudStackId`).
 */
export async function setCloudStackMapping(
  deps: SettingsDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ position: Position | null }> {
  const cmd = parseInput(mappingSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'services.manage');
  const empty = cmd.zones.length + cmd.offerings.length + cmd.templates.length === 0;
  if (!empty) {
    const config = await cloudStackOf(deps, ctx.tenantId);
    if (!config) throw conflict('CloudStack is not configured: save its URL and keys first.');
    const offered = await inventoryOf(deps.cloudStack, config, 'zones');
    const issues: { path: string[]; message: string }[] = [];
    for (const part of ['zones', 'offerings', 'templates'] as const) {
      const ids = new Set(offered[part].map((r) => r.id));
      const seen = new Set<string>();
      cmd[part].forEach((row, i) => {
        if (!ids.has(row.cloudStackId))
          issues.push({
            path: [part, String(i), 'cloudStackId'],
            message: `CloudStack offers no ${part.slice(0, -1)} ${row.cloudStackId}.`,
          });
        if (seen.has(row.catalogId))
          issues.push({ path: [part, String(i), 'catalogId'], message: 'Mapped twice.' });
        seen.add(row.catalogId);
      });
    }
    if (issues.length > 0) throw new DomainError('BAD_USER_INPUT', fieldsMessage(issues), issues);
  }
  const record = (rows: { catalogId: string; cloudStackId: string }[]) =>
    Object.fromEntries(rows.map((r) => [r.catalogId, r.cloudStackId]));
  const result = await apply(deps, ctx, (now) => ({
    type: 'SetCloudStackMapping',
    tenantId: ctx.tenantId,
    zones: record(cmd.zones),
    offerings: record(cmd.offerings),
    templates: record(cmd.templates),
    by: ctx.actor.userId,
    now,
  }));
  return { position: result.position };
}

const policySchema = z.object({
  commandId,
  finalSnapshot: z.boolean({ message: 'Say whether to take a final snapshot.' }),
});

/** Whether a terminated server gets a snapshot before it is destroyed. */
export async function setTerminationPolicy(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ position: Position | null }> {
  const cmd = parseInput(policySchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'services.manage');
  const result = await apply(deps, ctx, (now) => ({
    type: 'SetTerminationPolicy',
    tenantId: ctx.tenantId,
    finalSnapshot: cmd.finalSnapshot,
    by: ctx.actor.userId,
    now,
  }));
  return { position: result.position };
}
