import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/decider.ts';
import { tenantStreamId, type Brand, type LegalProfile } from '../../domain/tenancy/events.ts';
import { memoryStore } from '../shared/testing/memory-store.ts';
import {
  mailTemplates,
  previewMailTemplate,
  resetMailTemplate,
  saveMailTemplate,
} from './mail-templates.ts';

function platform() {
  const store = memoryStore();
  store.write(tenantStreamId('kloudnests'), [
    {
      id: randomUUID(),
      type: 'TenantCreated',
      data: {
        tenantId: 'kloudnests',
        brand: { name: 'KloudNests' } as Brand,
        legal: { companyName: 'KloudNests Pvt Ltd' } as LegalProfile,
        topUps: {},
        features: [],
        createdAt: '2026-12-04T10:00:00.000Z',
      },
      metadata: {
        tenantId: 'kloudnests',
        actor: { userId: 'system', role: 'system' },
        commandId: 'seed:kloudnests',
        correlationId: 'seed',
        causationId: 'seed',
        occurredAt: '2026-12-04T10:00:00.000Z',
        schemaVersion: 1,
      },
    },
  ]);
  return { store, now: () => new Date('2026-12-04T12:00:00.000Z') };
}
const admin = (permissions = ['settings.manage']) => ({
  tenantId: 'kloudnests',
  actor: { userId: 'admin-1', role: 'admin' as const },
  commandId: randomUUID(),
  permissions,
});
const kind = 'top-up-approved';
const templateEvents = (store: ReturnType<typeof platform>['store']) =>
  (store.streams.get(tenantStreamId('kloudnests')) ?? []).filter((e) =>
    e.type.startsWith('MailTemplate'),
  );

async function refusal(run: () => Promise<unknown>) {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('mail template commands', () => {
  it('save keeps the subject trimmed and the text with \\n line breaks and no trailing blanks; the list shows it customized', async () => {
    const deps = platform();
    const r = await saveMailTemplate(deps, admin(), {
      kind,
      subject: '  {{brand}}: +{{amount}}  ',
      body: 'Hi {{name}},\r\n\r\n{{7*7}}\r\n  \n',
    });
    expect(r).toEqual({ tenantId: 'kloudnests', kind, changed: true });
    expect(templateEvents(deps.store).map((e) => e.data)).toEqual([
      expect.objectContaining({
        kind,
        subject: '{{brand}}: +{{amount}}',
        body: 'Hi {{name}},\n\n{{7*7}}',
      }),
    ]);
    const listed = (await mailTemplates(deps, admin())).find((t) => t.kind === kind)!;
    expect(listed).toMatchObject({ subject: '{{brand}}: +{{amount}}', customized: true });
    expect(listed.defaultSubject).toBe('{{brand}}: {{amount}} added to your wallet');

    expect((await resetMailTemplate(deps, admin(), { kind })).changed).toBe(true);
    expect((await resetMailTemplate(deps, admin(), { kind })).changed).toBe(false);
    expect((await mailTemplates(deps, admin())).find((t) => t.kind === kind)!.customized).toBe(
      false,
    );
  });

  it('saving the file’s own text is stored but not shown as customized', async () => {
    const deps = platform();
    const base = (await mailTemplates(deps, admin())).find((t) => t.kind === kind)!;
    await saveMailTemplate(deps, admin(), {
      kind,
      subject: base.defaultSubject,
      body: base.defaultBody,
    });
    expect((await mailTemplates(deps, admin())).find((t) => t.kind === kind)!.customized).toBe(
      false,
    );
  });

  it('refuses control and invisible characters with the field, and writes nothing', async () => {
    const deps = platform();
    const nul = await refusal(() =>
      saveMailTemplate(deps, admin(), { kind, subject: 'S', body: 'a\u0000b' }),
    );
    expect(nul.issues).toEqual([{ path: ['body'], message: 'Remove the control characters.' }]);
    const bidi = await refusal(() =>
      previewMailTemplate(deps, admin(), { kind, subject: 'exe.\u202egpj', body: 'B' }),
    );
    expect(bidi.issues[0]!.path).toEqual(['subject']);
    expect(templateEvents(deps.store)).toEqual([]);
  });

  it('the preview renders with the samples and the tenant’s brand; the layout makes the HTML part', async () => {
    const deps = platform();
    const preview = await previewMailTemplate(
      {
        ...deps,
        layout: (subject, text, brand, legal) =>
          `${brand.name}|${legal.companyName}|${subject}|${text}`,
      },
      admin(),
      { kind, subject: '{{brand}} for {{name}}', body: '{{amount}} {{7*7}}' },
    );
    expect(preview).toEqual({
      subject: 'KloudNests for Asha Rao',
      text: '₹5,000.00 {{7*7}}',
      html: 'KloudNests|KloudNests Pvt Ltd|KloudNests for Asha Rao|₹5,000.00 {{7*7}}',
    });
    expect(
      (await previewMailTemplate(deps, admin(), { kind, subject: 'S', body: 'B' })).html,
    ).toBeNull();
  });

  it('needs settings.manage; another tenant needs tenants.manage on the operator', async () => {
    const deps = platform();
    expect((await refusal(() => mailTemplates(deps, admin([])))).code).toBe('FORBIDDEN');
    expect(
      (await refusal(() => saveMailTemplate(deps, admin([]), { kind, subject: 'S', body: 'B' })))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await refusal(() => resetMailTemplate(deps, admin(), { kind, tenantId: 'akashone' }))).code,
    ).toBe('FORBIDDEN');
    expect(templateEvents(deps.store)).toEqual([]);
  });
});
