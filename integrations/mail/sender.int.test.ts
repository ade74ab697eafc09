import postgres, { type Sql } from 'postgres';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../server/testing/db.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { ProjectionRunner } from '../../projections/shared/runner.ts';
import { mailProjector } from '../../projections/mail/projector.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { handleCommand } from '../../commands/shared/handler.ts';
import { mailDecider, mailStreamId } from '../../domain/mail/events.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { mailSender } from './sender.ts';
import { requestMailResend } from '../../commands/mail/queue-mail.ts';
import type { MailTransport, MailTransports, OutgoingMessage } from './transport.ts';

/*
 * The mail sender on a real database, with a transport that refuses on demand and a clock the
 * test moves: retries at 1, 5, 30 and 120 minutes, giving up after the fifth attempt, a crash
 * between "the service accepted" and "MailSent recorded", and two senders on one database.
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => {});
});

const KEY = Buffer.alloc(32, 9);
const MINUTE = 60_000;

/** A transport that refuses the first `refusals` deliveries (temporarily), then accepts. */
function flakyTransport(refusals: number) {
  const delivered: OutgoingMessage[] = [];
  let calls = 0;
  const transport: MailTransport = {
    name: 'flaky',
    configured: true,
    async deliver(message) {
      calls += 1;
      if (calls <= refusals) throw new Error(`451 try again later (${calls})`);
      delivered.push(message);
      return { providerMessageId: `p-${delivered.length}` };
    },
  };
  const transports: MailTransports = { forTenant: async () => transport, fallback: transport };
  return { transports, delivered, calls: () => calls };
}

type World = Awaited<ReturnType<typeof openWorld>>;

async function openWorld() {
  const url = await freshDatabase('mail');
  const store = await createPostgresEventStore(url, { poolSize: 4 });
  const sql: Sql = postgres(url, {
    max: 6,
    types: { bigint: postgres.BigInt },
    onnotice: () => {},
  });
  cleanups.push(
    () => store.close(),
    () => sql.end({ timeout: 5 }),
  );
  let at = Date.UTC(2027, 0, 10, 9, 0);
  const clock = { now: () => new Date(at), pass: (ms: number) => (at += ms) };
  await bootstrap(
    { store, now: clock.now, bcryptCost: 4 },
    { adminEmail: 'admin@akashone.test', adminPassword: 'correct horse battery staple' },
  );
  const runner = new ProjectionRunner(sql, store, [mailProjector], () => {}, 100);
  await runner.start();
  cleanups.push(() => runner.stop());
  const settled = async () => {
    if (!(await runner.waitFor(await store.headPosition(), 10_000)))
      throw new Error('the outbox did not catch up');
  };
  return { store, sql, clock, settled };
}

/** A sender on the world's database without its timer: the test ticks it after moving the clock. */
function senderOn(w: World, transports: MailTransports, store: EventStore = w.store) {
  const sender = mailSender({ store, now: w.clock.now }, transports, KEY, {
    sql: w.sql,
    tickMs: 0,
  });
  return sender;
}

async function queue(store: EventStore, now: () => Date) {
  const mailId = randomUUID();
  await handleCommand(
    { store, now },
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: 'system', role: 'system' },
      commandId: `queue:${mailId}`,
    },
    {
      streamId: mailStreamId(mailId),
      decider: mailDecider,
      command: (at) => ({
        type: 'QueueMail' as const,
        mailId,
        to: 'asha@example.in',
        subject: 'Your invoice',
        kind: 'renewal-invoice',
        text: 'Hello Asha',
        sealedText: null,
        causedBy: randomUUID(),
        now: at,
      }),
    },
  );
  const events = await store.readStream(mailStreamId(mailId));
  return { mailId, queued: events[0]! };
}

const typesOf = async (store: EventStore, mailId: string) =>
  (await store.readStream(mailStreamId(mailId))).map((e) => e.type);

