/**
 * Input shapes the services commands share (zod: a bad field is BAD_USER_INPUT naming it). The
 * rules that say what a valid IP address, host name or port is are the decider's; these check
 * the shape and the sizes, and seal the passwords before anything is decided.
 */
import { z } from 'zod';
import type { ControlPanelAccess, SshAccess } from '../../domain/services/events.ts';
import { plainText } from '../shared/validate.ts';
import { sealCredential } from './service-context.ts';

/** A password as typed: any printable text, no control characters (they break terminals and logs). */
export const password = z
  .string()
  .min(1, 'Required.')
  .max(128, 'At most 128 characters.')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Contains control characters.');

export const sshInput = z.object({
  username: plainText(64),
  password,
  port: z.number({ message: 'Must be a port number.' }).int('Must be a whole number.'),
});
export type SshInput = z.infer<typeof sshInput>;

export const controlPanelInput = z.object({
  url: plainText(300),
  username: plainText(100),
  password,
});
export type ControlPanelInput = z.infer<typeof controlPanelInput>;

export const ipAddressesInput = z
  .array(plainText(45), { message: 'Give the IP addresses.' })
  .max(16, 'At most 16 addresses.');

export const reasonInput = plainText(500);

export const notesInput = plainText(2000, 0)
  .nullish()
  .transform((n) => n ?? '');

export const sealSsh = (key: Buffer, serviceId: string, ssh: SshInput): SshAccess => ({
  username: ssh.username,
  port: ssh.port,
  passwordSealed: sealCredential(key, serviceId, ssh.password),
});

export const sealControlPanel = (
  key: Buffer,
  serviceId: string,
  panel: ControlPanelInput | null,
): ControlPanelAccess | null =>
  panel && {
    url: panel.url,
    username: panel.username,
    passwordSealed: sealCredential(key, serviceId, panel.password),
  };

/**
 * What stands for sealed credentials in a command's hash: a sealed password differs on every
 * attempt (a fresh IV), and the password itself must not be hashed into event metadata.
 */
export const credentialsStandIn = <T extends { passwordSealed: string | null } | null>(a: T) =>
  a && { ...a, passwordSealed: a.passwordSealed === null ? null : 'sealed' };
