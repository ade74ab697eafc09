import { createHash, randomUUID } from 'node:crypto';
import { D, formatInr, inr, type Dec } from '../domain/shared/money.ts';
import type { Actor, NewEvent } from '../eventstore/types.ts';
import type { AccountEvent } from '../domain/identity/account-events.ts';
import type { IdentityEvent } from '../domain/identity/events.ts';
import type { MailEvent } from '../domain/mail/events.ts';
import type { TenantEvent } from '../domain/tenancy/events.ts';
import type { WalletEvent } from '../domain/wallet/events.ts';
import { userStreamId } from '../domain/identity/events.ts';
import { mailStreamId } from '../domain/mail/events.ts';
import { tenantStreamId } from '../domain/tenancy/events.ts';
import { walletStreamId } from '../domain/wallet/events.ts';
import { operatorTenant } from '../server/bootstrap.ts';
import { seededRandom } from '../server/testing/random.ts';

/**
 * Realistic events for the benchmarks: the real event shapes of the domain (so the projectors do
 * their real work and the rows have their real width), with metadata as the command handler
 * writes it and balances that add up along each wallet. Deterministic from a seed.
 */

type AnyDomainEvent = WalletEvent | IdentityEvent | AccountEvent | MailEvent | TenantEvent;

export const TENANT_ID = 'akashone';
const ADMIN: Actor = { userId: '00000000-0000-4000-8000-00000000a001', role: 'admin' };
const SYSTEM: Actor = { userId: 'system', role: 'system' };

