import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { tenantStreamId, type MailSettings } from '../../domain/tenancy/events.ts';
import { tenantDecider, type TenantState } from '../../domain/tenancy/tenant.ts';
import { open, seal } from '../identity/secret-box.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { settingsTenant } from './settings.ts';

/** What the mail settings' commands need: the keys from keys.json (the seal key is derived). */
export type MailSettingsDeps = CommandDeps & { keys: { totp: Buffer } };

/**
 * The key that seals tenants' SMTP passwords and SendGrid keys: derived (HKDF-SHA256) from the
 * secret box's key in keys.json like the mail key (commands/mail/queue-mail.ts), under its own
 * label, so neither opens the other's secrets.
 */
export const mailTransportKey = (keys: { totp: Buffer }) =>
  Buffer.from(hkdfSync('sha256', keys.totp, Buffer.alloc(0), 'mail transport secrets v1', 32));

type SecretKind = 'smtp-password' | 'sendgrid-api-key';
/** Bound to the tenant and the kind: a sealed secret copied to another tenant does not open. */
const context = (tenantId: string, kind: SecretKind) => `tenant-mail:${tenantId}:${kind}`;
export const sealMailSecret = (key: Buffer, tenantId: string, kind: SecretKind, secret: string) =>
  seal(key, secret, context(tenantId, kind));
export const openMailSecret = (key: Buffer, tenantId: string, kind: SecretKind, sealed: string) =>
  open(key, sealed, context(tenantId, kind));

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** Empty or absent: keep the stored secret. */
const secret = z.string().max(500).nullish();

const input = z.object({
  commandId,
  tenantId: z.string().max(60).nullish(),
  transport: z.enum(['OPERATOR', 'SMTP', 'SENDGRID']),
  smtp: z
    .object({
      host: z.string().trim().regex(HOSTNAME, 'Give a host name, e.g. smtp.example.com.'),
      port: z.coerce
        .number()
        .int('Give a whole number.')
        .min(1, 'Give a port from 1 to 65535.')
        .max(65535, 'Give a port from 1 to 65535.'),
      tls: z.enum(['NONE', 'STARTTLS', 'TLS']),
      user: z
        .string()
        .trim()
        .max(200)
        .nullish()
        .transform((v) => v ?? ''),
      password: secret,
    })
    .nullish(),
  sendgrid: z.object({ apiKey: secret }).nullish(),
});

/**
 * Saves how the tenant's mails leave (settings.manage, or tenants.manage for another tenant).
 * Secrets are sealed before they reach the event; an empty secret keeps the one stored.
 */
export async function updateMailSettings(
  deps: MailSettingsDeps,
  ctx: CommandContext,
  raw: unknown,
): Promise<{ tenantId: string; changed: boolean }> {
  const cmd = parseInput(input, { ...(raw as object), commandId: ctx.commandId });
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  const before = (await loadTenant(deps.store, tenantId)).mail;
  const key = mailTransportKey(deps.keys);
  const mail: MailSettings = { transport: cmd.transport };
  if (cmd.transport === 'SMTP') {
    if (!cmd.smtp)
      throw new DomainError('BAD_USER_INPUT', 'Give the SMTP server.', [
        { path: ['smtp'], message: 'Give the SMTP server.' },
      ]);
    const password = cmd.smtp.password
      ? sealMailSecret(key, tenantId, 'smtp-password', cmd.smtp.password)
      : (before?.smtp?.passwordSealed ?? null);
    mail.smtp = {
      host: cmd.smtp.host.toLowerCase(),
      port: cmd.smtp.port,
      tls: cmd.smtp.tls,
      user: cmd.smtp.user,
      passwordSealed: cmd.smtp.user ? password : null,
    };
  }
  if (cmd.transport === 'SENDGRID') {
    const apiKeySealed = cmd.sendgrid?.apiKey
      ? sealMailSecret(key, tenantId, 'sendgrid-api-key', cmd.sendgrid.apiKey)
      : before?.sendgrid?.apiKeySealed;
    if (apiKeySealed) mail.sendgrid = { apiKeySealed };
  }
  const r = await handleCommand(
    deps,
    { ...ctx, tenantId },
    {
      streamId: tenantStreamId(tenantId),
      decider: tenantDecider,
      command: (now) => ({ type: 'UpdateMailSettings' as const, mail, now }),
    },
  );
  return { tenantId, changed: r.events.length > 0 };
}

/** The settings as the admin sees them: whether a secret is stored, never the secret. */
export interface MailSettingsView {
  transport: MailSettings['transport'];
  smtp: {
    host: string;
    port: number;
    tls: 'NONE' | 'STARTTLS' | 'TLS';
    user: string;
    passwordSet: boolean;
  } | null;
  sendgrid: { apiKeySet: boolean } | null;
}

export function mailSettingsView(state: Pick<TenantState, 'mail'>): MailSettingsView {
  const mail = state.mail ?? { transport: 'OPERATOR' as const };
  return {
    transport: mail.transport,
    smtp: mail.smtp
      ? {
          host: mail.smtp.host,
          port: mail.smtp.port,
          tls: mail.smtp.tls,
          user: mail.smtp.user,
          passwordSet: Boolean(mail.smtp.passwordSealed),
        }
      : null,
    sendgrid: mail.sendgrid ? { apiKeySet: true } : null,
  };
}

/** Reads the tenant's mail settings from its stream (settings.manage / tenants.manage). */
export async function mailSettings(
  deps: CommandDeps,
  ctx: Pick<CommandContext, 'tenantId' | 'actor' | 'permissions'>,
  tenantId?: string | null,
): Promise<MailSettingsView> {
  const id = settingsTenant(ctx, tenantId);
  return mailSettingsView(await loadTenant(deps.store, id));
}

/** The port a test mail leaves by: the tenant's chosen transport, right away (server/ wires it). */
export interface TestMailPort {
  send(tenantId: string, to: string): Promise<{ providerMessageId?: string }>;
}

const testInput = z.object({
  tenantId: z.string().max(60).nullish(),
  to: z.string().trim().email('Give an email address.').max(254),
});

/** Sends a test mail through the tenant's transport; a refusal is an answer, not an error. */
export async function sendTestMail(
  port: TestMailPort,
  ctx: Pick<CommandContext, 'tenantId' | 'actor' | 'permissions'>,
  raw: unknown,
): Promise<{ ok: boolean; error: string | null; providerMessageId: string | null }> {
  const cmd = parseInput(testInput, raw);
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  try {
    const receipt = await port.send(tenantId, cmd.to);
    return { ok: true, error: null, providerMessageId: receipt.providerMessageId ?? null };
  } catch (error) {
    return {
      ok: false,
      error: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
      providerMessageId: null,
    };
  }
}
