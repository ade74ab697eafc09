import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import type { CommandContext } from '../shared/handler.ts';
import { commandId, parseInput, plainText } from '../shared/validate.ts';
import { runAccountCommand, type AccountDeps } from './account-deps.ts';

/** Optional text: blank becomes null, so "no company" is one value, not two. */
const optionalText = (max: number) =>
  z
    .union([plainText(max, 0), z.null()])
    .optional()
    .transform((v) => (v ? v : null));

const addressSchema = z.object({
  line1: plainText(120),
  line2: optionalText(120),
  city: plainText(60),
  stateCode: z
    .string()
    .trim()
    .regex(/^\d{2}$/, 'Choose a state.'),
  postalCode: plainText(12),
  country: z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code, e.g. IN.'))
    .default('IN'),
});

const profileSchema = z.object({
  commandId,
  name: plainText(120),
  company: optionalText(120),
  phone: optionalText(20),
  address: addressSchema
    .nullable()
    .optional()
    .transform((a) => a ?? null),
  // People paste GSTINs with spaces and in lower case; the check character decides the rest.
  gstin: z
    .union([z.string().max(40, 'A GSTIN has 15 characters.'), z.null()])
    .optional()
    .transform((g) => (g ? g.replace(/\s+/g, '').toUpperCase() || null : null)),
});

/**
 * Updates one's billing profile (name, company, phone, address with state, GSTIN). The rules
 * (state codes, PIN codes, GSTIN check character and state) are the domain's; an unchanged
 * profile writes nothing.
 */
export async function updateProfile(deps: AccountDeps, ctx: CommandContext, input: unknown) {
  if (ctx.actor.role !== 'customer' && ctx.actor.role !== 'admin')
    throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  const p = parseInput(profileSchema, input);
  const { commandId: _id, ...profile } = p;
  return runAccountCommand(deps, ctx, ctx.actor.userId, (now) => ({
    type: 'UpdateProfile',
    ...profile,
    now,
  }));
}
