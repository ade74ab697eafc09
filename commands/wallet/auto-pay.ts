import { z } from 'zod';
import { DomainError, badInput } from '../../domain/shared/decider.ts';
import { loadCustomer } from '../orders/order-context.ts';
import { walletDecider, type WalletState } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import type { Position } from '../../eventstore/types.ts';
import { requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';

const autoPaySchema = z.object({
  commandId,
  enabled: z.boolean({ message: 'Must be true or false.' }),
  customerId: uuid.nullish().transform((c) => c ?? null),
});

export interface AutoPayResult {
  customerId: string;
  autoPay: boolean;
  position: Position | null;
}

/**
 * Whether renewal invoices are paid from the wallet by themselves (on until the customer turns
 * it off): the account holder or a team member with account.billing for their own wallet, staff
 * with billing.manage for the customer they name. The same choice again writes nothing.
 */
export async function setAutoPay(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<AutoPayResult> {
  const cmd = parseInput(autoPaySchema, { ...(input as object), commandId: ctx.commandId });
  let customerId: string;
  if (ctx.actor.role === 'admin' || ctx.actor.role === 'system') {
    requirePermission(ctx, 'billing.manage');
    if (cmd.customerId === null)
      throw badInput('customerId', 'Name the customer whose wallet it is.');
    // A customer of this tenant (another tenant's is refused as unknown).
    await loadCustomer(deps.store, ctx.tenantId, cmd.customerId);
    customerId = cmd.customerId;
  } else {
    customerId = requireAccountPermission(ctx, 'account.billing');
    if (cmd.customerId !== null && cmd.customerId !== customerId)
      throw new DomainError('FORBIDDEN', 'You may only set auto-pay on your own wallet.');
  }
  const result = await handleCommand(deps, ctx, {
    streamId: walletStreamId(customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'SetAutoPay' as const,
      customerId,
      enabled: cmd.enabled,
      setBy: ctx.actor.userId,
      now,
    }),
  });
  return {
    customerId,
    autoPay: (result.state as WalletState).autoPay,
    position: result.position,
  };
}
