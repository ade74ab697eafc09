import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { cmd, code, gqlAt, openReseller, signInAt } from '../access/testing.ts';
import { mailsInMailbox } from '../../server/testing/mailbox.ts';

const OP = 'akashone.localhost';
const KN = 'kloudnests.localhost';
const FIELDS =
  '{ kind description variables { name sample } subject body defaultSubject defaultBody customized }';
const LIST = `query($id: ID) { mailTemplates(tenantId: $id) ${FIELDS} }`;
const PREVIEW = `query($input: PreviewMailTemplateInput!) { previewMailTemplate(input: $input) { subject text html } }`;
const SAVE = `mutation($input: SaveMailTemplateInput!) { saveMailTemplate(input: $input) ${FIELDS} }`;
const RESET = `mutation($input: ResetMailTemplateInput!) { resetMailTemplate(input: $input) ${FIELDS} }`;

let t: TestPlatform;
let superAdmin: string;
let reseller: { admin: string; adminEmail: string };

beforeAll(async () => {
  t = await startTestPlatform();
  superAdmin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
  reseller = await openReseller(t, superAdmin, 'kloudnests', KN);
});
afterAll(async () => {
  await t?.close();
});

const templateEvents = async () =>
  Number(
    (
      await t.running.platform.sql`select count(*)::int as n from eventlog.events
        where type in ('MailTemplateSaved', 'MailTemplateReset')`
    )[0]!.n,
  );
const topUp = (list: { kind: string }[]) =>
  list.find((k) => k.kind === 'top-up-approved') as Record<string, unknown>;