describe('the mail sender', () => {
  it('retries a refused mail after 1 and 5 minutes and records it sent on the third attempt', async () => {
    const w = await openWorld();
    const t = flakyTransport(2);
    const sender = senderOn(w, t.transports);
    const { mailId, queued } = await queue(w.store, w.clock.now);
    await sender.react(queued);
    expect(t.calls()).toBe(1);
    await w.settled();

    w.clock.pass(MINUTE - 1_000); // not due yet
    await sender.tick();
    expect(t.calls()).toBe(1);
    w.clock.pass(1_000);
    await sender.tick();
    expect(t.calls()).toBe(2);
    await w.settled();
    w.clock.pass(4 * MINUTE);
    await sender.tick();
    expect(t.calls()).toBe(2); // the second retry waits 5 minutes
    w.clock.pass(MINUTE);
    await sender.tick();
    expect(t.calls()).toBe(3);
    expect(t.delivered.map((m) => m.mailId)).toEqual([mailId]);
    expect(await typesOf(w.store, mailId)).toEqual([
      'MailQueued',
      'MailDeliveryFailed',
      'MailDeliveryFailed',
      'MailSent',
    ]);
    const sent = (await w.store.readStream(mailStreamId(mailId)))[3]!;
    expect(sent.data).toMatchObject({ via: 'flaky', providerMessageId: 'p-1' });

    // Sent: neither the event again nor a later tick delivers it again.
    await sender.react(queued);
    await w.settled();
    w.clock.pass(3 * 60 * MINUTE);
    await sender.tick();
    expect(t.calls()).toBe(3);
  });

  it('gives up after the fifth attempt (1, 5, 30 minutes, 2 hours) and says why', async () => {
    const w = await openWorld();
    const t = flakyTransport(99);
    const sender = senderOn(w, t.transports);
    const { mailId, queued } = await queue(w.store, w.clock.now);
    await sender.react(queued);
    for (const wait of [1, 5, 30, 120]) {
      await w.settled();
      w.clock.pass(wait * MINUTE);
      await sender.tick();
    }
    expect(t.calls()).toBe(5);
    const events = await w.store.readStream(mailStreamId(mailId));
    const last = events[events.length - 1]!;
    expect(last.data).toMatchObject({
      attempt: 5,
      retryAt: null,
      error: '451 try again later (5)',
    });
    await w.settled();
    w.clock.pass(24 * 60 * MINUTE);
    await sender.tick();
    expect(t.calls()).toBe(5);
    const [row] =
      await w.sql`select status, attempts, last_error from rm_mail.outbox where id = ${mailId}`;
    expect(row).toMatchObject({
      status: 'FAILED',
      attempts: 5,
      last_error: '451 try again later (5)',
    });
  });

  it('a crash after the service accepted and before MailSent was recorded delivers once more, with the same mail id, and no more', async () => {
    const w = await openWorld();
    const t = flakyTransport(0);
    let failReport = true;
    const store: EventStore = Object.create(w.store, {
      append: {
        value: async (...args: Parameters<EventStore['append']>) => {
          if (failReport && args[1].some((e) => e.type === 'MailSent')) {
            failReport = false;
            throw new Error('connection lost');
          }
          return w.store.append(...args);
        },
      },
    });
    const sender = senderOn(w, t.transports, store);
    const { mailId, queued } = await queue(w.store, w.clock.now);
    await expect(sender.react(queued)).rejects.toThrow('connection lost');
    // The reactor runner hands the event again (its checkpoint did not move).
    await sender.react(queued);
    await sender.react(queued);
    expect(t.delivered.map((m) => m.mailId)).toEqual([mailId, mailId]);
    expect(await typesOf(w.store, mailId)).toEqual(['MailQueued', 'MailSent']);
  });

  it('a resend is delivered as soon as it is requested (its event), once, with no tick', async () => {
    const w = await openWorld();
    const t = flakyTransport(0);
    const sender = senderOn(w, t.transports);
    const { mailId, queued } = await queue(w.store, w.clock.now);
    await sender.react(queued);
    await requestMailResend(
      { store: w.store, now: w.clock.now },
      {
        tenantId: OPERATOR_TENANT_ID,
        actor: { userId: 'staff-1', role: 'admin' },
        commandId: `resend:${mailId}`,
      },
      mailId,
    );
    const events = await w.store.readStream(mailStreamId(mailId));
    const resend = events.find((e) => e.type === 'MailResendRequested')!;
    expect(sender.handles.has(resend.type)).toBe(true); // the runner hands it to the sender
    await sender.react(resend);
    await sender.react(resend); // handed again: the resend is sent already
    expect(t.delivered.map((m) => m.mailId)).toEqual([mailId, mailId]);
    expect(await typesOf(w.store, mailId)).toEqual([
      'MailQueued',
      'MailSent',
      'MailResendRequested',
      'MailSent',
    ]);
  });

  it('two senders on one database: one holds the lease and delivers, the other delivers nothing', async () => {
    const w = await openWorld();
    const a = flakyTransport(0);
    const b = flakyTransport(0);
    const first = senderOn(w, a.transports);
    const second = senderOn(w, b.transports);
    const one = await queue(w.store, w.clock.now);
    await first.react(one.queued);
    await second.react(one.queued);
    const two = await queue(w.store, w.clock.now);
    await second.react(two.queued);
    await w.settled();
    await second.tick();
    await first.tick();
    expect(a.delivered.map((m) => m.mailId).sort()).toEqual([one.mailId, two.mailId].sort());
    expect(b.delivered).toEqual([]);

    // The holder stops: the other takes the lease and sends what is queued from then on.
    await first.stop!();
    const three = await queue(w.store, w.clock.now);
    await second.react(three.queued);
    expect(b.delivered.map((m) => m.mailId)).toEqual([three.mailId]);
  });
});
