import { expect } from 'vitest';
import {
  input,
  ownOnly,
  SIGNED_OUT,
  type IsolationCase,
  type Refusal,
} from '../access/testing/isolation-kit.ts';
import { m, NO_ID, proof, q, type MatrixRow } from '../access/testing/matrix-kit.ts';

/**
 * Wallets, statements and top-ups (wallet.graphql): how each operation is kept
 * within the caller's tenant and account (isolation, graphql/access/isolation.int.test.ts) and
 * which roles may call it (matrix, graphql/access/permission-matrix.int.test.ts). Registered by
 * server/areas/wallet.ts; a new operation in this area's SDL without both rows fails those suites.
 */

const SET_AUTO_PAY =
  'mutation($id: ID, $c: ID!) { setAutoPay(enabled: false, commandId: $c, customerId: $id) { autoPay } }';
const cmd = () => crypto.randomUUID();
const UNKNOWN: Refusal[] = ['BAD_USER_INPUT', 'NOT_FOUND'];

export const isolation: Record<string, IsolationCase> = {
  topUpPaymentDetails: {
    why: 'the host tenant’s own bank details',
    attempts: () => [
      {
        as: 'x',
        query: '{ topUpPaymentDetails { bankIfsc } }',
        answers: (d) => expect(d.topUpPaymentDetails.bankIfsc).toBe('HDFC0000123'),
      },
      { as: 'zOnA', query: '{ topUpPaymentDetails { bankIfsc } }', refused: SIGNED_OUT },
    ],
  },
  paymentMethods: {
    why: 'the same methods and labels for every tenant (domain/wallet/payment-methods.ts): no tenant’s data',
    attempts: () => [
      {
        as: 'x',
        query: '{ paymentMethods { method label } }',
        answers: (d) =>
          expect(d.paymentMethods.map((m: { method: string }) => m.method)).toEqual([
            'BANK_TRANSFER',
            'CRYPTO',
          ]),
      },
      { as: 'zOnA', query: '{ paymentMethods { method } }', refused: SIGNED_OUT },
    ],
  },
  wallet: {
    why: 'customers see their account’s wallet; admins name a customer of their tenant',
    attempts: (w) => [
      {
        as: 'x',
        query: 'query($id: ID) { wallet(customerId: $id) { balance } }',
        variables: { id: w.y.id },
      },
      {
        as: 'adminA',
        query: 'query($id: ID) { wallet(customerId: $id) { balance } }',
        variables: { id: w.z.id },
      },
      {
        as: 'superA',
        query: 'query($id: ID) { wallet(customerId: $id) { balance } }',
        variables: { id: w.z.id },
      },
      {
        as: 'adminB',
        query: 'query($id: ID) { wallet(customerId: $id) { balance } }',
        variables: { id: w.y.id },
      },
      { as: 'zOnA', query: '{ wallet { balance } }', refused: SIGNED_OUT },
    ],
  },
  walletStatement: {
    why: 'as wallet',
    attempts: (w) => [
      {
        as: 'x',
        query:
          'query($id: ID) { walletStatement(asOf: "2100-01-01T00:00:00Z", customerId: $id) { balance } }',
        variables: { id: w.y.id },
      },
      {
        as: 'adminA',
        query:
          'query($id: ID) { walletStatement(asOf: "2100-01-01T00:00:00Z", customerId: $id) { balance } }',
        variables: { id: w.z.id },
      },
    ],
  },
  topUps: {
    why: 'customers list their account’s requests; admins their tenant’s (row-level security)',
    attempts: (w) => [
      {
        as: 'x',
        query: '{ topUps(first: 200) { items { id } } }',
        answers: ownOnly([w.topUpY, w.topUpZ]),
      },
      {
        as: 'adminA',
        query: '{ topUps(first: 200) { items { id } } }',
        answers: ownOnly([w.topUpZ]),
      },
      {
        as: 'adminB',
        query: '{ topUps(first: 200) { items { id } } }',
        answers: ownOnly([w.topUpY]),
      },
    ],
  },
  topUp: {
    why: 'another customer’s or tenant’s request is not found',
    attempts: (w) => [
      { as: 'x', query: 'query($id: ID!) { topUp(id: $id) { id } }', variables: { id: w.topUpY } },
      {
        as: 'adminA',
        query: 'query($id: ID!) { topUp(id: $id) { id } }',
        variables: { id: w.topUpZ },
      },
      {
        as: 'superA',
        query: 'query($id: ID!) { topUp(id: $id) { id } }',
        variables: { id: w.topUpZ },
      },
    ],
  },
  tracedEvent: {
    why: 'only events of the caller’s own ledger (customers) or tenant (admins)',
    attempts: (w) => [
      {
        as: 'x',
        query: 'query($id: ID!) { tracedEvent(eventId: $id) { id } }',
        variables: { id: w.ledgerEventY },
      },
      {
        as: 'adminA',
        query: 'query($id: ID!) { tracedEvent(eventId: $id) { id } }',
        variables: { id: w.ledgerEventZ },
      },
    ],
  },

  requestTopUp: {
    why: 'credits only the account the session acts for (no customer id is taken)',
    attempts: (w) => [
      {
        as: 'zOnA',
        query: 'mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }',
        variables: input(w, {
          amount: '500.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR-ISO',
          proof: { fileName: 'p.png', contentType: 'image/png', base64: 'iVBORw0KGgo=' },
        }),
        refused: SIGNED_OUT,
      },
      {
        as: 'adminA',
        query: 'mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }',
        variables: input(w, {
          amount: '500.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR-ISO',
          proof: { fileName: 'p.png', contentType: 'image/png', base64: 'iVBORw0KGgo=' },
        }),
        refused: ['FORBIDDEN'],
      },
    ],
  },
  approveTopUp: {
    why: 'a request of another tenant is not found; customers may not approve',
    attempts: (w) => [
      {
        as: 'adminA',
        query: 'mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }',
        variables: input(w, { topUpId: w.topUpZ }),
      },
      {
        as: 'superA',
        query: 'mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }',
        variables: input(w, { topUpId: w.topUpZ }),
      },
      {
        as: 'x',
        query: 'mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }',
        variables: input(w, { topUpId: w.topUpY }),
      },
    ],
  },
  rejectTopUp: {
    why: 'as approveTopUp',
    attempts: (w) => [
      {
        as: 'adminA',
        query: 'mutation($input: RejectTopUpInput!) { rejectTopUp(input: $input) { id } }',
        variables: input(w, { topUpId: w.topUpZ, reason: 'not received' }),
      },
      {
        as: 'adminB',
        query: 'mutation($input: RejectTopUpInput!) { rejectTopUp(input: $input) { id } }',
        variables: input(w, { topUpId: w.topUpY, reason: 'not received' }),
      },
    ],
  },
  setAutoPay: {
    why: 'a customer sets their own account’s choice; staff name a customer of their tenant',
    attempts: (w) => [
      { as: 'x', query: SET_AUTO_PAY, variables: { id: w.y.id, c: cmd() }, refused: ['FORBIDDEN'] },
      // Another tenant's customer is an unknown customer, as one who does not exist.
      { as: 'adminA', query: SET_AUTO_PAY, variables: { id: w.z.id, c: cmd() }, refused: UNKNOWN },
      { as: 'adminB', query: SET_AUTO_PAY, variables: { id: w.y.id, c: cmd() }, refused: UNKNOWN },
      { as: 'zOnA', query: SET_AUTO_PAY, variables: { id: null, c: cmd() }, refused: SIGNED_OUT },
    ],
  },
};

