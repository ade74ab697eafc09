import type { DomainEvent } from '../shared/decider.ts';

export type TopUpMethod = 'BANK_TRANSFER' | 'CRYPTO';

export interface ProofFile {
  /** Content address in storage; never a client-given path. */
  sha256: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** A customer says they paid and asks for the wallet to be credited. No money moves yet. */
export type TopUpRequested = DomainEvent<
  'TopUpRequested',
  {
    topUpId: string;
    customerId: string;
    amount: string;
    method: TopUpMethod;
    reference: string;
    proof: ProofFile;
    requestedAt: string;
  }
>;

/** An admin saw the money arrive: the wallet is credited by `amount`. */
export type TopUpApproved = DomainEvent<
  'TopUpApproved',
  {
    topUpId: string;
    customerId: string;
    amount: string;
    balanceAfter: string;
    approvedBy: string;
    approvedAt: string;
  }
>;

export type TopUpRejected = DomainEvent<
  'TopUpRejected',
  { topUpId: string; customerId: string; reason: string; rejectedBy: string; rejectedAt: string }
>;

/** Money leaves the wallet to pay for something (an invoice, an order). */
export type WalletDebited = DomainEvent<
  'WalletDebited',
  {
    paymentId: string;
    customerId: string;
    amount: string;
    balanceAfter: string;
    description: string;
    debitedAt: string;
  }
>;

/** A debit is given back (provisioning failed, order cancelled): a new event, never a deletion. */
export type WalletDebitReversed = DomainEvent<
  'WalletDebitReversed',
  {
    paymentId: string;
    customerId: string;
    amount: string;
    balanceAfter: string;
    reason: string;
    reversedAt: string;
  }
>;

/** Where a credit comes from: a credit note to the wallet, or a refund of money paid outside. */
export type WalletCreditSource = { kind: 'CREDIT_NOTE' | 'REFUND'; id: string };

/** Money given to the wallet by the business (a credit note, a refund): once per `creditId`. */
export type WalletCredited = DomainEvent<
  'WalletCredited',
  {
    creditId: string;
    customerId: string;
    amount: string;
    balanceAfter: string;
    reason: string;
    source: WalletCreditSource;
    creditedAt: string;
  }
>;

/**
 * The customer's choice whether renewal invoices are paid from this wallet by themselves (on
 * until first set; the tenant's automation setting `autoPay` must be on too).
 */
export type AutoPaySet = DomainEvent<
  'AutoPaySet',
  { customerId: string; enabled: boolean; setBy: string; setAt: string }
>;

export type WalletEvent =
  | TopUpRequested
  | TopUpApproved
  | TopUpRejected
  | WalletDebited
  | WalletDebitReversed
  | WalletCredited
  | AutoPaySet;

export const walletEventTypes = [
  'TopUpRequested',
  'TopUpApproved',
  'TopUpRejected',
  'WalletDebited',
  'WalletDebitReversed',
  'WalletCredited',
  'AutoPaySet',
] as const;

export const walletStreamId = (customerId: string) => `wallet-${customerId}`;
