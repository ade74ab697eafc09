import { describe, expect, it } from 'vitest';
import { ModuleError } from '../../commands/services/module-port.ts';
import { cloudStackClient, type CloudStackConfig } from './cloudstack/client.ts';
import { moduleDirectory } from './directory.ts';

describe('the module directory', () => {
  const configs = new Map<string, CloudStackConfig>([
    ['akashone', { apiUrl: 'https://cloud.akashone.in/client/api', apiKey: 'k1', secretKey: 's1' }],
    [
      'kloudnests',
      { apiUrl: 'https://cs.kloudnests.in/client/api', apiKey: 'k2', secretKey: 's2' },
    ],
  ]);
  const made: CloudStackConfig[] = [];
  const directory = moduleDirectory(async (tenantId) => configs.get(tenantId) ?? null, {
    createClient: (config, options) => {
      made.push(config);
      return cloudStackClient(config, options);
    },
  });

  it('gives the manual module for MANUAL services, configured or not', async () => {
    const manual = await directory.moduleFor('no-cloud', 'MANUAL');
    expect(manual).toMatchObject({ name: 'MANUAL', actions: [] });
    expect(made).toEqual([]);
  });

  it('keeps one CloudStack client per tenant and configuration', async () => {
    const a = await directory.moduleFor('akashone', 'CLOUDSTACK');
    expect(a.name).toBe('CLOUDSTACK');
    expect(await directory.moduleFor('akashone', 'CLOUDSTACK')).toBe(a);
    const b = await directory.moduleFor('kloudnests', 'CLOUDSTACK');
    expect(b).not.toBe(a);
    expect(made.map((c) => c.apiKey)).toEqual(['k1', 'k2']);

    // A rotated secret in the tenant's settings gets a new client on the next call.
    configs.set('akashone', { ...configs.get('akashone')!, secretKey: 's1-rotated' });
    const rotated = await directory.moduleFor('akashone', 'CLOUDSTACK');
    expect(rotated).not.toBe(a);
    expect(made.at(-1)!.secretKey).toBe('s1-rotated');
    expect(await directory.moduleFor('akashone', 'CLOUDSTACK')).toBe(rotated);
  });

  it('refuses CLOUDSTACK for a tenant without settings, not retryable', async () => {
    const error = await directory.moduleFor('no-cloud', 'CLOUDSTACK').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModuleError);
    expect(error).toMatchObject({ code: 'CLOUDSTACK_NOT_CONFIGURED', retryable: false });
  });
});
