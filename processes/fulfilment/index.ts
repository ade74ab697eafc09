import type { IssueCommand } from '../../commands/invoices/clearing.ts';
import { handleCommand, type CommandDeps } from '../../commands/shared/handler.ts';
import {
  cancellationCreditProcess,
  orderFulfilmentProcess,
  retrySweep,
  serviceCreationProcess,
  type CreateServices,
  type DueRetries,
} from './reactors.ts';
import type { ProcessManager } from '../invoicing/reactors.ts';

export { retrySweep, type CreateServices, type DueRetries } from './reactors.ts';

/**
 * The fulfilment process managers on the platform's store (the composition root gives the
 * services commands' `createServicesForOrder` and the read model's due retries).
 */
export function fulfilmentReactors(
  deps: CommandDeps,
  ports: {
    createServices: CreateServices;
    dueRetries: DueRetries;
    log?: (msg: string, extra?: object) => void;
  },
): ProcessManager[] {
  const issue: IssueCommand = (ctx, spec) => handleCommand(deps, ctx, spec);
  return [
    serviceCreationProcess(ports.createServices),
    orderFulfilmentProcess(issue, deps.store),
    cancellationCreditProcess(issue, deps.store),
    retrySweep(issue, ports.dueRetries, deps.now, ports.log ? { log: ports.log } : {}),
  ];
}
