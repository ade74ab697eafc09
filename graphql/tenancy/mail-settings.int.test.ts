import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startSmtpCatcher,
  type SmtpCatcher,
} from '../../server/testing/smtp-catcher.ts';
import { cmd, code, gqlAt, openReseller, signInAt } from '../access/testing.ts';

const OP = 'akashone.localhost';
const KN = 'kloudnests.localhost';
const FIELDS = '{ transport smtp { host port tls user passwordSet } sendgrid { apiKeySet } }';
const READ = `query($id: ID) { mailSettings(tenantId: $id) ${FIELDS} }`;
const UPDATE = `mutation($input: UpdateMailSettingsInput!) { updateMailSettings(input: $input) ${FIELDS} }`;
const TEST = `mutation($input: SendTestMailInput!) { sendTestMail(input: $input) { ok error providerMessageId } }`;

let t: TestPlatform;
let catcher: SmtpCatcher;
let superAdmin: string;
let reseller: { admin: string };

beforeAll(async () => {
  catcher = await startSmtpCatcher();
  t = await startTestPlatform();
  superAdmin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
  reseller = await openReseller(t, superAdmin, 'kloudnests', KN);
});
afterAll(async () => {
  await t?.close();
  await catcher?.close();
});

describe('Admin → Settings → Mail', () => {
  it('a reseller chooses its SMTP server; the password is never returned nor in the log in clear; a test mail goes through it', async () => {
    const smtp = { host: '127.0.0.1', port: catcher.port, tls: 'NONE', user: SMTP_USER };
    const saved = await gqlAt(
      t,
      KN,
      UPDATE,
      {
        input: { commandId: cmd(), transport: 'SMTP', smtp: { ...smtp, password: SMTP_PASSWORD } },
      },
      reseller.admin,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.updateMailSettings).toEqual({
      transport: 'SMTP',
      smtp: { ...smtp, passwordSet: true },
      sendgrid: null,
    });
    const log = await t.running.platform
      .sql`select data::text as d from eventlog.events where type = 'TenantMailSettingsUpdated'`;
    expect(log.map((r) => r.d).join('')).not.toContain(SMTP_PASSWORD);

    // Saved again without the password: the stored one is kept and still logs in.
    await gqlAt(
      t,
      KN,
      UPDATE,
      { input: { commandId: cmd(), transport: 'SMTP', smtp } },
      reseller.admin,
    );
    const sent = await gqlAt(t, KN, TEST, { input: { to: 'asha@example.in' } }, reseller.admin);
    expect(sent.data.sendTestMail).toEqual({
      ok: true,
      error: null,
      providerMessageId: expect.any(String),
    });
    const [mail] = await catcher.mailsTo('asha@example.in');
    expect(mail!.subject).toMatch(/test mail/);

    catcher.refuseNext(1, 550);
    const refused = await gqlAt(t, KN, TEST, { input: { to: 'asha@example.in' } }, reseller.admin);
    expect(refused.data.sendTestMail.ok).toBe(false);
    expect(refused.data.sendTestMail.error).toMatch(/550/);

    // The operator's own tenant still uses the operator's service (the mailbox in tests).
    expect((await gqlAt(t, OP, READ, {}, superAdmin)).data.mailSettings.transport).toBe('OPERATOR');
  });

  it('a bad port is refused with its field, and nothing is written', async () => {
    const res = await gqlAt(
      t,
      KN,
      UPDATE,
      {
        input: {
          commandId: cmd(),
          transport: 'SMTP',
          smtp: { host: 'smtp.example.com', port: 70000, tls: 'STARTTLS', user: '' },
        },
      },
      reseller.admin,
    );
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions.issues ?? res.errors![0].extensions.fields).toBeDefined();
    expect(JSON.stringify(res.errors)).toMatch(/port/);
    expect((await gqlAt(t, KN, READ, {}, reseller.admin)).data.mailSettings.smtp.host).toBe(
      '127.0.0.1',
    );
  });

  it('another tenant cannot read them; the operator’s super admin can, without the secret', async () => {
    const foreign = await gqlAt(t, KN, READ, { id: 'akashone' }, reseller.admin);
    expect(code(foreign)).toBe('FORBIDDEN');
    const op = await gqlAt(t, OP, READ, { id: 'kloudnests' }, superAdmin);
    expect(op.data.mailSettings.smtp.passwordSet).toBe(true);
    expect(JSON.stringify(op.data)).not.toContain(SMTP_PASSWORD);
  });
});
