import type { Sql } from 'postgres';
import { fold } from '../../domain/shared/decider.ts';
import {
  mailDecider,
  mailStreamId,
  type MailEvent,
  type MailQueued,
  type MailState,
} from '../../domain/mail/events.ts';
import { openMailText } from '../../commands/mail/queue-mail.ts';
import { handleCommand, type CommandDeps } from '../../commands/shared/handler.ts';
import { loadTenant } from '../../commands/shared/tenant.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { dueMails } from '../../projections/mail/queries.ts';
import { postgresLease } from '../leases.ts';
import { within } from '../../projections/shared/within.ts';
import type { Reactor } from '../reactor.ts';
import type { MailTransports } from './transport.ts';
import { composeMessage } from './compose.ts';
import { renderAttachments, type AttachmentRenderer } from './attachments.ts';

/** A token bucket per transport name: `perSecond` mails, bursts of up to `burst`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => Date,
  ) {
    if (!(perSecond > 0) || !(burst >= 1))
      throw new Error('a rate limit needs perSecond > 0, burst >= 1');
  }
  /** Takes a token for `name`: 0 when one was free, else how many ms until one is (none taken). */
  take(name: string): number {
    const t = this.now().getTime();
    const b = this.buckets.get(name) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.buckets.set(name, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.perSecond) * 1000);
  }
}

export interface SenderOptions {
  /** The outbox read model and the sender's lease (null: one process, no lease, no timer query). */
  sql: Sql | null;
  /** How often due retries and resends are looked for (ms); 0: no timer (tests tick it). */
  tickMs?: number;
  /** Mails per second per transport name (default 10), and the burst (default the same). */
  ratePerSecond?: number;
  rateBurst?: number;
  log?: (msg: string, extra?: object) => void;
  /** Renders the documents a mail names (MailQueued.attachments); one it cannot render yet is a failed attempt, retried. */
  attachments?: AttachmentRenderer;
}

/** A permanent refusal (integrations/mail/delivery-error.ts MailDeliveryError): no retry. */
const isPermanent = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { permanent?: unknown }).permanent === true;

/**
 * Delivers queued mails: opens the sealed text (the only place a mail's secrets exist besides
 * the recipient's copy), hands it to the tenant's transport and reports MailSent (via, provider
 * message id) or MailDeliveryFailed by commands with ids derived from the mail, its delivery
 * (0, or the resend's number) and the attempt. A failed attempt is retried after 1 min, 5 min,
 * 30 min and 2 h (domain/mail/events.ts retryDelayMs), then the mail is FAILED; a permanent
 * refusal fails it at once. A timer (start/stop, the injected clock) picks the mails whose next
 * attempt is due from the outbox read model and re-checks each one's stream before delivering:
 * a mail whose stream has MailSent after its last resend request is never delivered again.
 *
 * At least once, and what that allows: if the process dies (or the report fails) after the
 * provider accepted a mail and before MailSent is recorded, the mail stays QUEUED/RETRYING and
 * is delivered once more on the next attempt, with the same mail id and so the same Message-ID
 * (a transport keys the message by the mail id); the recipient may get it twice, and a mail
 * service that deduplicates by Message-ID shows it once. Each such crash allows one more
 * delivery; with no crash, each delivery (the first, or one per resend) leaves once.
 *
 * One process at a time: the sender holds the `mail.sender` lease (integrations/leases.ts) while it
 * sends, renewed at most every 5 s as it works and lapsing 30 s after the last renewal; a process
 * without it delivers nothing and asks again on each tick and event (the holder's timer finds
 * mails queued meanwhile: a queued mail is due at once in the outbox). If a holder stalls past its
 * lease while another takes over, a mail both pick up is re-checked against its stream by each.
 */
/** How often a holder renews its lease, and how long the lease lasts after a renewal. */
const LEASE_RENEW_MS = 5_000;
const LEASE_MS = 30_000;

