import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { badInput, DomainError } from '../../domain/shared/decider.ts';
import { parseInput } from '../shared/validate.ts';
import {
  loadAccount,
  runAccountCommand,
  selfContext,
  type AccountDeps,
  type Client,
} from './account-deps.ts';
import { linkTokenUser, tokenHash } from './account-tokens.ts';
import { guardAddress, noteFailure } from './failures.ts';
import { accountKey } from './throttle.ts';

const tokenSchema = z.object({
  token: z
    .string()
    .trim()
    .min(1, 'The link has no token; open the link from the mail.')
    .max(200, 'This link is not valid.'),
});

/**
 * Follows a confirmation link. A wrong, used or expired link is refused with what to do, counts
 * as a failure of the address (link guessing) and of the account it names, and writes nothing.
 */
export async function verifyEmail(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
) {
  const { token } = parseInput(tokenSchema, input);
  await guardAddress(deps, client, deps.now());
  const userId = linkTokenUser(token);
  const account = userId ? await loadAccount(deps.store, tenantId, userId) : null;
  const key = account ? accountKey(tenantId, account.email!) : null;
  try {
    if (!account)
      throw badInput(
        'token',
        'This confirmation link is not valid; check that you copied all of it, or ask for a new one.',
      );
    const result = await runAccountCommand(
      deps,
      selfContext(tenantId, userId!, account.role!, `verify-email:${randomUUID()}`),
      userId!,
      (now) => ({
        type: 'VerifyEmail',
        tokenHash: tokenHash(token),
        now,
      }),
    );
    return { email: account.email!, position: result.position };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'BAD_USER_INPUT')
      await noteFailure(deps, tenantId, 'token', { key, account }, client, null);
    throw e;
  }
}
