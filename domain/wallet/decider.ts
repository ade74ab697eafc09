import { D, inr, parseInr, type Dec } from '../shared/money.ts';
import { badInput, conflict, notFound, type Decider } from '../shared/decider.ts';
import type { ProofFile, TopUpMethod, WalletCreditSource, WalletEvent } from './events.ts';

/**
 * The wallet ledger of one customer. Top-up requests live in the same stream as the balance
 * they credit, so an approval and its credit are one event, decided once, and the balance can
 * never go below zero (every debit is checked against the folded balance at an exact revision).
 */
export interface WalletState {
  customerId: string | null;
  balance: Dec;
  topUps: Map<string, { status: 'PENDING' | 'APPROVED' | 'REJECTED'; amount: Dec }>;
  payments: Map<string, { amount: Dec; reversed: boolean }>;
  /** creditId → amount: a credit note or refund credits the wallet once. */
  credits: Map<string, Dec>;
  /** Renewal invoices are paid from the wallet by themselves: on until the customer sets it (AutoPaySet). */
  autoPay: boolean;
}

export interface TopUpLimits {
  min: string;
  max: string;
}

export type WalletCommand =
  | {
      type: 'RequestTopUp';
      topUpId: string;
      customerId: string;
      amount: Dec;
      method: TopUpMethod;
      reference: string;
      proof: ProofFile;
      limits: TopUpLimits;
      cryptoEnabled: boolean;
      now: string;
    }
  | {
      type: 'ApproveTopUp';
      topUpId: string;
      approvedBy: string;
      /** Earlier requests with the same reference the admin confirmed are not this payment (checked by the command layer). */
      confirmedDuplicateOf?: string[];
      now: string;
    }
  | { type: 'RejectTopUp'; topUpId: string; reason: string; rejectedBy: string; now: string }
  | {
      type: 'DebitWallet';
      paymentId: string;
      customerId: string;
      amount: Dec;
      description: string;
      now: string;
    }
  | { type: 'ReverseDebit'; paymentId: string; reason: string; now: string }
  | {
      type: 'CreditWallet';
      creditId: string;
      customerId: string;
      amount: string;
      reason: string;
      source: WalletCreditSource;
      now: string;
    }
  | { type: 'SetAutoPay'; customerId: string; enabled: boolean; setBy: string; now: string };

export const initialWallet: WalletState = {
  customerId: null,
  balance: new D(0),
  topUps: new Map(),
  payments: new Map(),
  credits: new Map(),
  autoPay: true,
};

type Cmd<T extends WalletCommand['type']> = Extract<WalletCommand, { type: T }>;

function requestTopUp(command: Cmd<'RequestTopUp'>, state: WalletState): WalletEvent[] {
  const { amount, limits } = command;
  if (amount.lte(0)) throw badInput('amount', 'Amount must be greater than zero.');
  if (amount.lt(limits.min)) throw badInput('amount', `The smallest top-up is ₹${limits.min}.`);
  if (amount.gt(limits.max)) throw badInput('amount', `The largest top-up is ₹${limits.max}.`);
  if (command.method === 'CRYPTO' && !command.cryptoEnabled)
    throw badInput('method', 'Crypto top-ups are not available.');
  if (state.topUps.has(command.topUpId))
    throw conflict(`Top-up ${command.topUpId} already exists.`);
  return [
    {
      type: 'TopUpRequested',
      data: {
        topUpId: command.topUpId,
        customerId: command.customerId,
        amount: inr(amount),
        method: command.method,
        reference: command.reference,
        proof: command.proof,
        requestedAt: command.now,
      },
    },
  ];
}

/** Approving and rejecting both need a top-up that still waits. */
function pendingTopUp(state: WalletState, topUpId: string) {
  const topUp = state.topUps.get(topUpId);
  if (!topUp) throw notFound(`top-up ${topUpId}`);
  if (topUp.status !== 'PENDING')
    throw conflict(`This top-up was already ${topUp.status.toLowerCase()}.`);
  return topUp;
}

function approveTopUp(command: Cmd<'ApproveTopUp'>, state: WalletState): WalletEvent[] {
  const topUp = pendingTopUp(state, command.topUpId);
  return [
    {
      type: 'TopUpApproved',
      data: {
        topUpId: command.topUpId,
        customerId: state.customerId!,
        amount: inr(topUp.amount),
        balanceAfter: inr(state.balance.plus(topUp.amount)),
        approvedBy: command.approvedBy,
        approvedAt: command.now,
      },
    },
  ];
}

function rejectTopUp(command: Cmd<'RejectTopUp'>, state: WalletState): WalletEvent[] {
  pendingTopUp(state, command.topUpId);
  return [
    {
      type: 'TopUpRejected',
      data: {
        topUpId: command.topUpId,
        customerId: state.customerId!,
        reason: command.reason,
        rejectedBy: command.rejectedBy,
        rejectedAt: command.now,
      },
    },
  ];
}

function debitWallet(command: Cmd<'DebitWallet'>, state: WalletState): WalletEvent[] {
  if (command.amount.lte(0)) throw badInput('amount', 'Amount must be greater than zero.');
  if (state.payments.has(command.paymentId))
    throw conflict(`Payment ${command.paymentId} was already taken.`);
  if (state.balance.lt(command.amount)) throw insufficientFunds(state.balance, command.amount);
  return [
    {
      type: 'WalletDebited',
      data: {
        paymentId: command.paymentId,
        customerId: command.customerId,
        amount: inr(command.amount),
        balanceAfter: inr(state.balance.minus(command.amount)),
        description: command.description,
        debitedAt: command.now,
      },
    },
  ];
}

