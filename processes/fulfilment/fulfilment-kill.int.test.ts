/**
 * The app is killed (SIGKILL) in the middle of a deploy: the provisioning worker runs as its own
 * process, is killed once CloudStack accepted the deploy job (and the job was recorded), and a
 * worker started afterwards picks the service up from the log and finishes it — exactly one VM
 * for the service, ACTIVE, with the password CloudStack set.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceIdOf } from '../../commands/services/create-services.ts';
import { openCredential } from '../../commands/services/service-context.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import { vmNameFor } from '../../integrations/provisioning/cloudstack/module.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { fulfilmentWorld } from './testing/fulfilment-world.ts';

const T = 'kill-tenant';
let w: Awaited<ReturnType<typeof fulfilmentWorld>>;
let url: string;

beforeAll(async () => {
  url = await freshDatabase('fulfilkill');
  w = await fulfilmentWorld('fulfilkill', T, await createPostgresEventStore(url, { poolSize: 10 }));
});
afterAll(async () => w?.close());

async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('SIGKILLed mid-deploy: after the restart the job is picked up and finishes, one VM for the service', async () => {
  const placed = await w.paidVpsOrder('kill1.example.com');
  await w.settle({ worker: false });
  const serviceId = serviceIdOf(T, placed.orderId, 1);
  expect((await w.service(serviceId)).status).toBe('PROVISIONING');

  const dir = mkdtempSync(path.join(tmpdir(), 'fulfil-kill-'));
  const configFile = path.join(dir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ ...w.double.config, sealKey: w.services.sealKey.toString('hex') }),
  );
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'testing', 'worker-child.ts'),
      url,
      configFile,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
  try {
    // The double's clock stands still, so the deploy job stays pending while the child polls it.
    await until('the child to record the accepted deploy job', async () =>
      (await w.store.readStream(serviceStreamId(serviceId))).some(
        (e) => e.type === 'ProvisioningJobAccepted',
      ),
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; child said:\n${output}`, { cause: error });
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect((await w.service(serviceId)).status).toBe('PROVISIONING');
  expect(w.double.deployedCount(vmNameFor(serviceId))).toBe(1);

  // The restart: a new worker resumes what the log says is still PROVISIONING.
  await w.worker.start();
  await w.worker.idle();
  await w.settle();
  const s = await w.service(serviceId);
  expect(s.status).toBe('ACTIVE');
  expect(w.double.deployedCount(vmNameFor(serviceId))).toBe(1);
  expect(w.double.vms().filter((v) => v.name === vmNameFor(serviceId))).toHaveLength(1);
  const vm = w.double.vms().find((v) => v.name === vmNameFor(serviceId))!;
  expect(s.vmId).toBe(vm.id);
  const password = openCredential(w.services.sealKey, serviceId, s.ssh!.passwordSealed!);
  expect(password.length).toBeGreaterThan(5);
}, 120_000);
