import { ModuleError, type ProvisioningModule } from '../../commands/services/module-port.ts';

/**
 * The MANUAL module: staff build the server themselves and enter it in the Provision dialog.
 * It can do nothing on a server, so it offers no actions and refuses every operation with a
 * `MANUAL` error that is never retryable (asking again will not make it able to).
 */
export function manualModule(): ProvisioningModule {
  const refuse = (what: string) => async (): Promise<never> => {
    throw new ModuleError(
      'MANUAL',
      `this server is managed by hand: ${what} is done by staff outside the platform`,
      false,
    );
  };
  return {
    name: 'MANUAL',
    actions: [],
    deploy: async () => {
      throw new ModuleError(
        'MANUAL',
        'this server is managed by hand: staff build it and enter its details in the Provision dialog',
        false,
      );
    },
    start: refuse('starting it'),
    stop: refuse('stopping it'),
    reboot: refuse('rebooting it'),
    resetPassword: refuse('resetting its password'),
    createSnapshot: refuse('taking a snapshot'),
    listSnapshots: refuse('listing snapshots'),
    revertSnapshot: refuse('reverting to a snapshot'),
    deleteSnapshot: refuse('deleting a snapshot'),
    destroy: refuse('destroying it'),
    // No `resize`: a plan change of a manual server is applied by staff (Apply by hand).
  };
}
