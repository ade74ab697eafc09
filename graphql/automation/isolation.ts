import { expect } from 'vitest';
import {
  SIGNED_OUT,
  ownOnly,
  type Attempt,
  type IsolationCase,
} from '../access/testing/isolation-kit.ts';
import {
  NO_ID,
  OWNERS,
  STAFF,
  q,
  type MatrixRow,
  type Role,
} from '../access/testing/matrix-kit.ts';
import { cmd } from '../access/testing.ts';
import type { World } from '../access/testing/world.ts';
import { automationStreamId } from '../../domain/automation/events.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import type { Position } from '../../eventstore/types.ts';
import { servicesOf } from '../services/testing.ts';
import { seedRun, seedSettings } from './testing.ts';

/**
 * Billing automation (automation.graphql): staff only, each on the host's tenant. Runs and
 * settings are the tenant's own (row-level security on the read model; the commands write to
 * the tenant's own streams), a preview plans only the tenant's services, and a run or a
 * settings change of one tenant leaves the other's streams as they were. A run in A (about Y's
 * service), one in B (about Z's) and B's settings changed are written by the first attempt of
 * each case, after the services' own (graphql/services/testing.ts).
 */

interface AutomationWorld {
  runA: string;
  runB: string;
  seed(): Promise<void>;
}

const worlds = new WeakMap<World, AutomationWorld>();

function automationOf(w: World): AutomationWorld {
  let world = worlds.get(w);
  if (!world) {
    let seeded: Promise<void> | null = null;
    const ids = { runA: cmdUuid(), runB: cmdUuid() };
    world = {
      ...ids,
      seed: () =>
        (seeded ??= (async () => {
          const s = servicesOf(w);
          await s.seed();
          const platform = w.t.running.platform;
          const positions: (Position | null)[] = [
            (await seedRun(platform.store, 'akashone', w.superA.id, [s.y.active], ids.runA))
              .position,
            (await seedRun(platform.store, 'kloudnests', w.adminB.id, [s.z.active], ids.runB))
              .position,
            await seedSettings(platform.store, 'kloudnests', w.adminB.id, {
              renewalDaysBefore: 10,
            }),
          ];
          for (const p of positions)
            if (p && !(await platform.projections.waitFor(p, 20_000)))
              throw new Error('read models did not catch up with the seeded automation runs');
        })()),
    };
    worlds.set(w, world);
  }
  return world;
}

const cmdUuid = () => cmd();

/** The first attempt of a case: then the runs and B's settings are written. */
const first = (w: World, a: Omit<Attempt, 'after'>): Attempt => ({
  ...a,
  after: () => automationOf(w).seed(),
});

/** Checked afterwards: a stream has exactly as many events as before the attempt. */
const streamHas = (streamId: () => string, events: number) => async (w: World) => {
  const stream = await w.t.running.platform.store.readStream(streamId());
  expect(stream.length, `events of ${streamId()}`).toBe(events);
};

const RUNS = '{ automationRuns(first: 100) { total items { id items { serviceId } } } }';
const RUN = 'query($id: ID!) { automationRun(id: $id) { id items { serviceId commandId } } }';
const SETTINGS = '{ automationSettings { renewalDaysBefore } }';
const PREVIEW =
  'query($asOf: DateTime) { automationPreview(asOf: $asOf, job: ALL) { total items { serviceId invoiceId } } }';
const RUN_NOW = 'mutation($input: RunAutomationInput!) { runAutomation(input: $input) { id } }';
const UPDATE =
  'mutation($input: AutomationSettingsInput!) { updateAutomationSettings(input: $input) { suspendAfterDays } }';
/** Far enough ahead that every seeded ACTIVE service is due for something. */
const LATER = '2031-01-01T00:00:00.000Z';

const runIds = (d: { automationRuns: { items: { id: string }[] } }) =>
  d.automationRuns.items.map((r) => r.id);