function reverseDebit(command: Cmd<'ReverseDebit'>, state: WalletState): WalletEvent[] {
  const payment = state.payments.get(command.paymentId);
  if (!payment) throw notFound(`payment ${command.paymentId}`);
  if (payment.reversed) throw conflict('This payment was already reversed.');
  return [
    {
      type: 'WalletDebitReversed',
      data: {
        paymentId: command.paymentId,
        customerId: state.customerId!,
        amount: inr(payment.amount),
        balanceAfter: inr(state.balance.plus(payment.amount)),
        reason: command.reason,
        reversedAt: command.now,
      },
    },
  ];
}

function creditWallet(command: Cmd<'CreditWallet'>, state: WalletState): WalletEvent[] {
  let amount: Dec;
  try {
    amount = parseInr(command.amount);
  } catch {
    throw badInput('amount', 'A credit is an amount in rupees and paise, e.g. 1234.50.');
  }
  const prior = state.credits.get(command.creditId);
  if (prior) {
    if (prior.equals(amount)) return [];
    throw conflict(
      `Credit ${command.creditId} was already made with another amount (₹${inr(prior)}).`,
    );
  }
  if (amount.lte(0)) throw badInput('amount', 'Amount must be greater than zero.');
  if (command.source?.kind !== 'CREDIT_NOTE' && command.source?.kind !== 'REFUND')
    throw badInput('source.kind', 'Must be CREDIT_NOTE or REFUND.');
  return [
    {
      type: 'WalletCredited',
      data: {
        creditId: command.creditId,
        customerId: command.customerId,
        amount: inr(amount),
        balanceAfter: inr(state.balance.plus(amount)),
        reason: command.reason,
        source: { kind: command.source.kind, id: command.source.id },
        creditedAt: command.now,
      },
    },
  ];
}

function setAutoPay(command: Cmd<'SetAutoPay'>, state: WalletState): WalletEvent[] {
  if (typeof command.enabled !== 'boolean') throw badInput('enabled', 'Must be true or false.');
  if (command.enabled === state.autoPay) return [];
  return [
    {
      type: 'AutoPaySet',
      data: {
        customerId: command.customerId,
        enabled: command.enabled,
        setBy: command.setBy,
        setAt: command.now,
      },
    },
  ];
}

function decide(command: WalletCommand, state: WalletState): WalletEvent[] {
  switch (command.type) {
    case 'RequestTopUp':
      return requestTopUp(command, state);
    case 'ApproveTopUp':
      return approveTopUp(command, state);
    case 'RejectTopUp':
      return rejectTopUp(command, state);
    case 'DebitWallet':
      return debitWallet(command, state);
    case 'ReverseDebit':
      return reverseDebit(command, state);
    case 'CreditWallet':
      return creditWallet(command, state);
    case 'SetAutoPay':
      return setAutoPay(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown wallet command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

function insufficientFunds(balance: Dec, amount: Dec) {
  return conflict(
    `Insufficient wallet balance: ₹${inr(balance)} available, ₹${inr(amount)} needed.`,
  );
}

function evolve(state: WalletState, event: WalletEvent): WalletState {
  switch (event.type) {
    case 'TopUpRequested': {
      const topUps = new Map(state.topUps);
      topUps.set(event.data.topUpId, { status: 'PENDING', amount: new D(event.data.amount) });
      return { ...state, customerId: event.data.customerId, topUps };
    }
    case 'TopUpApproved':
    case 'TopUpRejected': {
      const topUps = new Map(state.topUps);
      const prior = topUps.get(event.data.topUpId)!;
      topUps.set(event.data.topUpId, {
        ...prior,
        status: event.type === 'TopUpApproved' ? 'APPROVED' : 'REJECTED',
      });
      const balance =
        event.type === 'TopUpApproved' ? state.balance.plus(event.data.amount) : state.balance;
      return { ...state, topUps, balance };
    }
    case 'WalletDebited': {
      const payments = new Map(state.payments);
      payments.set(event.data.paymentId, { amount: new D(event.data.amount), reversed: false });
      return {
        ...state,
        customerId: event.data.customerId,
        payments,
        balance: state.balance.minus(event.data.amount),
      };
    }
    case 'WalletDebitReversed': {
      const payments = new Map(state.payments);
      payments.set(event.data.paymentId, {
        ...payments.get(event.data.paymentId)!,
        reversed: true,
      });
      return { ...state, payments, balance: state.balance.plus(event.data.amount) };
    }
    case 'WalletCredited': {
      const credits = new Map(state.credits);
      credits.set(event.data.creditId, new D(event.data.amount));
      return {
        ...state,
        customerId: event.data.customerId,
        credits,
        balance: state.balance.plus(event.data.amount),
      };
    }
    case 'AutoPaySet':
      return { ...state, customerId: event.data.customerId, autoPay: event.data.enabled };
    default:
      return state;
  }
}

export const walletDecider: Decider<WalletCommand, WalletEvent, WalletState> = {
  initialState: initialWallet,
  decide,
  evolve,
};
