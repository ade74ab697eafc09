import { hkdfSync } from 'node:crypto';
import type { Settings } from './config.ts';
import {
  ModuleError,
  type CloudStackConfig,
  type ServicePorts,
} from '../commands/services/module-port.ts';

/**
 * The key that seals service credentials in events: derived (HKDF-SHA256) from the key that
 * seals authenticator secrets in keys.json (backed up with it), under its own label, so neither
 * opens the other's secrets.
 */
export const servicesKey = (keys: { totp: Buffer }) =>
  Buffer.from(hkdfSync('sha256', keys.totp, Buffer.alloc(0), 'service credentials v1', 32));

/** The operator's CloudStack from the environment, when all three settings are given. */
export function environmentCloudStack(settings: Settings): CloudStackConfig | null {
  const { CLOUDSTACK_API_URL: apiUrl, CLOUDSTACK_API_KEY: apiKey } = settings;
  const secretKey = settings.CLOUDSTACK_SECRET_KEY;
  return apiUrl && apiKey && secretKey ? { apiUrl, apiKey, secretKey } : null;
}

/** What the services commands, resolvers and the provisioning worker get from the composition root. */
export function servicePorts(settings: Settings, keys: { totp: Buffer }): ServicePorts {
  const unavailable = () => {
    throw new ModuleError('NOT_CONFIGURED', 'CloudStack is not set up for this tenant', false);
  };
  return {
    sealKey: servicesKey(keys),
    environmentCloudStack: environmentCloudStack(settings),
    modules: { moduleFor: async () => unavailable() },
    cloudStack: { inventory: async () => unavailable() },
  };
}
