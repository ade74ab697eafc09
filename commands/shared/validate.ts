import { z } from 'zod';
import { DomainError, fieldsMessage } from '../../domain/shared/decider.ts';
import { MoneyError, parseInr, type Dec } from '../../domain/shared/money.ts';

/** zod's own messages ("Required", "Expected string, received number") as sentences with a full stop. */
const sentences: z.ZodErrorMap = (issue, ctx) => {
  const { message } = z.defaultErrorMap(issue, ctx);
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return { message: /[.?!]$/.test(sentence) ? sentence : `${sentence}.` };
};

/** Parses command input with zod; refusals become BAD_USER_INPUT with one issue per field. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input, { errorMap: sentences });
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  throw new DomainError(
    'BAD_USER_INPUT',
    issues.some((i) => i.path.length === 0)
      ? issues.map((i) => i.message).join(' ')
      : fieldsMessage(issues),
    issues,
  );
}

/**
 * Characters that show nothing but change what text means or how it reads: zero-width spaces and
 * joiners, the soft hyphen, the BOM and the bidirectional controls (U+202E turns "gpj.exe" into
 * "exe.jpg"). A name or reference holding one can pass for another (`ad\u200bmin`).
 */
const INVISIBLE =
  /[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** Non-Latin letters and marks: scripts such as Malayalam or Devanagari spell with ZWNJ/ZWJ between them. */
const JOINED = /[^\p{ASCII}](?<=[\p{L}\p{M}])/u;

/** True when the text holds an invisible or bidirectional control; ZWNJ/ZWJ pass only between two letters of such a script. */
export function hasHiddenCharacters(s: string): boolean {
  if (INVISIBLE.test(s)) return true;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\u200c' && s[i] !== '\u200d') continue;
    if (!JOINED.test(s[i - 1] ?? '') || !JOINED.test(s[i + 1] ?? '')) return true;
  }
  return false;
}

/** Text people type: trimmed, no control characters (they break logs, PDFs and jsonb), nothing hidden. */
export const plainText = (max: number, min = 1) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'Required.' : `At least ${min} characters.`)
        .max(max, `At most ${max} characters.`)
        // Control characters are matched on purpose: free text that carries them is refused.
        .refine(
          // eslint-disable-next-line no-control-regex
          (s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s),
          'Contains control characters.',
        )
        .refine((s) => !hasHiddenCharacters(s), 'Contains invisible or text-direction characters.'),
    );

export const commandId = z
  .string()
  .min(8, 'The commandId must be 8–100 characters.')
  .max(100, 'The commandId must be 8–100 characters.')
  .regex(/^[A-Za-z0-9:_-]+$/, 'The commandId may use letters, digits, ":", "_" and "-".');

export const uuid = z.string().uuid('Must be an id.');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID: check ids before they reach a uuid column (a malformed one is a database error). */
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

/** NUL cannot be stored in PostgreSQL text: a string holding one is refused before it reaches SQL. */
export const hasNul = (s: string | null | undefined): boolean =>
  typeof s === 'string' && s.includes('\u0000');

/** An INR amount as a decimal string with at most two decimals. */
export const inrAmount = z.string().transform((s, ctx): Dec => {
  try {
    return parseInr(s);
  } catch (e) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: e instanceof MoneyError ? e.message : 'Not an amount.',
    });
    return z.NEVER;
  }
});
