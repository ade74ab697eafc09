import { describe, expect, it } from 'vitest';
import { MAIL_KINDS, sampleVars } from '../../domain/mail/template-kinds.ts';
import { templateVariables } from '../../domain/mail/template.ts';
import { allDefaultTemplates, parseTemplateFile, renderMail } from './templates.ts';

describe('mail templates', () => {
  it('has a file for every registered kind, using only its declared variables', () => {
    for (const { kind, variables, template } of allDefaultTemplates()) {
      const known = variables.map((v) => v.name);
      const used = templateVariables(template.subject + '\n' + template.body);
      expect(
        used.filter((n) => !known.includes(n)),
        kind,
      ).toEqual([]);
      expect(template.subject.length, kind).toBeGreaterThan(0);
    }
    expect(MAIL_KINDS.map((k) => k.kind)).toContain('ticket-staff-reply');
  });

  it('renders a ticket reply from its file, the customer text as written', () => {
    const mail = renderMail('ticket-staff-reply', {
      ...sampleVars('ticket-staff-reply'),
      message: 'Try {{7*7}} <b>now</b>',
    });
    expect(mail.kind).toBe('ticket-staff-reply');
    expect(mail.subject).toBe('KloudNests: new reply on ticket T-1042: Server not reachable');
    expect(mail.text).toContain('Try {{7*7}} <b>now</b>');
    expect(mail.text).toContain('https://kloudnests.example/tickets/1');
  });

  it("renders with the tenant's override and keeps the subject on one line", () => {
    const mail = renderMail(
      'ticket-opened',
      { ...sampleVars('ticket-opened'), subject: 'two\nlines' },
      { 'ticket-opened': { subject: 'Ticket {{ticketNumber}}: {{subject}}' } },
    );
    expect(mail.subject).toBe('Ticket T-1042: two lines');
    expect(mail.text).toContain('We received your ticket T-1042');
  });

  it('refuses an unknown kind and a malformed file', () => {
    expect(() => renderMail('nope', {})).toThrow(/unknown mail kind/);
    expect(() => parseTemplateFile('x', 'no subject line')).toThrow(/Subject/);
  });
});
