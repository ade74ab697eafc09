import { randomUUID } from 'node:crypto';
import {
  automationRunDecider,
  automationSettingsDecider,
} from '../../domain/automation/decider.ts';
import {
  automationRunStreamId,
  automationStreamId,
  type AutomationEvent,
  type RunItem,
} from '../../domain/automation/events.ts';
import { fold } from '../../domain/shared/decider.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';

/**
 * Automation runs and settings written straight to the log for the access suites (test support
 * only): the automation deciders make the events, as a run or a settings change would, without
 * services due to act on.
 */

async function write(
  store: EventStore,
  tenantId: string,
  streamId: string,
  events: AutomationEvent[],
  actor: { userId: string; role: string },
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
          occurredAt: new Date().toISOString(),
          schemaVersion: 1,
        },
      };
    }),
    existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1),
  );
  return result.position;
}

/** A finished staff run of `tenantId` with one item per service given (a reminder, DONE). */
export async function seedRun(
  store: EventStore,
  tenantId: string,
  startedBy: string,
  serviceIds: string[],
  runId = randomUUID(),
): Promise<{ runId: string; position: Position }> {
  const now = new Date().toISOString();
  const items: RunItem[] = serviceIds.map((serviceId) => ({
    kind: 'REMINDER',
    commandId: `remind:${serviceId}:BEFORE_DUE`,
    serviceId,
    invoiceId: null,
    orderId: null,
    outcome: 'DONE',
    detail: null,
  }));
  const d = automationRunDecider;
  let state = d.initialState;
  const events: AutomationEvent[] = [];
  for (const command of [
    {
      type: 'StartRun' as const,
      tenantId,
      runId,
      job: 'REMINDERS' as const,
      asOf: now,
      trigger: 'STAFF' as const,
      startedBy,
      now,
    },
    { type: 'RecordRunItems' as const, items, now },
    { type: 'FinishRun' as const, now },
  ]) {
    const out = d.decide(command, state);
    state = out.reduce(d.evolve, state);
    events.push(...out);
  }
  const position = await write(store, tenantId, automationRunStreamId(runId), events, {
    userId: startedBy,
    role: 'admin',
  });
  return { runId, position };
}

/** The tenant's settings changed by `changedBy` (on top of what its stream holds). */
export async function seedSettings(
  store: EventStore,
  tenantId: string,
  changedBy: string,
  changes: Parameters<typeof automationSettingsDecider.decide>[0]['changes'],
): Promise<Position | null> {
  const d = automationSettingsDecider;
  const streamId = automationStreamId(tenantId);
  const state = fold(
    d,
    (await store.readStream(streamId)).map((e) => e as unknown as AutomationEvent),
  );
  const events = d.decide(
    {
      type: 'ChangeAutomationSettings',
      tenantId,
      changes,
      changedBy,
      now: new Date().toISOString(),
    },
    state,
  );
  if (events.length === 0) return null;
  return write(store, tenantId, streamId, events, { userId: changedBy, role: 'admin' });
}
