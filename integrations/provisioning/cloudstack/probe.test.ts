import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModuleError } from '../../../commands/services/module-port.ts';
import { cloudStackProbe } from './probe.ts';
import { startCloudStackDouble, type CloudStackDouble } from './testing/double.ts';

let cloud: CloudStackDouble;
beforeAll(async () => {
  cloud = await startCloudStackDouble();
  cloud.addZone('Mumbai 1', 'zone-mum');
  cloud.addOffering('VPS Pro', 'offering-vps');
  cloud.addTemplate('Ubuntu 24.04', { id: 'template-ubuntu' });
});
afterAll(async () => cloud?.close());

describe('cloudStackProbe', () => {
  it('lists what the CloudStack offers, ids and names', async () => {
    const inventory = await cloudStackProbe().inventory(cloud.config);
    expect(inventory.zones).toContainEqual({ id: 'zone-mum', name: 'Mumbai 1' });
    expect(inventory.offerings).toContainEqual({ id: 'offering-vps', name: 'VPS Pro' });
    expect(inventory.templates).toContainEqual({ id: 'template-ubuntu', name: 'Ubuntu 24.04' });
  });

  it('refuses wrong keys with a ModuleError that is not retryable', async () => {
    const error = await cloudStackProbe()
      .inventory({ ...cloud.config, secretKey: 'not-the-secret' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModuleError);
    expect((error as ModuleError).retryable).toBe(false);
  });
});
