import { describe, expect, it } from 'vitest';
import { DomainError, fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import { renderTemplate } from '../mail/template.ts';
import { sampleVars } from '../mail/template-kinds.ts';
import type { Brand, LegalProfile, TenantEvent, TopUpSettings } from './events.ts';
import { tenantDecider, type TenantStreamCommand } from './tenant.ts';

const given = specFor(tenantDecider);
const now = '2026-12-04T10:00:00.000Z';
const created: TenantEvent = {
  type: 'TenantCreated',
  data: {
    tenantId: 'kloudnests',
    brand: { name: 'KloudNests' } as Brand,
    legal: {} as LegalProfile,
    topUps: {} as TopUpSettings,
    features: [],
    createdAt: now,
  },
};
const save = (subject: string, body: string, kind = 'top-up-approved'): TenantStreamCommand => ({
  type: 'SaveMailTemplate',
  kind,
  subject,
  body,
  now,
});
const saved = (subject: string, body: string, kind = 'top-up-approved'): TenantEvent => ({
  type: 'MailTemplateSaved',
  data: { tenantId: 'kloudnests', kind, subject, body, savedAt: now },
});
const reset = (kind = 'top-up-approved'): TenantEvent => ({
  type: 'MailTemplateReset',
  data: { tenantId: 'kloudnests', kind, resetAt: now },
});

/** The refusal's field and message. */
function refusal(command: TenantStreamCommand, history: TenantEvent[] = [created]) {
  try {
    tenantDecider.decide(command, fold(tenantDecider, history));
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const error = e as DomainError;
    expect(error.code).toBe('BAD_USER_INPUT');
    return { field: error.issues.map((i) => i.path.join('.')), message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('mail templates', () => {
  it("saves a kind's subject and body; the same text again records nothing", () => {
    const subject = '{{brand}}: {{amount}} is in';
    const body = 'Hi {{name}}, {{7*7}} {{#if balance}}now {{balance}}{{else}}—{{/if}}.';
    given([created])
      .when(save(subject, body))
      .then([saved(subject, body)]);
    given([created, saved(subject, body)])
      .when(save(subject, body))
      .then([]);
    // A new subject over the same text, or new text under the same subject, is a change.
    given([created, saved(subject, body)])
      .when(save('{{brand}}: top-up of {{amount}}', body))
      .then([saved('{{brand}}: top-up of {{amount}}', body)]);
    given([created, saved(subject, body)])
      .when(save(subject, 'Hi {{name}}.'))
      .then([saved(subject, 'Hi {{name}}.')]);
    given([created, saved(subject, body)])
      .when(save(subject, `${body}!`))
      .then([saved(subject, `${body}!`)]);
    const state = fold(tenantDecider, [
      created,
      saved(subject, body),
      saved('A', 'B', 'two-factor-on'),
    ]);
    expect(state.mailTemplates).toEqual({
      'top-up-approved': { subject, body },
      'two-factor-on': { subject: 'A', body: 'B' },
    });
  });

  it('resets a customized kind to the file; a kind never customized records nothing', () => {
    given([created, saved('A', 'B')])
      .when({ type: 'ResetMailTemplate', kind: 'top-up-approved', now })
      .then([reset()]);
    given([created]).when({ type: 'ResetMailTemplate', kind: 'top-up-approved', now }).then([]);
    given([created, saved('A', 'B'), reset()])
      .when({ type: 'ResetMailTemplate', kind: 'top-up-approved', now })
      .then([]);
    const state = fold(tenantDecider, [
      created,
      saved('A', 'B'),
      saved('C', 'D', 'two-factor-on'),
      reset(),
    ]);
    expect(state.mailTemplates).toEqual({ 'two-factor-on': { subject: 'C', body: 'D' } });
  });

  it('refuses a kind the platform does not send, on the kind field', () => {
    expect(refusal(save('A', 'B', 'newsletter'))).toEqual({
      field: ['kind'],
      message: '"newsletter" is not a kind of mail.',
    });
    // A long name is quoted cut to 40 characters.
    expect(refusal(save('A', 'B', 'x'.repeat(500))).message).toBe(
      `"${'x'.repeat(40)}" is not a kind of mail.`,
    );
    expect(refusal(save('A', 'B', '__proto__')).field).toEqual(['kind']);
    expect(refusal({ type: 'ResetMailTemplate', kind: 'constructor', now }).field).toEqual([
      'kind',
    ]);
  });

  it('refuses a subject that is empty, longer than 200 characters or on more than one line', () => {
    expect(refusal(save('  ', 'B'))).toEqual({ field: ['subject'], message: 'Give the subject.' });
    expect(refusal(save('x'.repeat(201), 'B'))).toEqual({
      field: ['subject'],
      message: 'Keep the subject to 200 characters.',
    });
    given([created])
      .when(save('x'.repeat(200), 'B'))
      .then([saved('x'.repeat(200), 'B')]);
    expect(refusal(save('A\nB', 'B')).message).toBe('Keep the subject to one line.');
    expect(refusal(save('A\rB', 'B')).field).toEqual(['subject']);
  });

  it('refuses a body that is empty or longer than 20,000 characters', () => {
    expect(refusal(save('A', ' \n '))).toEqual({
      field: ['body'],
      message: 'Give the text of the mail.',
    });
    expect(refusal(save('A', 'x'.repeat(20_001)))).toEqual({
      field: ['body'],
      message: 'Keep the text to 20,000 characters.',
    });
    given([created])
      .when(save('A', 'x'.repeat(20_000)))
      .then([saved('A', 'x'.repeat(20_000))]);
  });

  it("refuses a placeholder that is not one of the kind's variables, naming every one", () => {
    expect(refusal(save('{{brand}} {{amout}}', 'B'))).toEqual({
      field: ['subject'],
      message: 'Not a variable of this mail: {{amout}}. Use one of: brand, name, amount, balance.',
    });
    expect(
      refusal(save('A', 'Hi {{ nmae }}, {{customer.name}} {{#if ticket}}x{{/if}}')).message,
    ).toMatch(
      /^Not a variable of this mail: \{\{nmae\}\}, \{\{customer\.name\}\}, \{\{ticket\}\}\./,
    );
    // Another kind's variable is not this kind's.
    expect(refusal(save('A', '{{hostname}}')).field).toEqual(['body']);
  });

  it('keeps a secret link out of the subject (staff read subjects in the outbox)', () => {
    expect(refusal(save('{{link}} (Reset).', 'Use {{link}}.', 'reset-password'))).toEqual({
      field: ['subject'],
      message: 'A secret is carried by {{link}}: use it in the text, not the subject.',
    });
    given([created])
      .when(save('Reset for {{name}}', 'Use {{link}}.', 'reset-password'))
      .then([saved('Reset for {{name}}', 'Use {{link}}.', 'reset-password')]);
    // A link that is no secret may stand in the subject.
    given([created])
      .when(save('{{link}}', 'B', 'service-welcome'))
      .then([saved('{{link}}', 'B', 'service-welcome')]);
  });

  it('keeps text between braces that is no variable name, such as {{7*7}}: it renders as written', () => {
    const body = 'Hi {{name}}: {{7*7}}, {{ }}, {{constructor.name!}}, {{{name}}}.';
    given([created])
      .when(save('{{7*7}}', body))
      .then([saved('{{7*7}}', body)]);
    expect(renderTemplate(body, sampleVars('top-up-approved'))).toBe(
      'Hi Asha Rao: {{7*7}}, {{ }}, {{constructor.name!}}, {Asha Rao}.',
    );
  });

  it('refuses a section left open, a stray {{/if}} or {{else}}, or a section inside another', () => {
    expect(refusal(save('A', '{{#if name}}Hi')).message).toBe(
      'Close the {{#if …}} section with {{/if}}.',
    );
    expect(refusal(save('A', 'Hi{{/if}}')).message).toBe(
      'The closing {{/if}} has no {{#if …}} section to belong to.',
    );
    expect(refusal(save('A {{else}}', 'B')).field).toEqual(['subject']);
    // The field is the one that holds the section, and the stray tag is named as written.
    expect(refusal(save('A', 'B {{ else }}'))).toEqual({
      field: ['body'],
      message: 'The closing {{else}} has no {{#if …}} section to belong to.',
    });
    // An {{else}} inside a section belongs to it; a section after a section is no nesting.
    given([created])
      .when(save('A', '{{#if name}}a{{else}}b{{/if}} {{#if amount}}c{{/if}}'))
      .then([saved('A', '{{#if name}}a{{else}}b{{/if}} {{#if amount}}c{{/if}}')]);
    expect(refusal(save('A', '{{#if name}}{{else}}{{else}}{{/if}}')).message).toBe(
      'A {{#if …}} section cannot hold another one.',
    );
    expect(refusal(save('A', '{{#if name}}{{#if amount}}x{{/if}}{{/if}}')).message).toBe(
      'A {{#if …}} section cannot hold another one.',
    );
  });

  it('acts only on a tenant that exists', () => {
    given([]).when(save('A', 'B')).thenRefuses('NOT_FOUND');
    given([])
      .when({ type: 'ResetMailTemplate', kind: 'top-up-approved', now })
      .thenRefuses('NOT_FOUND');
  });
});
