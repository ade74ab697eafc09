import { randomUUID } from 'node:crypto';
import { fold } from '../../domain/shared/decider.ts';
import { serviceDecider, type ServiceCommand } from '../../domain/services/decider.ts';
import {
  provisioningSettingsDecider,
  type ProvisioningSettingsCommand,
} from '../../domain/services/settings.ts';
import {
  provisioningSettingsStreamId,
  serviceStreamId,
  type ProvisioningSettingsEvent,
  type ServiceEvent,
} from '../../domain/services/events.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';
import { sealCredential } from '../../commands/services/service-context.ts';

/**
 * Services written straight to the log for the access suites and integration tests (test
 * support only): the service decider makes the events, so they are what the commands would
 * write, without an order, a catalog or a module to set up. Passwords are sealed with the
 * platform's key, as the Provision dialog seals them.
 */

export const SEEDED_PASSWORD = 'seeded-Pa55word!';
export const SEEDED_NOTES = 'staff only: rack 7, spare PSU';

export interface SeededService {
  serviceId: string;
  hostname: string;
  ip: string;
  /** Events on its stream once seeded. */
  events: number;
}

async function write(
  store: EventStore,
  tenantId: string,
  streamId: string,
  events: (ServiceEvent | ProvisioningSettingsEvent)[],
  at: string,
  actor: { userId: string; role: 'admin' | 'system' },
): Promise<Position> {
  const existing = await store.readStream(streamId);
  const result = await store.append(
    streamId,
    events.map((e) => {
      const commandId = `seed:${streamId}:${randomUUID()}`;
      return {
        id: randomUUID(),
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: {
          tenantId,
          actor,
          commandId,
          correlationId: commandId,
          causationId: commandId,
          occurredAt: at,
          schemaVersion: 1,
        },
      };
    }),
    existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1),
  );
  return result.position;
}

/**
 * A service of `customer`: PENDING (MANUAL, paid, waiting for the Provision dialog), ACTIVE
 * (MANUAL, provisioned by hand with an SSH login and staff notes), DEPLOYED (ACTIVE on
 * CLOUDSTACK: the module deployed it) or FAILED (CLOUDSTACK, its first deploy failed for good:
 * it needs attention). Only PENDING and ACTIVE suit a running platform (no deploy is started).
 */
export async function seedService(
  store: EventStore,
  sealKey: Buffer,
  tenantId: string,
  customerId: string,
  options: {
    status: 'PENDING' | 'ACTIVE' | 'FAILED' | 'DEPLOYED';
    hostname?: string;
    ip?: string;
    planName?: string;
    staffId?: string;
    serviceId?: string;
  },
): Promise<SeededService & { position: Position }> {
  const serviceId = options.serviceId ?? randomUUID();
  const hostname = options.hostname ?? `srv-${serviceId.slice(0, 8)}.example.com`;
  const ip = options.ip ?? `198.51.100.${1 + (parseInt(serviceId.slice(0, 2), 16) % 250)}`;
  const now = new Date().toISOString();
  const commands: ServiceCommand[] = [
    {
      type: 'CreateService',
      tenantId,
      serviceId,
      customerId,
      origin: { kind: 'ALLOCATION', invoiceId: randomUUID() },
      planId: null,
      planName: options.planName ?? 'Manual VPS',
      planKind: 'VPS',
      cycle: 'MONTHLY',
      months: 1,
      recurringAmount: '999.00',
      addons: [],
      dataCentreId: null,
      dataCentreName: 'Mumbai',
      operatingSystemId: null,
      operatingSystemName: 'Ubuntu 24.04',
      hostname,
      module:
        options.status === 'FAILED' || options.status === 'DEPLOYED' ? 'CLOUDSTACK' : 'MANUAL',
      hasControlPanel: false,
      paidOn: now.slice(0, 10),
      now,
    },
  ];
  if (options.status === 'ACTIVE')
    commands.push({
      type: 'ProvisionByHand',
      provisionedBy: options.staffId ?? 'system',
      hostname,
      ipAddresses: [ip],
      ssh: {
        username: 'root',
        port: 22,
        passwordSealed: sealCredential(sealKey, serviceId, SEEDED_PASSWORD),
      },
      controlPanel: null,
      notes: SEEDED_NOTES,
      sendEmail: false,
      now,
    });
  if (options.status === 'DEPLOYED')
    commands.push(
      { type: 'AcceptProvisioningJob', attempt: 1, vmId: `vm-${serviceId}`, jobId: null, now },
      {
        type: 'RecordProvisioned',
        attempt: 1,
        vmId: `vm-${serviceId}`,
        ipAddresses: [ip],
        username: 'root',
        sshPort: 22,
        passwordSealed: sealCredential(sealKey, serviceId, SEEDED_PASSWORD),
        now,
      },
    );
  if (options.status === 'FAILED')
    commands.push({
      type: 'RecordProvisioningFailed',
      attempt: 1,
      error: { code: 'CAPACITY', message: 'no host has capacity', retryable: false },
      now,
    });
  const events: ServiceEvent[] = [];
  for (const c of commands) events.push(...serviceDecider.decide(c, fold(serviceDecider, events)));
  const position = await write(store, tenantId, serviceStreamId(serviceId), events, now, {
    userId: options.staffId ?? 'system',
    role: options.staffId ? 'admin' : 'system',
  });
  return { serviceId, hostname, ip, events: events.length, position };
}

/**
 * A service through most of its life, and the tenant's provisioning settings, for suites that
 * hold every read model to its rules (projections/shared/runner.int.test.ts): deployed by the
 * module, credentials revealed, rebooted, two snapshots (one reverted to, one deleted), suspended
 * and unsuspended, a cancellation requested and withdrawn, details edited, due date moved; then
 * the termination policy and an empty mapping. Each step is the decider's answer.
 */
