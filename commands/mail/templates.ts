import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mailKind, MAIL_KINDS } from '../../domain/mail/template-kinds.ts';
import { renderTemplate, type TemplateVars } from '../../domain/mail/template.ts';

/** Where the template files live: one per kind, `<kind>.txt`, a "Subject:" line, a blank line, the body. */
export const TEMPLATE_DIR = path.resolve(import.meta.dirname, 'templates');

export interface MailTemplate {
  subject: string;
  body: string;
}

/** A tenant's edits, by kind (absent: the file's text). */
export type TemplateOverrides = Readonly<Record<string, Partial<MailTemplate> | undefined>>;

/** Reads a template file's text: its first line is `Subject: …`, then one blank line, then the body. */
export function parseTemplateFile(kind: string, source: string): MailTemplate {
  const match = /^Subject: ?([^\r\n]*)\r?\n\r?\n([\s\S]*)$/.exec(source);
  if (!match)
    throw new Error(`mail template ${kind}: expected "Subject: …", a blank line, the body`);
  return { subject: match[1]!.trim(), body: match[2]!.replace(/\s+$/, '') };
}

const cache = new Map<string, MailTemplate>();

/** The template as the repository ships it (read once per process). */
export function defaultTemplate(kind: string): MailTemplate {
  mailKind(kind);
  let template = cache.get(kind);
  if (!template) {
    template = parseTemplateFile(
      kind,
      readFileSync(path.join(TEMPLATE_DIR, `${kind}.txt`), 'utf8'),
    );
    cache.set(kind, template);
  }
  return template;
}

/** The template a tenant sends: its override of subject and body where it has one, else the file's. */
export function currentTemplate(kind: string, overrides?: TemplateOverrides): MailTemplate {
  const base = defaultTemplate(kind);
  const own = overrides?.[kind];
  return { subject: own?.subject ?? base.subject, body: own?.body ?? base.body };
}

/** A rendered mail: its kind, a one-line subject and the text body (plain text; HTML comes from compose.ts). */
export interface RenderedMail {
  kind: string;
  subject: string;
  text: string;
}

/**
 * Renders a kind's mail with `vars` (see domain/mail/template.ts: unknown placeholders stay
 * literal) from the tenant's override when given, else from the file. The subject is kept to
 * one line whatever a variable holds.
 */
export function renderMail(
  kind: string,
  vars: TemplateVars,
  overrides?: TemplateOverrides,
): RenderedMail {
  const template = currentTemplate(kind, overrides);
  return {
    kind,
    subject: renderTemplate(template.subject, vars)
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim(),
    text: renderTemplate(template.body, vars),
  };
}

/** Every registered kind has its file (checked by the tests and at start-up if wanted). */
export const allDefaultTemplates = () =>
  MAIL_KINDS.map((k) => ({ ...k, template: defaultTemplate(k.kind) }));
