import type { TopUpStatus } from '$lib/graphql/generated/operations';
import * as ops from '$lib/graphql/generated/operations';

/*
 * The wallet's operations live in wallet.graphql; `npm run codegen` checks them against the SDL
 * and writes their typed documents. The types below are their results, so a page reads only
 * what its operation asked for.
 */
export type {
  LedgerEntryKind,
  TopUpFilter,
  TopUpMethod,
  TopUpStatus,
  ProofInput,
} from '$lib/graphql/generated/operations';

export type TopUpPaymentDetails = ops.TopUpPaymentDetailsQuery['topUpPaymentDetails'];
export type TopUp = ops.TopUpFieldsFragment;
export type Proof = TopUp['proof'];
/** Admins: earlier requests of the tenant with the same reference (case and spaces ignored); approving needs them named. */
export type DuplicateTopUp = TopUp['duplicateOf'][number];
export type LedgerEntry = ops.LedgerEntryFieldsFragment;
export type Wallet = ops.WalletQuery['wallet'];
export type WalletStatement = ops.WalletStatementQuery['walletStatement'];
export type TracedEvent = ops.TracedEventQuery['tracedEvent'];

export const WalletQuery = ops.WalletDocument;
export const WalletBalanceQuery = ops.WalletBalanceDocument;
export const WalletStatementQuery = ops.WalletStatementDocument;
export const TracedEventQuery = ops.TracedEventDocument;
export const TopUpsQuery = ops.TopUpsDocument;
/** Only the count, for dashboards. */
export const TopUpCountQuery = ops.TopUpCountDocument;
export const PaymentDetailsQuery = ops.TopUpPaymentDetailsDocument;
/** Every method with its label (the labels' one home is the server: domain/wallet/payment-methods.ts). */
export const PaymentMethodsQuery = ops.PaymentMethodsDocument;
export type PaymentMethodOption = ops.PaymentMethodsQuery['paymentMethods'][number];
export const RequestTopUpMutation = ops.RequestTopUpDocument;
export const ApproveTopUpMutation = ops.ApproveTopUpDocument;
export const RejectTopUpMutation = ops.RejectTopUpDocument;

export const statusLabels: Record<TopUpStatus, string> = {
  PENDING: 'Pending review',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
};