const hex = (rand: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** A domain event wrapped as the command handler would append it. */
export function toNewEvent(
  e: AnyDomainEvent,
  actor: Actor,
  occurredAt: string,
  cause?: { correlationId: string; causationId: string },
): NewEvent {
  const commandId = randomUUID();
  return {
    id: randomUUID(),
    type: e.type,
    data: e.data as unknown as Record<string, unknown>,
    metadata: {
      tenantId: TENANT_ID,
      actor,
      commandId,
      commandHash: createHash('sha256').update(commandId).digest('hex').slice(0, 32),
      correlationId: cause?.correlationId ?? commandId,
      causationId: cause?.causationId ?? commandId,
      occurredAt,
      schemaVersion: 1,
    },
  };
}

export interface PlannedStream {
  streamId: string;
  events: NewEvent[];
}

/** The operator tenant as bootstrap creates it, so the bench rebuilds what a real start writes. */
export function tenantStream(at: string): PlannedStream {
  const { tenantId, brand, legal, topUps, features } = operatorTenant;
  const data = { tenantId, brand, legal, topUps, features, createdAt: at };
  return {
    streamId: tenantStreamId(TENANT_ID),
    events: [toNewEvent({ type: 'TenantCreated', data }, SYSTEM, at)],
  };
}

const FIRST = [
  'Aarav',
  'Priya',
  'Rohan',
  'Ananya',
  'Vikram',
  'Meera',
  'Arjun',
  'Kavya',
  'Ishaan',
  'Diya',
  'Kabir',
  'Sneha',
];
const LAST = [
  'Sharma',
  'Iyer',
  'Patel',
  'Reddy',
  'Nair',
  'Gupta',
  'Kulkarni',
  'Menon',
  'Das',
  'Singh',
  'Joshi',
  'Bose',
];
const TOP_UPS = ['500.00', '1000.00', '2000.00', '2500.00', '5000.00', '10000.00', '25000.00'];
const PLANS = [
  { name: 'VPS 1 GB', price: '588.82' },
  { name: 'VPS 2 GB', price: '1178.82' },
  { name: 'VPS 4 GB', price: '2358.82' },
  { name: 'Dedicated E-2236', price: '9438.82' },
  { name: 'Object storage 100 GB', price: '236.00' },
];
/**
 * Billing addresses (place of supply) in turn: mostly intra-state for the Maharashtra operator,
 * then inter-state ones and a union territory; every tenth customer is a registered business.
 */
const PLACES = [
  { city: 'Pune', stateCode: '27', postalCode: '411001' },
  { city: 'Mumbai', stateCode: '27', postalCode: '400001' },
  { city: 'Bengaluru', stateCode: '29', postalCode: '560025' },
  { city: 'Nagpur', stateCode: '27', postalCode: '440001' },
  { city: 'Chandigarh', stateCode: '04', postalCode: '160017' },
  { city: 'New Delhi', stateCode: '07', postalCode: '110001' },
];
const BUSINESSES = [
  { company: 'Sahyadri Web Services Pvt Ltd', gstin: '27AAPFU0939F1ZV', place: PLACES[0]! },
  { company: 'Cloudnine Analytics Pvt Ltd', gstin: '29AAFCC9980M1ZR', place: PLACES[2]! },
];

const REJECTIONS = [
  'No payment with this reference reached our account',
  'The proof shows a different amount',
  'Duplicate of an earlier request',
];

/**
 * One customer's life: email reservation, registration, sign-ins, and a wallet whose top-ups are
 * requested then approved or rejected (each decision mailed), debits only while the balance
 * allows them, and some debits reversed. `startMs` is when the customer registers.
 */
export function customerStreams(
  rand: () => number,
  index: number,
  startMs: number,
): PlannedStream[] {
  let t = startMs;
  const at = (minMinutes: number, maxMinutes: number) => {
    t += Math.round((minMinutes + rand() * (maxMinutes - minMinutes)) * 60_000);
    return new Date(t).toISOString();
  };
  const customerId = randomUUID();
  const me: Actor = { userId: customerId, role: 'customer' };
  const name = `${pick(rand, FIRST)} ${pick(rand, LAST)}`;
  const email = `${name.toLowerCase().replace(' ', '.')}.${index}@example.in`;
  const registeredAt = at(0, 1);

  const emailEvents = [
    toNewEvent({ type: 'EmailReserved', data: { email, userId: customerId } }, me, registeredAt),
  ];
  const passwordHash = `$2b$10$${hex(rand, 53)}`;
  const userEvents = [
    toNewEvent(
      {
        type: 'UserRegistered',
        data: { userId: customerId, email, name, role: 'customer', passwordHash, registeredAt },
      },
      me,
      registeredAt,
    ),
  ];
  // The billing profile orders need (place of supply), set right after registering.
  // (No draw from `rand` here, so the wallets, and appendPayloads, stay as they were.)
  const business = index % 10 === 9 ? BUSINESSES[Math.floor(index / 10) % 2]! : null;
  const place = business?.place ?? PLACES[index % PLACES.length]!;
  const profiledAt = new Date(Date.parse(registeredAt) + 5 * 60_000).toISOString();
  userEvents.push(
    toNewEvent(
      {
        type: 'ProfileUpdated',
        data: {
          userId: customerId,
          name,
          company: business?.company ?? null,
          phone: null,
          address: { line1: `${10 + (index % 90)} MG Road`, line2: null, ...place, country: 'IN' },
          gstin: business?.gstin ?? null,
          at: profiledAt,
        },
      },
      me,
      profiledAt,
    ),
  );
  const ip = `49.36.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`;

  const wallet: NewEvent[] = [];
  const mails: PlannedStream[] = [];
  let balance: Dec = new D(0);
  const pending: { topUpId: string; amount: string }[] = [];
  const debits: { paymentId: string; amount: string; reversed: boolean }[] = [];
  const steps = 9 + Math.floor(rand() * 6);

  const mail = (decision: NewEvent, subject: string, text: string, when: string) => {
    const mailId = randomUUID();
    const cause = { correlationId: decision.metadata.correlationId, causationId: decision.id };
    const events = [
      toNewEvent(
        {
          type: 'MailQueued',
          data: { mailId, to: email, subject, text, causedBy: decision.id, queuedAt: when },
        },
        SYSTEM,
        when,
        cause,
      ),
    ];
    if (rand() < 0.7) {
      const sentAt = at(0, 2);
      events.push(
        toNewEvent({ type: 'MailSent', data: { mailId, sentAt } }, SYSTEM, sentAt, cause),
      );
    }
    mails.push({ streamId: mailStreamId(mailId), events });
  };

  /** An admin decides a top-up (approved with probability `pApprove`), and the customer is mailed. */
  const decide = (topUp: { topUpId: string; amount: string }, pApprove: number) => {
    const when = at(10, 1440);
    if (rand() < pApprove) {
      balance = balance.plus(topUp.amount);
      const e = toNewEvent(
        {
          type: 'TopUpApproved',
          data: {
            topUpId: topUp.topUpId,
            customerId,
            amount: topUp.amount,
            balanceAfter: inr(balance),
            approvedBy: ADMIN.userId,
            approvedAt: when,
          },
        },
        ADMIN,
        when,
      );
      wallet.push(e);
      mail(
        e,
        `AkashOne.com: ${formatInr(topUp.amount)} added to your wallet`,
        `Hello ${name},\n\nYour top-up of ${formatInr(topUp.amount)} was approved. Your wallet balance is now ${formatInr(balance)}.\n\n— AkashOne.com`,
        when,
      );
    } else {
      const reason = pick(rand, REJECTIONS);
      const e = toNewEvent(
        {
          type: 'TopUpRejected',
          data: {
            topUpId: topUp.topUpId,
            customerId,
            reason,
            rejectedBy: ADMIN.userId,
            rejectedAt: when,
          },
        },
        ADMIN,
        when,
      );
      wallet.push(e);
      mail(
        e,
        'AkashOne.com: your top-up request was not approved',
        `Hello ${name},\n\nWe could not approve your top-up request.\nReason: ${reason}\n\nReply to this mail or open a ticket if you believe this is wrong.\n\n— AkashOne.com`,
        when,
      );
    }
  };

  for (let step = 0; step < steps; step++) {
    const r = step === 0 ? 0 : rand();
    if (r < 0.34) {
      const topUpId = randomUUID();
      const amount = pick(rand, TOP_UPS);
      const method = rand() < 0.8 ? ('BANK_TRANSFER' as const) : ('CRYPTO' as const);
      const reference =
        method === 'BANK_TRANSFER'
          ? `UTR ${hex(rand, 4).toUpperCase()}${Math.floor(rand() * 1e10)}`
          : `tx:${hex(rand, 64)}`;
      const pdf = rand() < 0.5;
      const proof = {
        sha256: hex(rand, 64),
        fileName: pdf ? `receipt-${index}-${step}.pdf` : `screenshot-${step}.png`,
        contentType: pdf ? 'application/pdf' : 'image/png',
        size: 40_000 + Math.floor(rand() * 900_000),
      };
      const requestedAt = at(5, 600);
      wallet.push(
        toNewEvent(
          {
            type: 'TopUpRequested',
            data: { topUpId, customerId, amount, method, reference, proof, requestedAt },
          },
          me,
          requestedAt,
        ),
      );
      pending.push({ topUpId, amount });
    } else if (r < 0.62 && pending.length > 0) {
      decide(pending.shift()!, 0.87);
    } else {
      const open = debits.filter((d) => !d.reversed);
      if (open.length > 0 && rand() < 0.12) {
        const d = open[Math.floor(rand() * open.length)]!;
        d.reversed = true;
        balance = balance.plus(d.amount);
        const when = at(1, 120);
        wallet.push(
          toNewEvent(
            {
              type: 'WalletDebitReversed',
              data: {
                paymentId: d.paymentId,
                customerId,
                amount: d.amount,
                balanceAfter: inr(balance),
                reason: 'Provisioning failed',
                reversedAt: when,
              },
            },
            SYSTEM,
            when,
          ),
        );
        continue;
      }
      const plan = pick(rand, PLANS);
      if (balance.lt(plan.price)) continue;
      balance = balance.minus(plan.price);
      const paymentId = randomUUID();
      const when = at(1, 2880);
      wallet.push(
        toNewEvent(
          {
            type: 'WalletDebited',
            data: {
              paymentId,
              customerId,
              amount: plan.price,
              balanceAfter: inr(balance),
              description: `${plan.name} · order ${paymentId.slice(0, 8)}`,
              debitedAt: when,
            },
          },
          me,
          when,
        ),
      );
      debits.push({ paymentId, amount: plan.price, reversed: false });
    }
  }

  // Admins get to most requests in the end; the newest may still be waiting.
  for (const topUp of pending.splice(0, Math.max(0, pending.length - 1))) decide(topUp, 0.9);

  const session = () => {
    const sessionRef = hex(rand, 16);
    const inAt = at(1, 600);
    const outAt = at(5, 120);
    return [
      toNewEvent(
        { type: 'UserSignedIn', data: { userId: customerId, sessionRef, ip, at: inAt } },
        me,
        inAt,
      ),
      toNewEvent(
        { type: 'UserSignedOut', data: { userId: customerId, sessionRef, at: outAt } },
        me,
        outAt,
      ),
    ];
  };
  userEvents.push(...session(), ...session());

  return [
    {
      streamId: `email-${createHash('sha256').update(`${TENANT_ID}:${email}`).digest('hex').slice(0, 40)}`,
      events: emailEvents,
    },
    { streamId: userStreamId(customerId), events: userEvents },
    { streamId: walletStreamId(customerId), events: wallet },
    ...mails,
  ];
}

/**
 * Payloads for the append benchmark: the events of a few realistic wallets, each handed out
 * again with a fresh id (and commandId), so every append has the real width and shape.
 */
export function appendPayloads(count = 256): () => NewEvent {
  const rand = seededRandom(42);
  const templates: NewEvent[] = [];
  for (let i = 0; templates.length < count; i++) {
    const wallet = customerStreams(rand, i, Date.UTC(2026, 0, 1))[2]!;
    templates.push(...wallet.events);
  }
  let n = 0;
  return () => {
    const t = templates[n++ % templates.length]!;
    const commandId = randomUUID();
    return {
      ...t,
      id: randomUUID(),
      metadata: { ...t.metadata, commandId, correlationId: commandId, causationId: commandId },
    };
  };
}
