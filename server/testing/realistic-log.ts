/**
 * The projector crash suites' log: the same generator as projections/shared/crash.int.test.ts
 * (kept there inline); esdb-projector-crash.int.test.ts writes it to the EventStoreDB double.
 */
import { emailStreamId } from '../../commands/identity/register.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import type { EventMetadata, NewEvent } from '../../eventstore/types.ts';
import { operatorTenant } from '../bootstrap.ts';

const money = (paise: number) => (paise / 100).toFixed(2);

/**
 * A realistic log of exactly `total` events, in the shapes of domain/*\/events.ts: the operator
 * tenant, then per customer an email reservation, registration and sign-ins, a wallet history
 * (requests approved or rejected, payments, reversals) with consistent running balances, and
 * the mails top-up approvals queue.
 */
export function realisticLog(
  total: number,
  rnd: () => number,
): { streamId: string; events: NewEvent[] }[] {
  const T = operatorTenant.tenantId;
  let clock = Date.UTC(2026, 0, 1);
  const meta = (commandId: string, userId: string, role: string): EventMetadata => {
    clock += 1000 + Math.floor(rnd() * 60_000);
    const occurredAt = new Date(clock).toISOString();
    return {
      tenantId: T,
      actor: { userId, role },
      commandId,
      commandHash: uuidFrom(`h:${commandId}`).replace(/-/g, '').slice(0, 32),
      correlationId: commandId,
      causationId: commandId,
      occurredAt,
      schemaVersion: 1,
    };
  };
  const ev = (
    key: string,
    type: string,
    data: Record<string, unknown>,
    m: EventMetadata,
  ): NewEvent => ({ id: uuidFrom(`crash:${key}`), type, data, metadata: m });
  const streams = [
    {
      streamId: `tenant-${T}`,
      events: [
        ev(
          'tenant',
          'TenantCreated',
          { ...operatorTenant, createdAt: new Date(clock).toISOString() },
          meta('bootstrap:tenant:operator', 'system', 'system'),
        ),
      ],
    },
  ];
  let count = 1;
  for (let c = 0; count < total; c++) {
    const userId = uuidFrom(`crash:user:${c}`);
    const email = `customer${c}@example.com`;
    const reg = meta(`register:${c}`, 'system', 'system');
    streams.push({
      streamId: emailStreamId(T, email),
      events: [ev(`email:${c}`, 'EmailReserved', { email, userId }, reg)],
    });
    const user = [
      ev(
        `user:${c}`,
        'UserRegistered',
        {
          userId,
          email,
          name: `Customer ${c} · ग्राहक`,
          role: 'customer',
          passwordHash: `$2b$10$${'x'.repeat(53)}`,
          registeredAt: reg.occurredAt,
        },
        reg,
      ),
    ];
    for (let s = 0; s < 2; s++) {
      const m = meta(`signin:${c}:${s}`, userId, 'customer');
      user.push(
        ev(
          `signin:${c}:${s}`,
          'UserSignedIn',
          {
            userId,
            sessionRef: uuidFrom(`session:${c}:${s}`).slice(0, 16),
            ip: `10.0.${c % 250}.${s + 1}`,
            at: m.occurredAt,
          },
          m,
        ),
      );
    }
    streams.push({ streamId: `user-${userId}`, events: user });
    count += 4;

    const wallet: NewEvent[] = [];
    const mails: { streamId: string; events: NewEvent[] }[] = [];
    let balance = 0;
    const paid: { id: string; amount: number }[] = [];
    const length = Math.min(20 + Math.floor(rnd() * 25), total - count);
    for (let i = 0; wallet.length < length; i++) {
      const cmd = `${c}:${i}`;
      const r = rnd();
      if (r < 0.35 || balance === 0) {
        const topUpId = uuidFrom(`crash:topup:${cmd}`);
        const amount = 10_000 + Math.floor(rnd() * 20_000_00);
        const m = meta(`req:${cmd}`, userId, 'customer');
        wallet.push(
          ev(
            `req:${cmd}`,
            'TopUpRequested',
            {
              topUpId,
              customerId: userId,
              amount: money(amount),
              method: rnd() < 0.8 ? 'BANK_TRANSFER' : 'CRYPTO',
              reference: `UTR${c}X${i}`,
              proof: {
                sha256: uuidFrom(`p:${cmd}`).replace(/-/g, '').padEnd(64, '0'),
                fileName: 'receipt.png',
                contentType: 'image/png',
                size: 2048,
              },
              requestedAt: m.occurredAt,
            },
            m,
          ),
        );
        if (wallet.length >= length) break;
        const d = meta(`decide:${cmd}`, 'admin-1', 'admin');
        if (rnd() < 0.85) {
          balance += amount;
          wallet.push(
            ev(
              `approve:${cmd}`,
              'TopUpApproved',
              {
                topUpId,
                customerId: userId,
                amount: money(amount),
                balanceAfter: money(balance),
                approvedBy: 'admin-1',
                approvedAt: d.occurredAt,
              },
              d,
            ),
          );
          if (mails.length === 0 && count + length + 2 <= total) {
            const mailId = uuidFrom(`mail:${cmd}`);
            const q = meta(`mail:${cmd}`, 'system', 'system');
            const s = meta(`sent:${cmd}`, 'system', 'system');
            mails.push({
              streamId: `mail-${mailId}`,
              events: [
                ev(
                  `mailq:${cmd}`,
                  'MailQueued',
                  {
                    mailId,
                    to: email,
                    subject: `₹${money(amount)} added to your wallet`,
                    text: 'Your top-up was approved.',
                    causedBy: uuidFrom(`crash:approve:${cmd}`),
                    queuedAt: q.occurredAt,
                  },
                  q,
                ),
                ev(`mails:${cmd}`, 'MailSent', { mailId, sentAt: s.occurredAt }, s),
              ],
            });
          }
        } else {
          wallet.push(
            ev(
              `reject:${cmd}`,
              'TopUpRejected',
              {
                topUpId,
                customerId: userId,
                reason: 'UTR not found',
                rejectedBy: 'admin-1',
                rejectedAt: d.occurredAt,
              },
              d,
            ),
          );
        }
      } else if (r < 0.85 || paid.length === 0) {
        const amount = 1 + Math.floor(rnd() * balance);
        balance -= amount;
        const paymentId = uuidFrom(`crash:payment:${cmd}`);
        paid.push({ id: paymentId, amount });
        const m = meta(`pay:${cmd}`, userId, 'customer');
        wallet.push(
          ev(
            `pay:${cmd}`,
            'WalletDebited',
            {
              paymentId,
              customerId: userId,
              amount: money(amount),
              balanceAfter: money(balance),
              description: `Invoice INV/2026/${c}-${i}`,
              debitedAt: m.occurredAt,
            },
            m,
          ),
        );
      } else {
        const p = paid.splice(Math.floor(rnd() * paid.length), 1)[0]!;
        balance += p.amount;
        const m = meta(`reverse:${cmd}`, 'system', 'system');
        wallet.push(
          ev(
            `reverse:${cmd}`,
            'WalletDebitReversed',
            {
              paymentId: p.id,
              customerId: userId,
              amount: money(p.amount),
              balanceAfter: money(balance),
              reason: 'provisioning failed',
              reversedAt: m.occurredAt,
            },
            m,
          ),
        );
      }
    }
    if (wallet.length) streams.push({ streamId: `wallet-${userId}`, events: wallet });
    count += wallet.length;
    for (const m of mails) {
      streams.push(m);
      count += m.events.length;
    }
  }
  return streams;
}
