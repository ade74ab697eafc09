import { renderMail } from '../mail/templates.ts';
import { loadTemplateOverrides } from '../mail/template-overrides.ts';
import type { Position, RecordedEvent } from '../../eventstore/types.ts';
import { queueMail, type MailDeps } from '../mail/queue-mail.ts';
import type { CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { loadTenant } from '../shared/tenant.ts';

/** A mail about an account: its template, texts and the secrets (links with tokens) it carries. */
export interface AccountMail {
  kind: string;
  subject: string;
  text: string;
  secrets: readonly string[];
  /** The template's variables, rendered again with the tenant's own template when it is queued. */
  vars: Readonly<Record<string, string>>;
}

/**
 * Mails about an account, queued as the command's own next step, in the tenant's own template
 * of the kind when it has one (commands/mail/template-overrides.ts). The mail's id comes from the
 * event that caused it, so a retried command queues it once. Its secrets never reach the
 * outbox: see commands/mail/queue-mail.ts.
 */
export async function queueAccountMail(
  deps: MailDeps,
  cause: RecordedEvent,
  to: string,
  mail: AccountMail,
): Promise<Position | null> {
  const commandId = `mail:${cause.id}`;
  const { vars, ...rest } = mail;
  const overrides = await loadTemplateOverrides(deps, cause.metadata.tenantId);
  const { subject, text } = renderMail(mail.kind, vars, overrides);
  const queued = await queueMail(
    deps,
    {
      tenantId: cause.metadata.tenantId,
      actor: { userId: 'system', role: 'system' },
      commandId,
      correlationId: cause.metadata.correlationId,
      causationId: cause.id,
    },
    { mailId: uuidFrom(commandId), to, ...rest, subject, text, causedBy: cause.id },
  );
  return queued.position;
}

export const brandName = async (deps: CommandDeps, tenantId: string) =>
  (await loadTenant(deps.store, tenantId)).brand.name;

/** A moment for a mail, in Indian time, e.g. "1 Apr 2026, 15:30 IST". */
export const mailTime = (iso: string) =>
  `${new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))} IST`;
const hours = (minutes: number) =>
  minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;

const render = (
  kind: string,
  secrets: readonly string[],
  vars: Record<string, string>,
): AccountMail => ({
  ...renderMail(kind, vars),
  secrets,
  vars,
});

/** The texts, from commands/mail/templates/. Plain text only: nothing a person typed is interpreted, names are shown as given. */
export const accountMails = {
  verifyEmail: (brand: string, name: string, link: string, minutes: number): AccountMail =>
    render('verify-email', [link], { brand, name, link, expiresIn: hours(minutes) }),
  alreadyRegistered: (
    brand: string,
    name: string,
    signInLink: string,
    resetLink: string,
  ): AccountMail => render('already-registered', [], { brand, name, signInLink, resetLink }),
  resetPassword: (brand: string, name: string, link: string, minutes: number): AccountMail =>
    render('reset-password', [link], { brand, name, link, expiresIn: hours(minutes) }),
  passwordChanged: (brand: string, name: string, resetLink: string): AccountMail =>
    render('password-changed', [], { brand, name, resetLink }),
  twoFactorChanged: (brand: string, name: string, enabled: boolean): AccountMail =>
    render(enabled ? 'two-factor-on' : 'two-factor-off', [], { brand, name }),
  /** `when` as people read it; `staff` are held at their next sign-in to set it up again. */
  twoFactorReset: (
    brand: string,
    name: string,
    when: string,
    securityLink: string,
    supportEmail: string,
    staff: boolean,
  ): AccountMail =>
    render('two-factor-reset', [], {
      brand,
      name,
      when,
      securityLink,
      supportEmail,
      staff: staff ? 'yes' : '',
    }),
  lockedOut: (
    brand: string,
    name: string,
    failures: number,
    minutes: number,
    resetLink: string,
  ): AccountMail =>
    render('locked-out', [], {
      brand,
      name,
      failures: String(failures),
      pauseFor: hours(minutes),
      resetLink,
    }),
};
