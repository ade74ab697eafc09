import { createHash } from 'node:crypto';
import {
  ModuleError,
  type ModuleDirectory,
  type ProvisioningModule,
} from '../../commands/services/module-port.ts';
import {
  cloudStackClient,
  type CloudStackClient,
  type CloudStackClientOptions,
  type CloudStackConfig,
} from './cloudstack/client.ts';
import { cloudStackModule, type CloudStackModuleOptions } from './cloudstack/module.ts';
import { manualModule } from './manual.ts';

/**
 * The modules of each tenant. `resolveCloudStack` gives the tenant's CloudStack settings (the
 * composition root opens the sealed keys from the tenant's settings, or takes the operator's
 * CLOUDSTACK_API_URL / _KEY / _SECRET_KEY), or null when it has none. It is asked on every
 * call, so changed keys take effect at once; one client is kept per tenant and configuration.
 */
export interface ModuleDirectoryOptions {
  client?: CloudStackClientOptions;
  module?: CloudStackModuleOptions;
  /** For tests: how a client is made (default cloudStackClient). */
  createClient?: (config: CloudStackConfig, options?: CloudStackClientOptions) => CloudStackClient;
}

export function moduleDirectory(
  resolveCloudStack: (tenantId: string) => Promise<CloudStackConfig | null>,
  options: ModuleDirectoryOptions = {},
): ModuleDirectory {
  const manual = manualModule();
  const createClient = options.createClient ?? cloudStackClient;
  const cache = new Map<string, { key: string; module: ProvisioningModule }>();

  return {
    async moduleFor(tenantId, name) {
      if (name === 'MANUAL') return manual;
      const config = await resolveCloudStack(tenantId);
      if (!config) {
        throw new ModuleError(
          'CLOUDSTACK_NOT_CONFIGURED',
          `tenant ${tenantId} has no CloudStack API settings (URL, API key and secret key)`,
          false,
        );
      }
      // A changed URL, key or secret (rotated in the settings) gets a new client.
      const key = [
        config.apiUrl,
        config.apiKey,
        createHash('sha256').update(config.secretKey).digest('hex'),
      ].join('\n');
      const cached = cache.get(tenantId);
      if (cached?.key === key) return cached.module;
      const module = cloudStackModule(createClient(config, options.client), options.module);
      cache.set(tenantId, { key, module });
      return module;
    },
  };
}
