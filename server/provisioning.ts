import type { Settings } from './config.ts';
import type { EventStore } from '../eventstore/types.ts';
import type { CloudStackConfig, ServicePorts } from '../commands/services/module-port.ts';
import { openCloudStackSecret, servicesKey } from '../commands/services/service-context.ts';
import { loadProvisioningSettings } from '../commands/services/create-services.ts';
import { OPERATOR_TENANT_ID } from '../domain/tenancy/events.ts';
import {
  moduleDirectory,
  type ModuleDirectoryOptions,
} from '../integrations/provisioning/directory.ts';
import { cloudStackProbe } from '../integrations/provisioning/cloudstack/probe.ts';

/** The operator's CloudStack from the environment, when all three settings are given. */
export function environmentCloudStack(settings: Settings): CloudStackConfig | null {
  const { CLOUDSTACK_API_URL: apiUrl, CLOUDSTACK_API_KEY: apiKey } = settings;
  const secretKey = settings.CLOUDSTACK_SECRET_KEY;
  return apiUrl && apiKey && secretKey ? { apiUrl, apiKey, secretKey } : null;
}

/**
 * What the services commands, resolvers and the provisioning worker get from the composition
 * root: the modules of each tenant (its CloudStack from its settings stream, the secret opened
 * here in memory only; the operator's from the environment when its settings have none), the
 * probe that reads what a CloudStack offers, and the credentials' seal key.
 */
export function servicePorts(
  settings: Settings,
  keys: { totp: Buffer },
  store: EventStore,
  options: ModuleDirectoryOptions = {},
): ServicePorts {
  const sealKey = servicesKey(keys);
  const fromEnvironment = environmentCloudStack(settings);
  const resolve = async (tenantId: string): Promise<CloudStackConfig | null> => {
    const state = await loadProvisioningSettings(store, tenantId);
    if (state.cloudStack)
      return {
        apiUrl: state.cloudStack.apiUrl,
        apiKey: state.cloudStack.apiKey,
        secretKey: openCloudStackSecret(sealKey, tenantId, state.cloudStack.secretKeySealed),
      };
    return tenantId === OPERATOR_TENANT_ID ? fromEnvironment : null;
  };
  return {
    sealKey,
    environmentCloudStack: fromEnvironment,
    modules: moduleDirectory(resolve, options),
    cloudStack: cloudStackProbe(options.client, options.createClient),
  };
}