export async function seedServiceLife(
  store: EventStore,
  sealKey: Buffer,
  tenantId: string,
  customerId: string,
  staffId: string,
  tag: string,
): Promise<{ serviceId: string; position: Position }> {
  const made = await seedService(store, sealKey, tenantId, customerId, {
    status: 'DEPLOYED',
    hostname: `life-${tag}.example.com`,
    staffId,
  });
  const { serviceId } = made;
  const now = new Date().toISOString();
  const commands: ServiceCommand[] = [
    {
      type: 'RevealCredentials',
      revealedBy: customerId,
      as: 'CUSTOMER',
      impersonatedBy: null,
      now,
    },
    { type: 'PerformAction', action: 'REBOOT', performedBy: customerId, now },
    {
      type: 'CreateSnapshot',
      snapshotId: `${tag}-snap-1`,
      name: 'before upgrade',
      createdBy: customerId,
      now,
    },
    {
      type: 'CreateSnapshot',
      snapshotId: `${tag}-snap-2`,
      name: 'nightly',
      createdBy: customerId,
      now,
    },
    { type: 'RevertSnapshot', snapshotId: `${tag}-snap-1`, revertedBy: customerId, now },
    { type: 'DeleteSnapshot', snapshotId: `${tag}-snap-2`, deletedBy: customerId, now },
    { type: 'SuspendService', kind: 'STAFF', reason: 'abuse report', suspendedBy: staffId, now },
    { type: 'UnsuspendService', reason: 'resolved', unsuspendedBy: staffId, now },
    {
      type: 'RequestCancellation',
      when: 'END_OF_PERIOD',
      reason: 'moving',
      requestedBy: customerId,
      now,
    },
    { type: 'WithdrawCancellation', withdrawnBy: customerId, now },
    { type: 'EditServiceDetails', changes: { notes: `edited ${tag}` }, editedBy: staffId, now },
    { type: 'ChangeDueDate', to: '2031-01-15', reason: 'goodwill', changedBy: staffId, now },
  ];
  const before = (await store.readStream(serviceStreamId(serviceId))).map(
    (e) => e as unknown as ServiceEvent,
  );
  const events: ServiceEvent[] = [];
  for (const c of commands)
    events.push(...serviceDecider.decide(c, fold(serviceDecider, [...before, ...events])));
  await write(store, tenantId, serviceStreamId(serviceId), events, now, {
    userId: staffId,
    role: 'admin',
  });
  const settings: ProvisioningSettingsCommand[] = [
    { type: 'SetTerminationPolicy', tenantId, finalSnapshot: true, by: staffId, now },
    {
      type: 'SetCloudStackMapping',
      tenantId,
      zones: {},
      offerings: {},
      templates: {},
      by: staffId,
      now,
    },
  ];
  const stream = provisioningSettingsStreamId(tenantId);
  const prior = (await store.readStream(stream)).map(
    (e) => e as unknown as ProvisioningSettingsEvent,
  );
  const settingsEvents: ProvisioningSettingsEvent[] = [];
  for (const c of settings)
    settingsEvents.push(
      ...provisioningSettingsDecider.decide(
        c,
        fold(provisioningSettingsDecider, [...prior, ...settingsEvents]),
      ),
    );
  const position = await write(store, tenantId, stream, settingsEvents, now, {
    userId: staffId,
    role: 'admin',
  });
  return { serviceId, position };
}

/** What the access suites' world gets: Y's (tenant A) and Z's (tenant B) services. */
export interface ServicesWorld {
  y: { active: string; pending: string };
  z: { active: string; pending: string };
  /** Events on each seeded stream (ACTIVE: created + provisioned; PENDING: created). */
  events: { active: number; pending: number };
  /** Writes them, once per world; the first attempt of each case runs it afterwards. */
  seed: () => Promise<void>;
}

const worlds = new WeakMap<object, ServicesWorld>();

/**
 * The access world's services. Their ids are known at once (the cases name them); the events
 * are written by `seed`, which a case runs as the `after` of its first attempt.
 */
export function servicesOf(w: {
  t: {
    running: {
      platform: {
        store: EventStore;
        services: { sealKey: Buffer };
        projections: { waitFor(p: Position, ms: number): Promise<boolean> };
      };
    };
  };
  y: { id: string };
  z: { id: string };
}): ServicesWorld {
  let world = worlds.get(w);
  if (!world) {
    const y = { active: randomUUID(), pending: randomUUID() };
    const z = { active: randomUUID(), pending: randomUUID() };
    let seeded: Promise<void> | null = null;
    const platform = w.t.running.platform;
    const key = platform.services.sealKey;
    world = {
      y,
      z,
      events: { active: 2, pending: 1 },
      seed: () =>
        (seeded ??= (async () => {
          const made = [
            ['akashone', w.y.id, y.active, 'ACTIVE'],
            ['akashone', w.y.id, y.pending, 'PENDING'],
            ['kloudnests', w.z.id, z.active, 'ACTIVE'],
            ['kloudnests', w.z.id, z.pending, 'PENDING'],
          ] as const;
          let last: Position | null = null;
          for (const [tenantId, customerId, serviceId, status] of made)
            last = (
              await seedService(platform.store, key, tenantId, customerId, { status, serviceId })
            ).position;
          if (!(await platform.projections.waitFor(last!, 20_000)))
            throw new Error('read models did not catch up with the seeded services');
        })()),
    };
    worlds.set(w, world);
  }
  return world;
}
