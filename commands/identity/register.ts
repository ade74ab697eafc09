import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  emailReservationDecider,
  normaliseEmail,
  userDecider,
} from '../../domain/identity/user.ts';
import { userStreamId, type UserRole } from '../../domain/identity/events.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { parseInput, plainText } from '../shared/validate.ts';
import { hashPassword } from './passwords.ts';

export const passwordSchema = z
  .string()
  .min(12, 'Use at least 12 characters.')
  .max(128, 'Use at most 128 characters.');

const registerSchema = z.object({
  email: z.string().trim().email('Enter a valid email address.').max(254),
  name: plainText(120),
  password: passwordSchema,
  role: z.enum(['customer', 'admin']),
  staffRole: z.string().max(60).optional(),
  mustChangePassword: z.boolean().optional(),
});

export const emailStreamId = (tenantId: string, email: string) =>
  `email-${createHash('sha256')
    .update(`${tenantId}:${normaliseEmail(email)}`)
    .digest('hex')
    .slice(0, 40)}`;

/**
 * Creates an account. The email is reserved first on its own stream (expected: no stream), so
 * two registrations with one email cannot both succeed, whatever the read models say.
 */
export async function registerUser(
  deps: CommandDeps & { bcryptCost: number },
  ctx: CommandContext,
  input: unknown,
) {
  const cmd = parseInput(registerSchema, input);
  const userId = uuidFrom(`user:${ctx.tenantId}:${ctx.commandId}`);
  await handleCommand(deps, ctx, {
    streamId: emailStreamId(ctx.tenantId, cmd.email),
    decider: emailReservationDecider,
    command: () => ({ type: 'ReserveEmail' as const, email: cmd.email, userId }),
  });
  const passwordHash = await hashPassword(cmd.password, deps.bcryptCost);
  const result = await handleCommand(deps, ctx, {
    streamId: userStreamId(userId),
    decider: userDecider,
    command: (now) => ({
      type: 'RegisterUser' as const,
      userId,
      email: cmd.email,
      name: cmd.name,
      role: cmd.role as UserRole,
      staffRole: cmd.staffRole,
      passwordHash,
      ...(cmd.mustChangePassword ? { mustChangePassword: true } : {}),
      now,
    }),
    // A fresh salt per call: the password is not part of what a retry must repeat.
    perAttempt: { passwordHash: undefined },
  });
  return { ...result, userId };
}
