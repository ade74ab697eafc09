import { z } from 'zod';
import { MAIL_KINDS, sampleVars, type TemplateVariable } from '../../domain/mail/template-kinds.ts';
import {
  tenantStreamId,
  type Brand,
  type LegalProfile,
  type MailTemplateText,
} from '../../domain/tenancy/events.ts';
import {
  checkMailTemplate,
  MAX_TEMPLATE_BODY,
  MAX_TEMPLATE_SUBJECT,
} from '../../domain/tenancy/mail-template-rules.ts';
import { savedMailTemplate, tenantDecider } from '../../domain/tenancy/tenant.ts';
import { defaultTemplate, renderMail } from '../mail/templates.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, hasHiddenCharacters, parseInput } from '../shared/validate.ts';
import { settingsTenant } from './settings.ts';

/** Who asks and where (a query or a preview has no command to record). */
type Asker = Pick<CommandContext, 'tenantId' | 'actor' | 'permissions'>;

// Control characters other than tab and line breaks break jsonb and mail headers.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = (max: number, tooLong: string) =>
  z
    .string()
    .max(max * 2, tooLong)
    .refine((s) => !CONTROL.test(s), 'Remove the control characters.')
    .refine((s) => !hasHiddenCharacters(s), 'Remove the invisible or text-direction characters.');

/** Line breaks as \n, trailing blanks gone: the same text as a template file's body. */
const normalBody = (body: string) => body.replace(/\r\n?/g, '\n').trimEnd();

const templateInput = z.object({
  tenantId: z.string().max(60).nullish(),
  kind: z.string().max(60),
  subject: text(
    MAX_TEMPLATE_SUBJECT,
    `Keep the subject to ${MAX_TEMPLATE_SUBJECT} characters.`,
  ).transform((s) => s.trim()),
  body: text(MAX_TEMPLATE_BODY, 'Keep the text to 20,000 characters.').transform(normalBody),
});
const saveInput = templateInput.extend({ commandId });
const resetInput = z.object({
  commandId,
  tenantId: z.string().max(60).nullish(),
  kind: z.string().max(60),
});

/**
 * Saves the tenant's own subject and body for a kind of mail (settings.manage, or
 * tenants.manage for another tenant). Refused with the field: an unknown kind, an empty or
 * too long text, a placeholder that is not one of the kind's variables (domain rules).
 */
export async function saveMailTemplate(
  deps: CommandDeps,
  ctx: CommandContext,
  raw: unknown,
): Promise<{ tenantId: string; kind: string; changed: boolean }> {
  const cmd = parseInput(saveInput, { ...(raw as object), commandId: ctx.commandId });
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  const { kind, subject, body } = cmd;
  const r = await handleCommand(
    deps,
    { ...ctx, tenantId },
    {
      streamId: tenantStreamId(tenantId),
      decider: tenantDecider,
      command: (now) => ({ type: 'SaveMailTemplate' as const, kind, subject, body, now }),
    },
  );
  return { tenantId, kind, changed: r.events.length > 0 };
}

/** The kind's mails use the repository's template file again (same permission as saving). */
export async function resetMailTemplate(
  deps: CommandDeps,
  ctx: CommandContext,
  raw: unknown,
): Promise<{ tenantId: string; kind: string; changed: boolean }> {
  const cmd = parseInput(resetInput, { ...(raw as object), commandId: ctx.commandId });
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  const r = await handleCommand(
    deps,
    { ...ctx, tenantId },
    {
      streamId: tenantStreamId(tenantId),
      decider: tenantDecider,
      command: (now) => ({ type: 'ResetMailTemplate' as const, kind: cmd.kind, now }),
    },
  );
  return { tenantId, kind: cmd.kind, changed: r.events.length > 0 };
}

/** One kind as the template editor shows it. */
export interface MailTemplateView {
  kind: string;
  description: string;
  variables: TemplateVariable[];
  /** What the tenant's mails use now: its own text, else the file's. */
  subject: string;
  body: string;
  defaultSubject: string;
  defaultBody: string;
  /** The tenant saved its own text and it differs from the file's. */
  customized: boolean;
}

function view(
  kind: (typeof MAIL_KINDS)[number],
  own: MailTemplateText | undefined,
): MailTemplateView {
  const base = defaultTemplate(kind.kind);
  const current = own ?? base;
  return {
    kind: kind.kind,
    description: kind.description,
    variables: [...kind.variables],
    subject: current.subject,
    body: current.body,
    defaultSubject: base.subject,
    defaultBody: base.body,
    customized: own !== undefined && (own.subject !== base.subject || own.body !== base.body),
  };
}

/** Every kind of mail with the tenant's current and the default text (settings.manage). */
export async function mailTemplates(
  deps: Pick<CommandDeps, 'store'>,
  ctx: Asker,
  tenantId?: string | null,
): Promise<MailTemplateView[]> {
  const id = settingsTenant(ctx, tenantId);
  const state = await loadTenant(deps.store, id);
  return MAIL_KINDS.map((k) => view(k, savedMailTemplate(state, k.kind)));
}

/**
 * The HTML part a mail leaves with, given its subject and text in the tenant's brand (the
 * sender's layout, integrations/mail/compose.ts mailHtml; the composition root hands it in).
 */
export type MailHtmlLayout = (
  subject: string,
  text: string,
  brand: Brand,
  legal: LegalProfile,
) => string;

export interface MailTemplatePreview {
  subject: string;
  text: string;
  /** Null when no layout was handed in. */
  html: string | null;
}

/**
 * The mail a subject and body would give, rendered with the kind's sample values (the brand
 * variable is the tenant's name) exactly as a sent mail is rendered; nothing is written.
 * Refused like saving, so what previews is what can be saved.
 */
export async function previewMailTemplate(
  deps: Pick<CommandDeps, 'store'> & { layout?: MailHtmlLayout },
  ctx: Asker,
  raw: unknown,
): Promise<MailTemplatePreview> {
  const cmd = parseInput(templateInput, raw);
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  checkMailTemplate(cmd.kind, cmd.subject, cmd.body);
  const { brand, legal } = await loadTenant(deps.store, tenantId);
  const mail = renderMail(
    cmd.kind,
    { ...sampleVars(cmd.kind), brand: brand.name },
    { [cmd.kind]: { subject: cmd.subject, body: cmd.body } },
  );
  return {
    subject: mail.subject,
    text: mail.text,
    html: deps.layout ? deps.layout(mail.subject, mail.text, brand, legal) : null,
  };
}