export const isolation: Record<string, IsolationCase> = {
  automationRuns: {
    why: 'staff list their own tenant’s runs (row-level security); customers may not',
    attempts: (w) => {
      const a = automationOf(w);
      return [
        first(w, { as: 'zOnA', query: RUNS, refused: SIGNED_OUT }),
        { as: 'x', query: RUNS, refused: ['FORBIDDEN'] },
        {
          as: 'adminA',
          query: RUNS,
          answers: (d, world) => {
            ownOnly([a.runB, servicesOf(world).z.active])(d, world);
            expect(runIds(d)).toContain(a.runA);
          },
        },
        {
          as: 'adminB',
          query: RUNS,
          answers: (d, world) => {
            ownOnly([a.runA, servicesOf(world).y.active])(d, world);
            expect(runIds(d)).toContain(a.runB);
          },
        },
        { as: 'bOnA', query: RUNS, refused: SIGNED_OUT },
      ];
    },
  },
  automationRun: {
    why: 'a run of another tenant is not found (row-level security): no error tells it exists',
    attempts: (w) => {
      const a = automationOf(w);
      const none = (d: { automationRun: unknown }) => expect(d.automationRun).toBeNull();
      return [
        first(w, { as: 'adminA', query: RUN, variables: { id: NO_ID }, answers: none }),
        { as: 'adminA', query: RUN, variables: { id: a.runB }, answers: none },
        { as: 'superA', query: RUN, variables: { id: a.runB }, answers: none },
        { as: 'adminB', query: RUN, variables: { id: a.runA }, answers: none },
        { as: 'x', query: RUN, variables: { id: a.runA }, refused: ['FORBIDDEN'] },
        { as: 'zOnA', query: RUN, variables: { id: a.runA }, refused: SIGNED_OUT },
      ];
    },
  },
  automationSettings: {
    why: 'the host tenant’s settings only (no tenant is taken): B’s change is not A’s',
    attempts: (w) => [
      first(w, { as: 'x', query: SETTINGS, refused: ['FORBIDDEN'] }),
      {
        as: 'adminA',
        query: SETTINGS,
        answers: (d) => expect(d.automationSettings.renewalDaysBefore).toBe(7),
      },
      {
        as: 'adminB',
        query: SETTINGS,
        answers: (d) => expect(d.automationSettings.renewalDaysBefore).toBe(10),
      },
      { as: 'bOnA', query: SETTINGS, refused: SIGNED_OUT },
    ],
  },
  automationPreview: {
    why: 'plans the host tenant’s services and orders only; customers may not ask',
    attempts: (w) => {
      const s = servicesOf(w);
      return [
        first(w, { as: 'x', query: PREVIEW, variables: { asOf: LATER }, refused: ['FORBIDDEN'] }),
        {
          as: 'adminB',
          query: PREVIEW,
          variables: { asOf: LATER },
          answers: (d, world) => {
            ownOnly([s.y.active, s.y.pending])(d, world);
            expect(JSON.stringify(d)).toContain(s.z.active);
          },
        },
        {
          as: 'adminA',
          query: PREVIEW,
          variables: { asOf: LATER },
          answers: (d, world) => {
            ownOnly([s.z.active, s.z.pending])(d, world);
            expect(JSON.stringify(d)).toContain(s.y.active);
          },
        },
        { as: 'zOnA', query: PREVIEW, variables: { asOf: LATER }, refused: SIGNED_OUT },
      ];
    },
  },
  runAutomation: {
    why: 'runs the host tenant’s automation only: B’s run leaves A’s services as they were',
    attempts: (w) => {
      const s = servicesOf(w);
      const input = () => ({ input: { commandId: cmd(), job: 'ALL' } });
      return [
        first(w, {
          as: 'x',
          query: RUN_NOW,
          variables: input(),
          refused: ['FORBIDDEN'],
        }),
        {
          as: 'adminB',
          query: RUN_NOW,
          variables: input(),
          answers: (d) => expect(d.runAutomation.id).toBeTruthy(),
          after: streamHas(() => serviceStreamId(s.y.active), s.events.active),
        },
        { as: 'bOnA', query: RUN_NOW, variables: input(), refused: SIGNED_OUT },
        { as: 'zOnA', query: RUN_NOW, variables: input(), refused: SIGNED_OUT },
      ];
    },
  },
  updateAutomationSettings: {
    why: 'changes the host tenant’s settings only (no tenant is taken): B’s change writes nothing to A’s stream',
    attempts: (w) => {
      const input = (n: number) => ({ input: { commandId: cmd(), suspendAfterDays: n } });
      return [
        first(w, { as: 'x', query: UPDATE, variables: input(4), refused: ['FORBIDDEN'] }),
        {
          as: 'adminB',
          query: UPDATE,
          variables: input(5),
          answers: (d) => expect(d.updateAutomationSettings.suspendAfterDays).toBe(5),
          after: streamHas(() => automationStreamId('akashone'), 0),
        },
        { as: 'bOnA', query: UPDATE, variables: input(6), refused: SIGNED_OUT },
        { as: 'zOnA', query: UPDATE, variables: input(6), refused: SIGNED_OUT },
      ];
    },
  },
};

/** automation.read: support and billing (and both admins); .run: billing; .settings: admins. */
const READERS: Role[] = STAFF;
const RUNNERS: Role[] = [...OWNERS, 'billing'];

export const matrix: Record<string, MatrixRow> = {
  automationRuns: { allowed: READERS, call: q('{ automationRuns { total } }') },
  automationRun: {
    allowed: READERS,
    call: q('query($id: ID!) { automationRun(id: $id) { id } }', { id: NO_ID }),
  },
  automationSettings: { allowed: READERS, call: q(SETTINGS) },
  automationPreview: { allowed: READERS, call: q('{ automationPreview { total } }') },
  runAutomation: {
    allowed: RUNNERS,
    call: () => ({
      query: RUN_NOW,
      variables: { input: { commandId: cmd(), job: 'UNPAID_ORDERS' } },
    }),
  },
  updateAutomationSettings: {
    allowed: [...OWNERS],
    // Each call a different value, so every allowed role's call is a change.
    call: (_w, _role, n) => ({
      query: UPDATE,
      variables: { input: { commandId: cmd(), suspendAfterDays: 2 + (n % 5) } },
    }),
  },
};
