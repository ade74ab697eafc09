import { storeNumberingReads, type IssueCommand } from '../../commands/invoices/clearing.ts';
import { handleCommand, type CommandDeps } from '../../commands/shared/handler.ts';
import {
  numberingProcess,
  orderPaymentProcess,
  refundProcess,
  type ProcessManager,
} from './reactors.ts';

export type { ProcessManager } from './reactors.ts';

/**
 * The invoicing process managers on the platform's store, for an area's `reactors`
 * (server/areas: `reactors: (deps) => invoicingReactors(deps)`; `deps` is its ReactorDeps, of
 * which they need the store and the clock).
 */
export function invoicingReactors(deps: CommandDeps): ProcessManager[] {
  const issue: IssueCommand = (ctx, spec) => handleCommand(deps, ctx, spec);
  const reads = storeNumberingReads(deps.store);
  return [numberingProcess(issue, reads), orderPaymentProcess(issue), refundProcess(issue)];
}
