/**
 * The provisioning worker as a process of its own, for the SIGKILL suite
 * (fulfilment-kill.int.test.ts): `node --import tsx worker-child.ts <databaseUrl> <config.json>`
 * where the JSON holds the CloudStack double's apiUrl/apiKey/secretKey and the seal key (hex).
 * It deploys every service PROVISIONING in the log (as the read model would list them) and
 * keeps polling until it is killed.
 */
import { readFileSync } from 'node:fs';
import { serviceDecider } from '../../../domain/services/decider.ts';
import { serviceStreamId, type ServiceEvent } from '../../../domain/services/events.ts';
import { fold } from '../../../domain/shared/decider.ts';
import { createPostgresEventStore } from '../../../eventstore/postgres/store.ts';
import { START } from '../../../eventstore/types.ts';
import { moduleDirectory } from '../../../integrations/provisioning/directory.ts';
import { provisioningWorker } from '../../../integrations/provisioning/worker.ts';

async function main(url: string, configFile: string): Promise<void> {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    apiUrl: string;
    apiKey: string;
    secretKey: string;
    sealKey: string;
  };
  const store = await createPostgresEventStore(url, { poolSize: 2 });
  const cloud = { apiUrl: config.apiUrl, apiKey: config.apiKey, secretKey: config.secretKey };
  const pending = async () => {
    const ids = new Set<string>();
    for (const e of await store.readAll({ from: START, maxCount: 100_000 }))
      if (e.streamId.startsWith('service-')) ids.add(e.streamId.slice('service-'.length));
    const states = await Promise.all(
      [...ids].map(async (id) =>
        fold(
          serviceDecider,
          (await store.readStream(serviceStreamId(id))) as unknown as ServiceEvent[],
        ),
      ),
    );
    return states
      .filter((s) => s.status === 'PROVISIONING')
      .map((s) => ({ tenantId: s.tenantId, serviceId: s.serviceId, attempt: s.attempt }));
  };
  const worker = provisioningWorker(
    {
      store,
      now: () => new Date(),
      services: {
        sealKey: Buffer.from(config.sealKey, 'hex'),
        environmentCloudStack: null,
        modules: moduleDirectory(async () => cloud, {
          // Poll often: the suite kills this process while the deploy job is pending.
          client: { sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 200))) },
        }),
        cloudStack: { inventory: async () => ({ zones: [], offerings: [], templates: [] }) },
      },
    },
    { pending, rescanMs: 500 },
  );
  await worker.start();
  console.log('worker started');
  await new Promise(() => {}); // until killed
}

const [url, configFile] = process.argv.slice(2);
if (!url || !configFile) {
  console.error('usage: node --import tsx worker-child.ts <databaseUrl> <config.json>');
  process.exit(2);
}
main(url, configFile).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
