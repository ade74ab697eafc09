import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../commands/shared/testing/memory-store.ts';
import type { CommandContext } from '../../commands/shared/handler.ts';
import {
  mailSettings,
  sendTestMail,
  updateMailSettings,
} from '../../commands/tenancy/mail-settings.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { tenantStreamId } from '../../domain/tenancy/events.ts';
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startSmtpCatcher,
  type SmtpCatcher,
} from '../../server/testing/smtp-catcher.ts';
import { mailTransports, smtpSettingsFromUrl } from './transports.ts';
import type { OutgoingMessage } from './transport.ts';

const keys = { totp: Buffer.alloc(32, 7) };
const now = () => new Date('2026-04-01T10:00:00.000Z');
const admin = (tenantId: string, n: number): CommandContext => ({
  tenantId,
  actor: { userId: `admin-${tenantId}`, role: 'admin' },
  permissions: ['settings.manage'],
  commandId: `cmd-mail-${tenantId}-${n}`,
});
const mail = (to: string): OutgoingMessage => ({
  mailId: randomUUID(),
  from: { name: 'KloudNests', address: 'billing@kloudnests.in' },
  to,
  subject: 'Hello',
  text: 'Hello',
  date: '2026-04-01T10:00:00.000Z',
});

describe('mail transports per tenant', () => {
  let catcher: SmtpCatcher;
  const store = memoryStore();
  let mailboxDir = '';
  beforeAll(async () => {
    catcher = await startSmtpCatcher();
    mailboxDir = await mkdtemp(path.join(os.tmpdir(), 'transports-'));
    for (const tenantId of ['kloudnests', 'other'])
      await store.append(
        tenantStreamId(tenantId),
        [
          {
            id: randomUUID(),
            type: 'TenantCreated',
            data: { tenantId, brand: {}, legal: {}, topUps: {}, features: [], createdAt: '' },
            metadata: {
              tenantId,
              actor: { userId: 'system', role: 'system' },
              commandId: `create-${tenantId}`,
              occurredAt: '',
              schemaVersion: 1,
            } as never,
          },
        ],
        'no_stream',
      );
  });
  afterAll(() => catcher.close());

  it('the operator’s mailbox until a tenant chooses SMTP; its secrets never shown; empty keeps the password', async () => {
    const deps = { store, now, keys };
    const transports = mailTransports({
      store,
      keys,
      operator: {},
      mailboxDir,
      log: () => {},
    });
    try {
      expect(transports.fallback.name).toBe('mailbox');
      expect(await transports.forTenant('kloudnests')).toBe(transports.fallback);
      await updateMailSettings(deps, admin('kloudnests', 1), {
        transport: 'SMTP',
        smtp: {
          host: '127.0.0.1',
          port: catcher.port,
          tls: 'NONE',
          user: SMTP_USER,
          password: SMTP_PASSWORD,
        },
      });
      const events = await store.readStream(tenantStreamId('kloudnests'));
      expect(JSON.stringify(events.map((e) => e.data))).not.toContain(SMTP_PASSWORD);
      const view = await mailSettings(deps, admin('kloudnests', 0));
      expect(view).toEqual({
        transport: 'SMTP',
        smtp: {
          host: '127.0.0.1',
          port: catcher.port,
          tls: 'NONE',
          user: SMTP_USER,
          passwordSet: true,
        },
        sendgrid: null,
      });
      const smtp = await transports.forTenant('kloudnests');
      expect(smtp.name).toBe('smtp:kloudnests');
      expect(await transports.forTenant('kloudnests')).toBe(smtp);
      expect(await transports.forTenant('other')).toBe(transports.fallback);
      await smtp.deliver(mail('asha@example.in'));
      expect(await catcher.mailsTo('asha@example.in')).toHaveLength(1);

      // A change without the password keeps it: the new transport still logs in.
      await updateMailSettings(deps, admin('kloudnests', 2), {
        transport: 'SMTP',
        smtp: { host: '127.0.0.1', port: catcher.port, tls: 'NONE', user: SMTP_USER, password: '' },
      });
      const port: Parameters<typeof sendTestMail>[0] = {
        send: async (tenantId, to) =>
          (await (await transports.forTenant(tenantId)).deliver(mail(to))) ?? {},
      };
      expect(await sendTestMail(port, admin('kloudnests', 0), { to: 'ravi@example.in' })).toEqual({
        ok: true,
        error: null,
        providerMessageId: expect.any(String),
      });
      catcher.refuseNext(1, 550);
      const refused = await sendTestMail(port, admin('kloudnests', 0), { to: 'ravi@example.in' });
      expect(refused).toMatchObject({ ok: false, providerMessageId: null });
      expect(refused.error).toMatch(/550/);

      // Back to the operator's service: the mailbox again.
      await updateMailSettings(deps, admin('kloudnests', 3), { transport: 'OPERATOR' });
      const back = await transports.forTenant('kloudnests');
      expect(back).toBe(transports.fallback);
      await back.deliver(mail('meera@example.in'));
      expect(await readdir(mailboxDir)).toHaveLength(1);
    } finally {
      await transports.close?.();
    }
  });

  it('bad input is refused with the field; another tenant’s settings need tenants.manage', async () => {
    const deps = { store, now, keys };
    const refusal = async (input: object) => {
      const e = await updateMailSettings(deps, admin('other', 9), input).catch((x) => x);
      expect(e).toBeInstanceOf(DomainError);
      return (e as DomainError).issues.map((i) => i.path.join('.'));
    };
    const smtp = { host: 'smtp.example.com', port: 587, tls: 'STARTTLS', user: '', password: '' };
    expect(await refusal({ transport: 'SMTP', smtp: { ...smtp, port: 70000 } })).toEqual([
      'smtp.port',
    ]);
    expect(await refusal({ transport: 'SMTP', smtp: { ...smtp, host: 'bad host!' } })).toEqual([
      'smtp.host',
    ]);
    expect(await refusal({ transport: 'SENDGRID' })).toEqual(['mail.sendgrid.apiKey']);
    const foreign = await mailSettings(deps, admin('other', 0), 'kloudnests').catch((x) => x);
    expect(foreign).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reads MAIL_SMTP_URL', () => {
    expect(
      smtpSettingsFromUrl('smtp://u%40x:p%3Ass@mail.example.com:2525?starttls=required'),
    ).toEqual({
      host: 'mail.example.com',
      port: 2525,
      tls: 'STARTTLS',
      user: 'u@x',
      password: 'p:ss',
    });
    expect(smtpSettingsFromUrl('smtps://mail.example.com')).toMatchObject({
      port: 465,
      tls: 'TLS',
      user: null,
    });
    expect(() => smtpSettingsFromUrl('http://mail.example.com')).toThrow(/not smtp/);
  });
});
