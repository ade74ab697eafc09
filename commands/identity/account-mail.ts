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
}

/**
 * Mails about an account, queued as the command's own next step. The mail's id comes from the
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
  const queued = await queueMail(
    deps,
    {
      tenantId: cause.metadata.tenantId,
      actor: { userId: 'system', role: 'system' },
      commandId,
      correlationId: cause.metadata.correlationId,
      causationId: cause.id,
    },
    { mailId: uuidFrom(commandId), to, ...mail, causedBy: cause.id },
  );
  return queued.position;
}

export const brandName = async (deps: CommandDeps, tenantId: string) =>
  (await loadTenant(deps.store, tenantId)).brand.name;

/** A moment for a mail, in Indian time, e.g. "1 Apr 2026, 15:30 IST". */
export const mailTime = (iso: string) =>
  `${new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))} IST`;
const sign = (brand: string) => `\n\n— ${brand}`;
const hours = (minutes: number) =>
  minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;

/** The texts. Plain text only: nothing a person typed is interpreted, names are shown as given. */
export const accountMails = {
  verifyEmail: (brand: string, name: string, link: string, minutes: number): AccountMail => ({
    kind: 'verify-email',
    secrets: [link],
    subject: `${brand}: confirm your email address`,
    text: `Hello ${name},\n\nPlease confirm your email address to finish creating your ${brand} account:\n\n${link}\n\nThe link works once and expires in ${hours(minutes)}. If you did not sign up, ignore this mail.${sign(brand)}`,
  }),
  alreadyRegistered: (
    brand: string,
    name: string,
    signInLink: string,
    resetLink: string,
  ): AccountMail => ({
    kind: 'already-registered',
    secrets: [],
    subject: `${brand}: someone tried to sign up with your email`,
    text: `Hello ${name},\n\nSomeone (perhaps you) tried to create a ${brand} account with this email address, but you already have one.\n\nSign in: ${signInLink}\nForgot your password? ${resetLink}\n\nIf it was not you, you need not do anything: your account is unchanged.${sign(brand)}`,
  }),
  resetPassword: (brand: string, name: string, link: string, minutes: number): AccountMail => ({
    kind: 'reset-password',
    secrets: [link],
    subject: `${brand}: reset your password`,
    text: `Hello ${name},\n\nSomeone asked to reset the password of your ${brand} account. To choose a new password, open:\n\n${link}\n\nThe link works once and expires in ${hours(minutes)}. If you did not ask, ignore this mail: your password stays as it is.${sign(brand)}`,
  }),
  passwordChanged: (brand: string, name: string, resetLink: string): AccountMail => ({
    kind: 'password-changed',
    secrets: [],
    subject: `${brand}: your password was changed`,
    text: `Hello ${name},\n\nThe password of your ${brand} account was just changed, and every other session was signed out.\n\nIf this was not you, reset your password now: ${resetLink}${sign(brand)}`,
  }),
  twoFactorChanged: (brand: string, name: string, enabled: boolean): AccountMail => ({
    kind: enabled ? 'two-factor-on' : 'two-factor-off',
    secrets: [],
    subject: `${brand}: two-factor authentication ${enabled ? 'turned on' : 'turned off'}`,
    text: `Hello ${name},\n\nTwo-factor authentication was just turned ${enabled ? 'on' : 'off'} for your ${brand} account.${enabled ? ' Keep your recovery codes somewhere safe: each works once if you lose your phone.' : ''}\n\nIf this was not you, reset your password and contact support.${sign(brand)}`,
  }),
  /** `when` as people read it; `staff` are held at their next sign-in to set it up again. */
  twoFactorReset: (
    brand: string,
    name: string,
    when: string,
    securityLink: string,
    supportEmail: string,
    staff: boolean,
  ): AccountMail => ({
    kind: 'two-factor-reset',
    secrets: [],
    subject: `${brand}: two-factor authentication was turned off by support`,
    text: `Hello ${name},\n\nOur support team turned off two-factor authentication for your ${brand} account on ${when}. Your authenticator app and your recovery codes no longer work for this account, and every session was signed out.\n\n${
      staff
        ? 'At your next sign-in you will be asked to set up an authenticator again before you can continue.'
        : `You can sign in with your password alone now. Please turn two-factor authentication on again: ${securityLink}`
    }\n\nIf you did not ask for this, contact support at once (${supportEmail}) and reset your password.${sign(brand)}`,
  }),
  lockedOut: (
    brand: string,
    name: string,
    failures: number,
    minutes: number,
    resetLink: string,
  ): AccountMail => ({
    kind: 'locked-out',
    secrets: [],
    subject: `${brand}: sign-in to your account is paused`,
    text: `Hello ${name},\n\nThere were ${failures} failed attempts to sign in to your ${brand} account within an hour, so we paused sign-in for ${hours(minutes)}.\n\nIf this was you, wait or reset your password (that lifts the pause): ${resetLink}\nIf it was not, your password was not accepted; consider turning on two-factor authentication.${sign(brand)}`,
  }),
};
