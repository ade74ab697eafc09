import { z } from 'zod';
import { DomainError, notFound } from '../../domain/shared/decider.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { sniffProofType } from '../../domain/wallet/proof-type.ts';
import { cryptoTopUpsOffered } from '../../domain/wallet/payment-methods.ts';
import type { FileStorage } from './file-storage.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, inrAmount, parseInput, plainText, uuid } from '../shared/validate.ts';
import { requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import { checkDuplicateConfirmation } from '../../domain/wallet/duplicate-reference.ts';
import { indexReference, loadRequest, repeatedRequests } from './reference-index.ts';

export interface WalletDeps extends CommandDeps {
  files: FileStorage;
  maxUploadBytes: number;
  /**
   * Which customer's wallet holds a top-up. A top-up id is random, so it cannot name its wallet
   * stream: the composition root answers from the read model (projections/wallet/queries.ts).
   */
  findTopUpOwner(tenantId: string, topUpId: string): Promise<string | null>;
}

const requestSchema = z.object({
  commandId,
  amount: inrAmount,
  method: z.enum(['BANK_TRANSFER', 'CRYPTO']),
  reference: plainText(100).pipe(
    z.string().regex(/^[A-Za-z0-9 ./:_#-]+$/, 'Use letters, digits and - / . : _ #.'),
  ),
  proof: z.object({
    fileName: plainText(200),
    contentType: z.enum(['image/png', 'image/jpeg', 'image/webp', 'application/pdf'], {
      errorMap: () => ({ message: 'The proof must be a PNG, JPEG or WebP image, or a PDF.' }),
    }),
    base64: z
      .string()
      .min(1, 'Required.')
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Not base64.'),
  }),
});

/** Customer: "I paid, here is the proof" — stores the proof, records a pending request. */
export async function requestTopUp(deps: WalletDeps, ctx: CommandContext, input: unknown) {
  // A team member with billing rights adds funds to the account they work for.
  const customerId = requireAccountPermission(ctx, 'account.billing');
  const cmd = parseInput(requestSchema, { ...(input as object), commandId: ctx.commandId });
  // Decoded size is checked before decoding a huge string into memory.
  if (Math.floor((cmd.proof.base64.length * 3) / 4) > deps.maxUploadBytes + 3)
    throw tooLarge(deps.maxUploadBytes);
  const bytes = Buffer.from(cmd.proof.base64, 'base64');
  if (bytes.length > deps.maxUploadBytes) throw tooLarge(deps.maxUploadBytes);
  const sniffed = sniffProofType(bytes);
  if (!sniffed || sniffed !== cmd.proof.contentType) {
    throw new DomainError(
      'BAD_USER_INPUT',
      'The proof is not a valid PNG, JPEG, WebP or PDF file.',
      [
        {
          path: ['proof', 'contentType'],
          message: 'The file content is not a PNG, JPEG, WebP or PDF of the stated type.',
        },
      ],
    );
  }
  const tenant = await loadTenant(deps.store, ctx.tenantId);
  // The customer is part of the id: two customers may well pick the same commandId.
  const topUpId = uuidFrom(`topup:${ctx.tenantId}:${ctx.actor.userId}:${ctx.commandId}`);
  const sha256 = await deps.files.put(ctx.tenantId, bytes);
  const proof = { sha256, fileName: cmd.proof.fileName, contentType: sniffed, size: bytes.length };
  const result = await handleCommand(deps, ctx, {
    streamId: walletStreamId(customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'RequestTopUp' as const,
      topUpId,
      customerId,
      amount: cmd.amount,
      method: cmd.method,
      reference: cmd.reference,
      proof,
      limits: { min: tenant.topUps.minAmount, max: tenant.topUps.maxAmount },
      cryptoEnabled: cryptoTopUpsOffered(tenant.topUps, tenant.features),
      now,
    }),
    // The tenant's settings as read now: a retry after they change is still the same request.
    perAttempt: { limits: undefined, cryptoEnabled: undefined },
  });
  // After the request (the truth); an approval indexes it too, should this step be lost.
  const indexed = await indexReference(deps, ctx, {
    reference: cmd.reference,
    topUpId,
    customerId,
  });
  return { ...result, position: indexed.position ?? result.position, topUpId };
}

const decideSchema = z.object({ commandId, topUpId: uuid });
const approveSchema = decideSchema.extend({ confirmDuplicateOf: z.array(uuid).max(50).nullish() });
const rejectSchema = decideSchema.extend({
  reason: plainText(500).pipe(z.string().min(3, 'Give a reason the customer can act on.')),
});

/** Admin: the money arrived; credit the wallet. Decided once, even under concurrent clicks. */
export async function approveTopUp(deps: WalletDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'wallet.approve');
  const cmd = parseInput(approveSchema, { ...(input as object), commandId: ctx.commandId });
  const customerId = await ownerOf(deps, ctx, cmd.topUpId);
  const confirmed = cmd.confirmDuplicateOf ? [...new Set(cmd.confirmDuplicateOf)].sort() : null;
  const request = await loadRequest(deps, customerId, cmd.topUpId);
  // A decided request goes straight to the decider: a retry gets its first answer, a second decision its CONFLICT.
  if (request?.status === 'PENDING') {
    await indexReference(deps, ctx, {
      reference: request.reference,
      topUpId: cmd.topUpId,
      customerId,
    });
    checkDuplicateConfirmation(
      request.reference,
      await repeatedRequests(deps, ctx, cmd.topUpId, request.reference),
      confirmed,
    );
  }
  const result = await handleCommand(deps, ctx, {
    streamId: walletStreamId(customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'ApproveTopUp' as const,
      topUpId: cmd.topUpId,
      approvedBy: ctx.actor.userId,
      ...(confirmed ? { confirmedDuplicateOf: confirmed } : {}),
      now,
    }),
  });
  return { ...result, topUpId: cmd.topUpId };
}

/** Admin: no such payment arrived; the customer is told why. */
export async function rejectTopUp(deps: WalletDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'wallet.approve');
  const cmd = parseInput(rejectSchema, { ...(input as object), commandId: ctx.commandId });
  const customerId = await ownerOf(deps, ctx, cmd.topUpId);
  const result = await handleCommand(deps, ctx, {
    streamId: walletStreamId(customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'RejectTopUp' as const,
      topUpId: cmd.topUpId,
      reason: cmd.reason,
      rejectedBy: ctx.actor.userId,
      now,
    }),
  });
  return { ...result, topUpId: cmd.topUpId };
}

async function ownerOf(deps: WalletDeps, ctx: CommandContext, topUpId: string): Promise<string> {
  const customerId = await deps.findTopUpOwner(ctx.tenantId, topUpId);
  if (!customerId) throw notFound(`top-up ${topUpId}`);
  return customerId;
}

const tooLarge = (max: number) =>
  new DomainError(
    'BAD_USER_INPUT',
    `The proof is larger than ${Math.round(max / 1024 / 1024)} MB.`,
    [
      {
        path: ['proof', 'base64'],
        message: `The file must be at most ${Math.round(max / 1024 / 1024)} MB.`,
      },
    ],
  );
