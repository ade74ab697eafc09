import type { TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import {
  automationEventTypes,
  RUN_ITEMS_PER_EVENT,
  type AutomationEvent,
  type RunItem,
} from '../../domain/automation/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

type Of<T extends AutomationEvent['type']> = Extract<AutomationEvent, { type: T }>['data'];

/**
 * Billing automation (issue 13): the tenant's settings as they stand (the newest
 * AutomationSettingsChanged, whole), each run (started, finished with its counts) and each
 * run's items in order. An item's `seq` comes from its event's revision on the run's stream and
 * its place in the event, so applying an event twice adds nothing. Batched: one statement per
 * table.
 */
export const automationProjector: Projector = {
  name: 'automation',
  version: 1,
  handles: new Set(automationEventTypes),
  tables: [
    { name: 'automation_settings', orderBy: 'tenant_id' },
    { name: 'automation_runs', orderBy: 'id' },
    { name: 'automation_run_items', orderBy: 'run_id, seq' },
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table automation_settings (
        tenant_id text primary key,
        settings jsonb not null,
        changed jsonb not null,
        updated_by text not null,
        updated_at timestamptz not null,
        revision bigint not null
      );
      create table automation_runs (
        id uuid primary key,
        tenant_id text not null,
        job text not null,
        trigger text not null,
        started_by text,
        as_of timestamptz not null,
        started_at timestamptz not null,
        finished_at timestamptz,
        counts jsonb,
        already_done int,
        skipped int,
        failed int
      );
      create index automation_runs_by_tenant on automation_runs (tenant_id, started_at desc, id);
      create table automation_run_items (
        run_id uuid not null,
        seq int not null,
        tenant_id text not null,
        kind text not null,
        command_id text not null,
        service_id uuid,
        invoice_id uuid,
        order_id uuid,
        outcome text not null,
        detail text,
        primary key (run_id, seq)
      );
      create index automation_run_items_by_command on automation_run_items (command_id);
    `);
    for (const t of ['automation_settings', 'automation_runs', 'automation_run_items'])
      await enableTenantIsolation(tx, t);
  },
  async apply(tx, events) {
    await applySettings(
      tx,
      events.filter((e) => e.type === 'AutomationSettingsChanged'),
    );
    await startRuns(
      tx,
      events.filter((e) => e.type === 'AutomationRunStarted'),
    );
    await insertItems(
      tx,
      events.filter((e) => e.type === 'AutomationRunItemsRecorded'),
    );
    await finishRuns(
      tx,
      events.filter((e) => e.type === 'AutomationRunFinished'),
    );
  },
};

const col = <E, T>(xs: E[], f: (x: E) => T) => xs.map(f);

/** The newest change per tenant in the batch: it carries the whole settings. */
async function applySettings(tx: TransactionSql, events: RecordedEvent[]) {
  if (events.length === 0) return;
  const last = new Map<string, RecordedEvent>();
  for (const e of events) last.set((e.data as Of<'AutomationSettingsChanged'>).tenantId, e);
  const rows = [...last.values()];
  const d = (e: RecordedEvent) => e.data as Of<'AutomationSettingsChanged'>;
  await tx`
    insert into automation_settings (tenant_id, settings, changed, updated_by, updated_at, revision)
    select unnest(${col(rows, (e) => d(e).tenantId)}::text[]),
      unnest(${col(rows, (e) => JSON.stringify(d(e).settings))}::text[]::jsonb[]),
      unnest(${col(rows, (e) => JSON.stringify(d(e).changed))}::text[]::jsonb[]),
      unnest(${col(rows, (e) => d(e).changedBy)}::text[]),
      unnest(${col(rows, (e) => d(e).changedAt)}::text[]::timestamptz[]),
      unnest(${col(rows, (e) => e.revision.toString())}::bigint[])
    on conflict (tenant_id) do update set settings = excluded.settings, changed = excluded.changed,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at, revision = excluded.revision
    where automation_settings.revision < excluded.revision`;
}

async function startRuns(tx: TransactionSql, events: RecordedEvent[]) {
  if (events.length === 0) return;
  const d = (e: RecordedEvent) => e.data as Of<'AutomationRunStarted'>;
  await tx`
    insert into automation_runs (id, tenant_id, job, trigger, started_by, as_of, started_at)
    select unnest(${col(events, (e) => d(e).runId)}::uuid[]),
      unnest(${col(events, (e) => d(e).tenantId)}::text[]),
      unnest(${col(events, (e) => d(e).job)}::text[]),
      unnest(${col(events, (e) => d(e).trigger)}::text[]),
      unnest(${col(events, (e) => d(e).startedBy)}::text[]),
      unnest(${col(events, (e) => d(e).asOf)}::text[]::timestamptz[]),
      unnest(${col(events, (e) => d(e).startedAt)}::text[]::timestamptz[])
    on conflict (id) do nothing`;
}

/**
 * Revision 0 of a run's stream is AutomationRunStarted, so its items' events are revisions 1,
 * 2, …, each of at most RUN_ITEMS_PER_EVENT items: item i of revision r is number
 * (r - 1) · RUN_ITEMS_PER_EVENT + i of the run, in the order the run did them.
 */
async function insertItems(tx: TransactionSql, events: RecordedEvent[]) {
  const items: { runId: string; seq: number; tenantId: string; item: RunItem }[] = [];
  for (const e of events) {
    const d = e.data as Of<'AutomationRunItemsRecorded'>;
    const base = (Number(e.revision) - 1) * RUN_ITEMS_PER_EVENT;
    d.items.forEach((item, i) =>
      items.push({ runId: d.runId, seq: base + i, tenantId: d.tenantId, item }),
    );
  }
  if (items.length === 0) return;
  await tx`
    insert into automation_run_items (run_id, seq, tenant_id, kind, command_id, service_id, invoice_id,
      order_id, outcome, detail)
    select unnest(${col(items, (r) => r.runId)}::uuid[]), unnest(${col(items, (r) => r.seq)}::int[]),
      unnest(${col(items, (r) => r.tenantId)}::text[]), unnest(${col(items, (r) => r.item.kind)}::text[]),
      unnest(${col(items, (r) => r.item.commandId)}::text[]),
      unnest(${col(items, (r) => r.item.serviceId)}::uuid[]),
      unnest(${col(items, (r) => r.item.invoiceId)}::uuid[]),
      unnest(${col(items, (r) => r.item.orderId)}::uuid[]),
      unnest(${col(items, (r) => r.item.outcome)}::text[]),
      unnest(${col(items, (r) => r.item.detail)}::text[])
    on conflict (run_id, seq) do nothing`;
}

async function finishRuns(tx: TransactionSql, events: RecordedEvent[]) {
  if (events.length === 0) return;
  const d = (e: RecordedEvent) => e.data as Of<'AutomationRunFinished'>;
  await tx`
    update automation_runs r set finished_at = f.at, counts = f.counts, already_done = f.already_done,
      skipped = f.skipped, failed = f.failed
    from (select unnest(${col(events, (e) => d(e).runId)}::uuid[]) as id,
      unnest(${col(events, (e) => d(e).finishedAt)}::text[]::timestamptz[]) as at,
      unnest(${col(events, (e) => JSON.stringify(d(e).counts))}::text[]::jsonb[]) as counts,
      unnest(${col(events, (e) => d(e).alreadyDone)}::int[]) as already_done,
      unnest(${col(events, (e) => d(e).skipped)}::int[]) as skipped,
      unnest(${col(events, (e) => d(e).failed)}::int[]) as failed) f
    where r.id = f.id and r.finished_at is null`;
}
