import * as ops from '$lib/graphql/generated/operations';

/* The mail settings' operations (mail-settings.graphql) and their results. */
export type MailSettings = ops.MailSettingsFieldsFragment;
export type MailTransportChoice = MailSettings['transport'];
export type TestMailResult = ops.SendTestMailMutation['sendTestMail'];

export const MailSettingsQuery = ops.MailSettingsDocument;
export const UpdateMailSettingsMutation = ops.UpdateMailSettingsDocument;
export const SendTestMailMutation = ops.SendTestMailDocument;

/** The form's fields; secrets start empty (empty keeps the stored one). */
export interface MailSettingsForm {
  transport: MailTransportChoice;
  host: string;
  port: number;
  tls: 'NONE' | 'STARTTLS' | 'TLS';
  user: string;
  password: string;
  apiKey: string;
}

export function mailForm(s: MailSettings): MailSettingsForm {
  return {
    transport: s.transport,
    host: s.smtp?.host ?? '',
    port: s.smtp?.port ?? 587,
    tls: s.smtp?.tls ?? 'STARTTLS',
    user: s.smtp?.user ?? '',
    password: '',
    apiKey: '',
  };
}

/** The mutation's input for the chosen transport only. */
export function mailInput(f: MailSettingsForm, tenantId: string | null) {
  return {
    tenantId,
    transport: f.transport,
    ...(f.transport === 'SMTP'
      ? {
          smtp: {
            host: f.host.trim(),
            port: f.port,
            tls: f.tls,
            user: f.user.trim(),
            password: f.password || null,
          },
        }
      : {}),
    ...(f.transport === 'SENDGRID' ? { sendgrid: { apiKey: f.apiKey || null } } : {}),
  };
}
