import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { MoneyError, parseInr, type Dec } from '../../domain/shared/money.ts';

/** Parses command input with zod; refusals become BAD_USER_INPUT with one issue per field. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  throw new DomainError('BAD_USER_INPUT', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), issues);
}

/** Text people type: trimmed, no control characters (they break logs, PDFs and jsonb). */
export const plainText = (max: number, min = 1) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'required' : `at least ${min} characters`)
        .max(max, `at most ${max} characters`)
        .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'contains control characters'),
    );

export const commandId = z
  .string()
  .min(8, 'commandId must be 8–100 characters')
  .max(100, 'commandId must be 8–100 characters')
  .regex(/^[A-Za-z0-9:_-]+$/, 'commandId may use letters, digits, ":", "_" and "-"');

export const uuid = z.string().uuid('must be an id');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID: check ids before they reach a uuid column (a malformed one is a database error). */
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

/** NUL cannot be stored in PostgreSQL text: a string holding one is refused before it reaches SQL. */
export const hasNul = (s: string | null | undefined): boolean => typeof s === 'string' && s.includes('\u0000');

/** An INR amount as a decimal string with at most two decimals. */
export const inrAmount = z.string().transform((s, ctx): Dec => {
  try {
    return parseInr(s);
  } catch (e) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: e instanceof MoneyError ? e.message : 'not an amount' });
    return z.NEVER;
  }
});
