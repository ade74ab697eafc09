/**
 * The mail template engine: plain text with placeholders, nothing more (issue 14).
 *
 * - `{{name}}` and `{{a.b}}` are replaced by the variable's value when the variable is known
 *   (an own property holding a string, or an object for a dotted path); anything else between
 *   braces (`{{7*7}}`, `{{constructor}}`, an unknown name) stays as written.
 * - `{{#if name}}…{{else}}…{{/if}}` (the else part optional, no nesting) keeps the first part when
 *   the variable is a non-empty string, the second otherwise; on an unknown name it stays as written.
 * - Values are inserted once and never read as template text: a customer's `{{link}}` stays literal.
 * - No code runs, no prototype is read (Object.hasOwn at every step). The output is text; HTML
 *   escaping is the HTML layout's job (integrations/mail/compose.ts), never done here.
 */

/** Variables: strings, or groups of them for dotted names (`{{customer.name}}`). */
export type TemplateVars = { readonly [name: string]: string | TemplateVars };

const PATH = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*`;
const TOKEN = new RegExp(
  String.raw`\{\{#if\s+(${PATH})\s*\}\}([\s\S]*?)\{\{\/if\}\}|\{\{\s*(${PATH})\s*\}\}`,
  'g',
);
const ELSE = /\{\{else\}\}/;

/** The value at `path`, or undefined when it is not a known variable. */
function lookup(vars: TemplateVars, path: string): string | TemplateVars | undefined {
  let at: string | TemplateVars = vars;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
    at = (at as TemplateVars)[part]!;
  }
  return at;
}

/** The template with its known variables filled in (see the module comment). Never throws. */
export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(
    TOKEN,
    (whole, ifPath: string | undefined, body: string | undefined, path: string | undefined) => {
      if (ifPath !== undefined) {
        const value = lookup(vars, ifPath);
        if (typeof value !== 'string') return whole;
        const [then, otherwise = ''] = splitElse(body ?? '');
        return renderTemplate(value !== '' ? then : otherwise, vars);
      }
      const value = lookup(vars, path!);
      return typeof value === 'string' ? value : whole;
    },
  );
}

function splitElse(body: string): [string, string?] {
  const match = ELSE.exec(body);
  return match ? [body.slice(0, match.index), body.slice(match.index + match[0].length)] : [body];
}

/** Every variable name the template refers to (placeholders and #if sections), in order, once each. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(TOKEN)) {
    names.add((match[1] ?? match[3])!);
    if (match[2] !== undefined)
      for (const inner of templateVariables(match[2].replace(ELSE, ' '))) names.add(inner);
  }
  return [...names];
}

/** The names the template uses that are not among `known` (shown as a warning, not refused). */
export const unknownVariables = (template: string, known: readonly string[]) =>
  templateVariables(template).filter((name) => !known.includes(name));
