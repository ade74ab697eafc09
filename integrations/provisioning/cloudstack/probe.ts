import type { CloudStackProbe } from '../../../commands/services/module-port.ts';
import {
  cloudStackClient,
  type CloudStackClient,
  type CloudStackClientOptions,
  type CloudStackConfig,
} from './client.ts';

/**
 * The probe the settings commands use: what a CloudStack offers (zones, service offerings,
 * executable templates) read with the given keys, so wrong keys or ids are refused before they
 * are saved. A wrong key or URL is the client's ModuleError.
 */
export function cloudStackProbe(
  options: CloudStackClientOptions = {},
  createClient: (
    config: CloudStackConfig,
    options?: CloudStackClientOptions,
  ) => CloudStackClient = cloudStackClient,
): CloudStackProbe {
  return {
    async inventory(config) {
      const client = createClient(config, options);
      const [zones, offerings, templates] = await Promise.all([
        client.listZones(),
        client.listServiceOfferings(),
        client.listTemplates(),
      ]);
      const pick = (r: { id: string; name: string }) => ({ id: r.id, name: r.name });
      return {
        zones: zones.map(pick),
        offerings: offerings.map(pick),
        templates: templates.map(pick),
      };
    },
  };
}
