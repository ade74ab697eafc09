import { gql } from '$lib/graphql/client';
import type { DateTime, Decimal } from '$lib/graphql/scalars';

export type TopUpMethod = 'BANK_TRANSFER' | 'CRYPTO';
export type TopUpStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type LedgerEntryKind = 'CREDIT' | 'DEBIT';

export interface TopUpPaymentDetails {
  bankAccountName: string;
  bankName: string;
  bankAccountNumber: string;
  bankIfsc: string;
  bankBranch: string | null;
  upiId: string | null;
  cryptoAsset: string;
  cryptoNetwork: string;
  cryptoAddress: string;
  minAmount: Decimal;
  maxAmount: Decimal;
  cryptoEnabled: boolean;
}

export interface Proof {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  url: string;
}

export interface TopUp {
  id: string;
  customer: { id: string; email: string; name: string };
  amount: Decimal;
  method: TopUpMethod;
  reference: string;
  status: TopUpStatus;
  proof: Proof;
  requestedAt: DateTime;
  decidedAt: DateTime | null;
  decidedBy: string | null;
  rejectionReason: string | null;
  /** Admins: earlier requests of the tenant with the same reference (case and spaces ignored); approving needs them named. */
  duplicateOf: DuplicateTopUp[];
}

export interface DuplicateTopUp {
  id: string;
  status: TopUpStatus;
  amount: Decimal;
  reference: string;
  requestedAt: DateTime;
  customerName: string | null;
  customerEmail: string | null;
}

export interface LedgerEntry {
  id: string;
  occurredAt: DateTime;
  kind: LedgerEntryKind;
  description: string;
  amount: Decimal;
  balanceAfter: Decimal;
  eventId: string;
  eventType: string;
  streamId: string;
  revision: string;
  position: string;
  hash: string;
}

export interface Wallet {
  customerId: string;
  currency: string;
  balance: Decimal;
  entries: LedgerEntry[];
}

export interface WalletStatement {
  customerId: string;
  asOf: DateTime;
  balance: Decimal;
  totalCredits: Decimal;
  totalDebits: Decimal;
  entries: LedgerEntry[];
}

export interface TracedEvent {
  id: string;
  type: string;
  streamId: string;
  revision: string;
  position: string;
  occurredAt: DateTime;
  hash: string;
  data: string;
  metadata: string;
  chainValid: boolean;
}

export interface TopUpFilter {
  status?: TopUpStatus | null;
  method?: TopUpMethod | null;
  search?: string | null;
}

export interface ProofInput {
  fileName: string;
  contentType: string;
  base64: string;
}

const entryFields = 'id occurredAt kind description amount balanceAfter eventId eventType streamId revision position hash';
const topUpFields = `id amount method reference status requestedAt decidedAt decidedBy rejectionReason
  duplicateOf { id status amount reference requestedAt customerName customerEmail }
  customer { id email name }
  proof { fileName contentType size sha256 url }`;

export const WalletQuery = gql<{ wallet: Wallet }, { first?: number }>(`
  query Wallet($first: Int) {
    wallet { customerId currency balance entries(first: $first) { ${entryFields} } }
  }
`);

export const WalletBalanceQuery = gql<{ wallet: Pick<Wallet, 'customerId' | 'currency' | 'balance'> }, Record<string, never>>(`
  query WalletBalance { wallet { customerId currency balance } }
`);

export const WalletStatementQuery = gql<{ walletStatement: WalletStatement }, { asOf: DateTime }>(`
  query WalletStatement($asOf: DateTime!) {
    walletStatement(asOf: $asOf) { customerId asOf balance totalCredits totalDebits entries { ${entryFields} } }
  }
`);

export const TracedEventQuery = gql<{ tracedEvent: TracedEvent }, { eventId: string }>(`
  query TracedEvent($eventId: ID!) {
    tracedEvent(eventId: $eventId) { id type streamId revision position occurredAt hash data metadata chainValid }
  }
`);

export const TopUpsQuery = gql<
  { topUps: { items: TopUp[]; total: number } },
  { filter?: TopUpFilter; first?: number; offset?: number }
>(`
  query TopUps($filter: TopUpFilter, $first: Int, $offset: Int) {
    topUps(filter: $filter, first: $first, offset: $offset) { total items { ${topUpFields} } }
  }
`);

/** Only the count, for dashboards. */
export const TopUpCountQuery = gql<{ topUps: { total: number } }, { filter?: TopUpFilter }>(`
  query TopUpCount($filter: TopUpFilter) { topUps(filter: $filter, first: 1) { total } }
`);

export const PaymentDetailsQuery = gql<{ topUpPaymentDetails: TopUpPaymentDetails }, Record<string, never>>(`
  query TopUpPaymentDetails {
    topUpPaymentDetails {
      bankAccountName bankName bankAccountNumber bankIfsc bankBranch upiId
      cryptoAsset cryptoNetwork cryptoAddress minAmount maxAmount cryptoEnabled
    }
  }
`);

export const RequestTopUpMutation = gql<
  { requestTopUp: TopUp },
  { input: { commandId: string; amount: Decimal; method: TopUpMethod; reference: string; proof: ProofInput } }
>(`
  mutation RequestTopUp($input: RequestTopUpInput!) { requestTopUp(input: $input) { ${topUpFields} } }
`);

export const ApproveTopUpMutation = gql<{ approveTopUp: TopUp }, { input: { commandId: string; topUpId: string; confirmDuplicateOf?: string[] } }>(`
  mutation ApproveTopUp($input: ApproveTopUpInput!) { approveTopUp(input: $input) { ${topUpFields} } }
`);

export const RejectTopUpMutation = gql<
  { rejectTopUp: TopUp },
  { input: { commandId: string; topUpId: string; reason: string } }
>(`
  mutation RejectTopUp($input: RejectTopUpInput!) { rejectTopUp(input: $input) { ${topUpFields} } }
`);

export const methodLabels: Record<TopUpMethod, string> = {
  BANK_TRANSFER: 'Bank transfer',
  CRYPTO: 'Crypto',
};

export const statusLabels: Record<TopUpStatus, string> = {
  PENDING: 'Pending review',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
};
