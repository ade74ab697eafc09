import { describe, expect, it } from 'vitest';
import { ModuleError } from '../../commands/services/module-port.ts';
import { manualModule } from './manual.ts';

describe('the MANUAL module', () => {
  const module = manualModule();
  const spec = {
    tenantId: 'akashone',
    serviceId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    hostname: 'web1.example.in',
    zoneId: 'z',
    serviceOfferingId: 'o',
    templateId: 't',
  };

  it('offers no actions', () => {
    expect(module).toMatchObject({ name: 'MANUAL', actions: [] });
  });

  it.each([
    ['deploy', () => module.deploy(spec), 'Provision dialog'],
    ['start', () => module.start('vm'), 'starting it'],
    ['stop', () => module.stop('vm'), 'stopping it'],
    ['reboot', () => module.reboot('vm'), 'rebooting it'],
    ['resetPassword', () => module.resetPassword('vm'), 'resetting its password'],
    ['createSnapshot', () => module.createSnapshot('vm', 'x'), 'taking a snapshot'],
    ['listSnapshots', () => module.listSnapshots('vm'), 'listing snapshots'],
    ['revertSnapshot', () => module.revertSnapshot('vm', 's'), 'reverting to a snapshot'],
    ['deleteSnapshot', () => module.deleteSnapshot('vm', 's'), 'deleting a snapshot'],
    ['destroy', () => module.destroy('vm'), 'destroying it'],
  ] as const)(
    'refuses %s, for good, saying the server is managed by hand',
    async (_, call, what) => {
      const error = await (call as () => Promise<unknown>)().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModuleError);
      expect(error).toMatchObject({ code: 'MANUAL', retryable: false });
      expect((error as Error).message).toMatch(/^this server is managed by hand: /);
      expect((error as Error).message).toContain(what);
    },
  );
});