export function mailSender(
  deps: CommandDeps,
  transports: MailTransports,
  key: Buffer,
  options: SenderOptions = { sql: null },
): Reactor & { tick(): Promise<void> } {
  const { sql, tickMs = 15_000, log = () => {} } = options;
  const limiter = new RateLimiter(
    options.ratePerSecond ?? 10,
    options.rateBurst ?? options.ratePerSecond ?? 10,
    deps.now,
  );
  const lease = sql ? postgresLease(sql, 'mail.sender', LEASE_MS) : null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> = Promise.resolve();

  /** When the lease was last renewed (the process's own clock: only the interval matters). */
  let renewedAt = -Infinity;
  async function holdsLease(): Promise<boolean> {
    if (!lease) return true;
    if (Date.now() - renewedAt < LEASE_RENEW_MS) return true;
    const held = await lease.take().catch((error: Error) => {
      log('mail sender cannot renew its lease', { err: error.message });
      return false;
    });
    renewedAt = held ? Date.now() : -Infinity;
    return held;
  }

  async function deliver(
    tenantId: string,
    mailId: string,
    causationId?: string,
    correlationId?: string,
  ) {
    const stream = (await deps.store.readStream(mailStreamId(mailId))) as unknown as {
      type: MailEvent['type'];
      data: MailEvent['data'];
    }[];
    const queued = stream.find((e) => e.type === 'MailQueued');
    if (!queued) return;
    const state: MailState = fold(mailDecider, stream as MailEvent[]);
    if (state.status === 'SENT' || state.status === 'FAILED') return;
    const now = deps.now().toISOString();
    if (state.status === 'RETRYING' && state.retryAt && state.retryAt > now) return;
    const mail = queued.data as MailQueued['data'];
    const transport = await transports.forTenant(tenantId);
    const wait = limiter.take(transport.name);
    if (wait > 0) return; // over the limit: the next tick finds it due still
    const suffix = state.delivery === 0 ? '' : `:r${state.delivery}`;
    const ctx = (commandId: string) => ({
      tenantId,
      actor: { userId: 'system', role: 'system' as const },
      commandId,
      correlationId: correlationId ?? commandId,
      ...(causationId ? { causationId } : {}),
    });
    let receipt;
    try {
      const tenant = await loadTenant(deps.store, tenantId);
      const text = mail.sealedText ? openMailText(key, mail.mailId, mail.sealedText) : mail.text;
      const attachments = await renderAttachments(options.attachments, tenantId, mail.attachments);
      receipt = await transport.deliver(
        composeMessage({ mail, text, brand: tenant.brand, legal: tenant.legal, attachments }),
      );
    } catch (error) {
      const attempt = state.attempts + 1;
      await handleCommand(deps, ctx(`mail-failed:${mailId}${suffix}:${attempt}`), {
        streamId: mailStreamId(mailId),
        decider: mailDecider,
        command: (at) => ({
          type: 'RecordDeliveryFailure' as const,
          attempt,
          error: (error as Error).message ?? String(error),
          permanent: isPermanent(error),
          now: at,
        }),
      });
      return;
    }
    await handleCommand(deps, ctx(`mail-sent:${mailId}${suffix}`), {
      streamId: mailStreamId(mailId),
      decider: mailDecider,
      command: (at) => ({
        type: 'MarkMailSent' as const,
        via: transport.name,
        ...(receipt?.providerMessageId ? { providerMessageId: receipt.providerMessageId } : {}),
        now: at,
      }),
    });
  }

  async function tick() {
    if (!sql || !(await holdsLease())) return;
    const due = await dueMails(sql, deps.now().toISOString(), 100);
    for (const m of due) {
      try {
        await deliver(m.tenant_id, m.id);
      } catch (error) {
        log('mail sender could not deliver a mail; it is retried', {
          mailId: m.id,
          err: (error as Error).message,
        });
      }
    }
  }

  return {
    name: 'mail.sender',
    // A queued mail, and a resend staff asked for, leave at once; retries wait for the timer.
    handles: new Set(['MailQueued', 'MailResendRequested']),
    async react(event: RecordedEvent) {
      if (!(await holdsLease())) return;
      const mail = event.data as { mailId: string };
      await deliver(event.metadata.tenantId, mail.mailId, event.id, event.metadata.correlationId);
    },
    tick: () => (running = running.then(tick, tick)),
    async start() {
      if (sql && tickMs > 0)
        timer = setInterval(() => {
          running = running
            .then(tick)
            .catch((error: Error) => log('mail sender tick failed', { err: error.message }));
        }, tickMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running.catch(() => {});
      if (lease && renewedAt > -Infinity) {
        // Giving the lease back hands it over at once (else it lapses). Bounded, so a database
        // that is down does not hold up the platform's close.
        renewedAt = -Infinity;
        await within(lease.give(), 2_000, 'mail sender lease').catch(() => {});
      }
    },
  };
}