export const matrix: Record<string, MatrixRow> = {
  topUpPaymentDetails: { allowed: 'signed-in', call: q('{ topUpPaymentDetails { bankIfsc } }') },
  paymentMethods: { allowed: 'signed-in', call: q('{ paymentMethods { method } }') },
  wallet: {
    allowed: 'signed-in',
    call: (w, r) => ({
      query: 'query($id: ID) { wallet(customerId: $id) { balance } }',
      variables: { id: r === 'customer' ? null : w.y.id },
    }),
  },
  walletStatement: {
    allowed: 'signed-in',
    call: (w, r) => ({
      query:
        'query($id: ID) { walletStatement(asOf: "2100-01-01T00:00:00Z", customerId: $id) { balance } }',
      variables: { id: r === 'customer' ? null : w.y.id },
    }),
  },
  topUps: { allowed: 'signed-in', call: q('{ topUps { total } }') },
  topUp: {
    allowed: 'signed-in',
    call: (w) => ({
      query: 'query($id: ID!) { topUp(id: $id) { id } }',
      variables: { id: w.topUpY },
    }),
  },
  tracedEvent: {
    allowed: 'signed-in',
    call: (w) => ({
      query: 'query($id: ID!) { tracedEvent(eventId: $id) { id } }',
      variables: { id: w.ledgerEventY },
    }),
  },

  requestTopUp: {
    allowed: ['customer'],
    call: m('requestTopUp', 'RequestTopUpInput', '{ id }', () => ({
      amount: '500.00',
      method: 'BANK_TRANSFER',
      reference: 'UTR-MATRIX',
      proof,
    })),
  },
  approveTopUp: {
    allowed: ['super_admin', 'tenant_admin', 'billing'],
    call: m('approveTopUp', 'ApproveTopUpInput', '{ id }', () => ({ topUpId: NO_ID })),
  },
  rejectTopUp: {
    allowed: ['super_admin', 'tenant_admin', 'billing'],
    call: m('rejectTopUp', 'RejectTopUpInput', '{ id }', () => ({
      topUpId: NO_ID,
      reason: 'matrix check',
    })),
  },
  setAutoPay: {
    allowed: ['super_admin', 'tenant_admin', 'billing', 'customer'],
    call: (w, r) => ({
      query: SET_AUTO_PAY,
      variables: { id: r === 'customer' ? null : w.y.id, c: cmd() },
    }),
  },
};