describe('Admin → Settings → Mail templates', () => {
  it('lists every kind with its variables and the file’s text, none customized', async () => {
    const res = await gqlAt(t, KN, LIST, {}, reseller.admin);
    expect(res.errors).toBeUndefined();
    const kinds = res.data.mailTemplates;
    expect(kinds.length).toBeGreaterThanOrEqual(20);
    expect(topUp(kinds)).toMatchObject({
      description: 'To the customer: their top-up was approved',
      subject: '{{brand}}: {{amount}} added to your wallet',
      defaultSubject: '{{brand}}: {{amount}} added to your wallet',
      customized: false,
    });
    expect((topUp(kinds).variables as { name: string }[]).map((v) => v.name)).toEqual([
      'brand',
      'name',
      'amount',
      'balance',
    ]);
  });

  it('previews with the sample values in the tenant’s brand: {{7*7}} stays as written, the HTML escapes the text', async () => {
    const res = await gqlAt(
      t,
      KN,
      PREVIEW,
      {
        input: {
          kind: 'top-up-approved',
          subject: 'Top-up for {{name}}: {{amount}}',
          body: 'Hi {{name}}, <b>{{7*7}}</b>\n\nBalance {{balance}}.',
        },
      },
      reseller.admin,
    );
    expect(res.errors).toBeUndefined();
    const preview = res.data.previewMailTemplate;
    expect(preview.subject).toBe('Top-up for Asha Rao: ₹5,000.00');
    expect(preview.text).toBe('Hi Asha Rao, <b>{{7*7}}</b>\n\nBalance ₹7,500.00.');
    expect(preview.html).toContain('Hi Asha Rao, &lt;b&gt;{{7*7}}&lt;/b&gt;');
    expect(preview.html).toContain('>Brand kloudnests<');
    expect(preview.html).toContain('GSTIN: 29AAKCK4021N1Z6');
    expect(preview.html).not.toContain('<b>');
    expect(await templateEvents()).toBe(0);
  });

  it('refuses a placeholder that is not the kind’s variable, or an empty subject, with the field; nothing is written', async () => {
    const unknown = await gqlAt(
      t,
      KN,
      SAVE,
      { input: { commandId: cmd(), kind: 'top-up-approved', subject: 'S', body: 'Hi {{nmae}}' } },
      reseller.admin,
    );
    expect(code(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0].extensions.issues).toEqual([
      {
        path: ['body'],
        message: 'Not a variable of this mail: {{nmae}}. Use one of: brand, name, amount, balance.',
      },
    ]);
    const empty = await gqlAt(
      t,
      KN,
      PREVIEW,
      { input: { kind: 'top-up-approved', subject: '  ', body: 'B' } },
      reseller.admin,
    );
    expect(empty.errors![0].extensions.issues[0].path).toEqual(['subject']);
    const kind = await gqlAt(
      t,
      KN,
      SAVE,
      { input: { commandId: cmd(), kind: 'newsletter', subject: 'S', body: 'B' } },
      reseller.admin,
    );
    expect(kind.errors![0].extensions.issues[0].path).toEqual(['kind']);
    expect(await templateEvents()).toBe(0);
  });

  it('saves a kind (marked customized, the same text again writes nothing) and resets it to the file', async () => {
    const input = {
      kind: 'top-up-approved',
      subject: '{{brand}} wallet: +{{amount}}',
      body: 'Dear {{name}},\r\n\r\n{{7*7}} {{balance}}.\n\n',
    };
    const saved = await gqlAt(
      t,
      KN,
      SAVE,
      { input: { commandId: cmd(), ...input } },
      reseller.admin,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveMailTemplate).toMatchObject({
      subject: '{{brand}} wallet: +{{amount}}',
      body: 'Dear {{name}},\n\n{{7*7}} {{balance}}.',
      customized: true,
    });
    await gqlAt(t, KN, SAVE, { input: { commandId: cmd(), ...input } }, reseller.admin);
    expect(await templateEvents()).toBe(1);
    // The operator's own templates are untouched; its super admin sees the reseller's.
    expect(topUp((await gqlAt(t, OP, LIST, {}, superAdmin)).data.mailTemplates).customized).toBe(
      false,
    );
    expect(
      topUp((await gqlAt(t, OP, LIST, { id: 'kloudnests' }, superAdmin)).data.mailTemplates)
        .customized,
    ).toBe(true);

    const reset = await gqlAt(
      t,
      KN,
      RESET,
      { input: { commandId: cmd(), kind: 'top-up-approved' } },
      reseller.admin,
    );
    expect(reset.data.resetMailTemplate).toMatchObject({
      subject: '{{brand}}: {{amount}} added to your wallet',
      customized: false,
    });
    expect(await templateEvents()).toBe(2);
  });

  it('an account mail leaves in the tenant’s own template, its link still hidden from the outbox', async () => {
    const saved = await gqlAt(
      t,
      KN,
      SAVE,
      {
        input: {
          commandId: cmd(),
          kind: 'reset-password',
          subject: '{{brand}}: new password for {{name}}',
          body: 'Choose it here within {{expiresIn}}:\n{{link}}\n\n{{7*7}}',
        },
      },
      reseller.admin,
    );
    expect(saved.errors).toBeUndefined();
    const asked = await gqlAt(
      t,
      KN,
      'mutation($e: String!) { requestPasswordReset(email: $e) { email } }',
      { e: reseller.adminEmail },
    );
    expect(asked.errors).toBeUndefined();
    const [mail] = await mailsInMailbox(t.running.platform.mail.mailbox!, reseller.adminEmail);
    expect(mail!.subject).toMatch(/^Brand kloudnests: new password for /);
    expect(mail!.text).toMatch(
      /^Choose it here within .+:\nhttps?:\/\/\S+token=\S+\n\n\{\{7\*7\}\}$/,
    );
    const [row] = await t.running.platform.sql`select data->>'text' as text from eventlog.events
      where type = 'MailQueued' and data->>'kind' = 'reset-password' and data->>'to' = ${reseller.adminEmail}`;
    expect(row!.text).toContain('Choose it here');
    expect(row!.text).not.toMatch(/token=/);
  });

  it('another tenant’s templates are refused to a reseller', async () => {
    expect(code(await gqlAt(t, KN, LIST, { id: 'akashone' }, reseller.admin))).toBe('FORBIDDEN');
  });
});
