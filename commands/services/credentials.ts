import { z } from 'zod';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';
import type { Position } from '../../eventstore/types.ts';
import type { ServiceCredentialsRevealed } from '../../domain/services/events.ts';
import { applyToService, authorizeService, openCredential } from './service-context.ts';

const revealSchema = z.object({ commandId, serviceId: uuid });

export interface RevealedCredentials {
  serviceId: string;
  sshUsername: string;
  sshPassword: string | null;
  sshPort: number;
  controlPanelUrl: string | null;
  controlPanelUsername: string | null;
  controlPanelPassword: string | null;
  revealedAt: string;
  position: Position | null;
}

/**
 * Opens a service's credentials for the owner, a team member with account.services, or staff
 * with services.credentials, and records who saw them (ServiceCredentialsRevealed, with the
 * admin behind an impersonated customer). Another account's or tenant's service: NOT_FOUND.
 * The passwords are opened before the reveal is recorded, and never written anywhere.
 */
export async function revealServiceCredentials(
  deps: CommandDeps & { sealKey: Buffer },
  ctx: CommandContext,
  input: unknown,
): Promise<RevealedCredentials> {
  const cmd = parseInput(revealSchema, { ...(input as object), commandId: ctx.commandId });
  const { service, as } = await authorizeService(deps, ctx, cmd.serviceId, {
    staff: 'services.credentials',
    account: 'account.services',
  });
  const opened = (sealed: string | null | undefined) =>
    sealed ? openCredential(deps.sealKey, cmd.serviceId, sealed) : null;
  const sshPassword = opened(service.ssh?.passwordSealed);
  const controlPanelPassword = opened(service.controlPanel?.passwordSealed);
  const result = await applyToService(deps, ctx, cmd.serviceId, (now) => ({
    type: 'RevealCredentials',
    revealedBy: ctx.actor.userId,
    as,
    impersonatedBy: ctx.actor.impersonatorId ?? null,
    now,
  }));
  const revealed = result.events.find((e) => e.type === 'ServiceCredentialsRevealed');
  // The decider reveals only a provisioned service (ACTIVE or SUSPENDED), which has its login.
  const ssh = result.state.ssh!;
  return {
    serviceId: cmd.serviceId,
    sshUsername: ssh.username,
    sshPassword,
    sshPort: ssh.port,
    controlPanelUrl: result.state.controlPanel?.url ?? null,
    controlPanelUsername: result.state.controlPanel?.username ?? null,
    controlPanelPassword,
    revealedAt:
      (revealed?.data as ServiceCredentialsRevealed['data'] | undefined)?.revealedAt ??
      deps.now().toISOString(),
    position: result.position,
  };
}
