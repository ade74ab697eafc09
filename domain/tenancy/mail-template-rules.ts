import { DomainError } from '../shared/decider.ts';
import { MAIL_KINDS, type MailKind } from '../mail/template-kinds.ts';
import { templateVariables } from '../mail/template.ts';

export const MAX_TEMPLATE_SUBJECT = 200;
export const MAX_TEMPLATE_BODY = 20_000;

const refuse = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', message, [{ path: [field], message }]);

/** The registry's entry for a kind a tenant names, or a field error (never a throw of mailKind's). */
export function tenantMailKind(kind: string): MailKind {
  const found = MAIL_KINDS.find((k) => k.kind === kind);
  if (!found) throw refuse('kind', `"${kind.slice(0, 40)}" is not a kind of mail.`);
  return found;
}

const SECTION = /\{\{#if\s+[^}]*\}\}([\s\S]*?)\{\{\/if\}\}/g;
const STRAY = /\{\{\s*(#if\b[^}]*|\/if|else)\s*\}\}/;

/**
 * Sections as the engine reads them (domain/mail/template.ts): `{{#if name}}…{{/if}}`, one level.
 * A section left open, a stray `{{/if}}` or `{{else}}`, or one section inside another would be
 * sent as written, so they are refused rather than mailed to customers.
 */
function checkSections(field: string, text: string): void {
  let nested = false;
  const outside = text.replace(SECTION, (_whole, inner: string) => {
    if (STRAY.test(inner.replace(/\{\{else\}\}/, ''))) nested = true;
    return '';
  });
  if (nested) throw refuse(field, 'A {{#if …}} section cannot hold another one.');
  const stray = STRAY.exec(outside);
  if (stray)
    throw refuse(
      field,
      stray[1]!.startsWith('#if')
        ? 'Close the {{#if …}} section with {{/if}}.'
        : `The closing {{${stray[1]!.trim()}}} has no {{#if …}} section to belong to.`,
    );
}

/**
 * Placeholders (`{{name}}`, `{{#if name}}`) must name one of the kind's variables: a misspelt
 * name would otherwise reach customers as `{{nmae}}`. Text between braces that is not a
 * variable name, such as `{{7*7}}`, is no placeholder: it is kept and sent as written.
 */
function checkVariables(field: string, text: string, kind: MailKind): void {
  const known = kind.variables.map((v) => v.name);
  const unknown = templateVariables(text).filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw refuse(
      field,
      `Not a variable of this mail: ${unknown.map((n) => `{{${n}}}`).join(', ')}. Use one of: ${known.join(', ')}.`,
    );
}

/**
 * Variables that carry a secret (a link with a token) are marked `secret` in the registry: the
 * sender seals them in the text, but a subject is shown to staff as it is, so they may only
 * stand in the body.
 */
function checkSecretsStayInBody(subject: string, kind: MailKind): void {
  const secret = kind.variables.filter((v) => v.secret).map((v) => v.name);
  const used = templateVariables(subject).filter((name) => secret.includes(name));
  if (used.length > 0)
    throw refuse(
      'subject',
      `A secret is carried by ${used.map((n) => `{{${n}}}`).join(', ')}: use it in the text, not the subject.`,
    );
}

/** A tenant's subject and body for `kind`, checked; the first problem is refused with its field. */
export function checkMailTemplate(kind: string, subject: string, body: string): void {
  const entry = tenantMailKind(kind);
  if (subject.trim().length === 0) throw refuse('subject', 'Give the subject.');
  if (subject.length > MAX_TEMPLATE_SUBJECT)
    throw refuse('subject', `Keep the subject to ${MAX_TEMPLATE_SUBJECT} characters.`);
  if (/[\r\n]/.test(subject)) throw refuse('subject', 'Keep the subject to one line.');
  if (body.trim().length === 0) throw refuse('body', 'Give the text of the mail.');
  if (body.length > MAX_TEMPLATE_BODY) throw refuse('body', 'Keep the text to 20,000 characters.');
  checkSections('subject', subject);
  checkVariables('subject', subject, entry);
  checkSecretsStayInBody(subject, entry);
  checkSections('body', body);
  checkVariables('body', body, entry);
}
