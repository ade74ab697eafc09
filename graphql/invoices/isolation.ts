import { expect } from 'vitest';
import {
  input,
  ownOnly,
  SIGNED_OUT,
  type Attempt,
  type IsolationCase,
} from '../access/testing/isolation-kit.ts';
import { m, NO_ID, OWNERS, q, type MatrixRow } from '../access/testing/matrix-kit.ts';
import type { World } from '../access/testing/world.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { commerceOf } from './testing.ts';

/**
 * Invoices, credit notes and their payments (invoices.graphql): how each operation is kept
 * within the caller's tenant and account (isolation, graphql/access/isolation.int.test.ts) and
 * which roles may call it (matrix, graphql/access/permission-matrix.int.test.ts). Y's and Z's
 * invoices are written to the log by the first attempt of each case (graphql/invoices/testing.ts).
 */

/** The first attempt of a case: a made-up id, then Y's and Z's invoices are written. */
const first = (w: World, a: Omit<Attempt, 'after'>): Attempt => ({
  ...a,
  after: () => commerceOf(w).seed(),
});

/** Checked afterwards: the invoice's stream has exactly as many events as before the suite touched it. */
const unchanged = (id: () => string, events: number) => async (w: World) => {
  const stream = await w.t.running.platform.store.readStream(invoiceStreamId(id()));
  expect(stream.length, `events of invoice ${id()}`).toBe(events);
};

const INVOICE = 'query($id: ID!) { invoice(id: $id) { id number total } }';
const AS_OF =
  'query($id: ID!) { invoiceAsOf(id: $id, asOf: "2100-01-01T00:00:00Z") { id amountPaid } }';
const ids = (d: { invoices: { items: { id: string }[] } }) => d.invoices.items.map((i) => i.id);

export const isolation: Record<string, IsolationCase> = {
  invoices: {
    why: 'customers list their account’s invoices; staff their tenant’s (row-level security)',
    attempts: (w) => {
      const c = commerceOf(w);
      return [
        first(w, { as: 'zOnA', query: '{ invoices { total } }', refused: SIGNED_OUT }),
        {
          as: 'x',
          query: '{ invoices(first: 200) { items { id customer { id } } } }',
          answers: ownOnly([c.y.invoiceId, c.y.taxInvoiceId, c.z.invoiceId, c.z.taxInvoiceId]),
        },
        {
          as: 'adminA',
          query: '{ invoices(first: 200) { items { id } } }',
          answers: (d, world) => {
            ownOnly([c.z.invoiceId, c.z.taxInvoiceId])(d, world);
            expect(ids(d)).toEqual(expect.arrayContaining([c.y.invoiceId, c.y.taxInvoiceId]));
          },
        },
        {
          as: 'adminB',
          query: '{ invoices(first: 200) { items { id } } }',
          answers: (d, world) => {
            ownOnly([c.y.invoiceId, c.y.taxInvoiceId])(d, world);
            expect(ids(d)).toEqual(expect.arrayContaining([c.z.invoiceId]));
          },
        },
        {
          as: 'adminA',
          query: 'query($c: ID) { invoices(filter: { customerId: $c }) { total } }',
          variables: { c: w.z.id },
          answers: (d) => expect(d.invoices.total).toBe(0),
        },
      ];
    },
  },
  invoice: {
    why: 'another customer’s or tenant’s invoice is not found',
    attempts: (w) => {
      const c = commerceOf(w);
      return [
        first(w, { as: 'x', query: INVOICE, variables: { id: NO_ID }, refused: ['NOT_FOUND'] }),
        { as: 'x', query: INVOICE, variables: { id: c.y.invoiceId }, refused: ['NOT_FOUND'] },
        {
          as: 'adminA',
          query: INVOICE,
          variables: { id: c.z.taxInvoiceId },
          refused: ['NOT_FOUND'],
        },
        { as: 'superA', query: INVOICE, variables: { id: c.z.invoiceId }, refused: ['NOT_FOUND'] },
        {
          as: 'adminB',
          query: INVOICE,
          variables: { id: c.y.taxInvoiceId },
          refused: ['NOT_FOUND'],
        },
        { as: 'bOnA', query: INVOICE, variables: { id: c.y.invoiceId }, refused: SIGNED_OUT },
        {
          as: 'adminA',
          query: INVOICE,
          variables: { id: c.y.taxInvoiceId },
          answers: (d) => expect(d.invoice.number).toBe('ISO/Y/1'),
        },
      ];
    },
  },
  creditNotes: {
    why: 'customers list their account’s credit notes; staff their tenant’s',
    attempts: (w) => {
      const c = commerceOf(w);
      return [
        first(w, { as: 'zOnA', query: '{ creditNotes { total } }', refused: SIGNED_OUT }),
        {
          as: 'x',
          query: '{ creditNotes(first: 200) { items { id invoiceId } } }',
          answers: ownOnly([c.y.creditNoteId, c.z.creditNoteId]),
        },
        {
          as: 'x',
          query: 'query($c: ID) { creditNotes(customerId: $c) { total } }',
          variables: { c: w.y.id },
          answers: (d) => expect(d.creditNotes.total).toBe(0),
        },
        {
          as: 'adminA',
          query: '{ creditNotes(first: 200) { items { id } } }',
          answers: (d, world) => {
            ownOnly([c.z.creditNoteId])(d, world);
            expect(JSON.stringify(d)).toContain(c.y.creditNoteId);
          },
        },
        {
          as: 'adminB',
          query: '{ creditNotes(first: 200) { items { id } } }',
          answers: ownOnly([c.y.creditNoteId]),
        },
      ];
    },
  },
  invoiceAsOf: {
    why: 'recomputed from the invoice’s stream only when it is the caller’s (or their tenant’s)',
    attempts: (w) => {
      const c = commerceOf(w);
      return [
        first(w, { as: 'x', query: AS_OF, variables: { id: NO_ID }, refused: ['NOT_FOUND'] }),
        { as: 'x', query: AS_OF, variables: { id: c.y.taxInvoiceId }, refused: ['NOT_FOUND'] },
        { as: 'adminA', query: AS_OF, variables: { id: c.z.taxInvoiceId }, refused: ['NOT_FOUND'] },
        { as: 'adminB', query: AS_OF, variables: { id: c.y.invoiceId }, refused: ['NOT_FOUND'] },
        { as: 'zOnA', query: AS_OF, variables: { id: c.z.invoiceId }, refused: SIGNED_OUT },
      ];
    },
  },

  payInvoiceFromWallet: {
    why: 'pays only an invoice of the account the session acts for (or, for staff, of their tenant)',
    attempts: (w) => {
      const c = commerceOf(w);
      const pay = (id: string) => input(w, { invoiceId: id });
      const mutation =
        'mutation($input: PayInvoiceFromWalletInput!) { payInvoiceFromWallet(input: $input) { id } }';
      return [
        first(w, { as: 'x', query: mutation, variables: pay(NO_ID), refused: ['NOT_FOUND'] }),
        {
          as: 'x',
          query: mutation,
          variables: pay(c.y.invoiceId),
          refused: ['NOT_FOUND'],
          after: unchanged(() => c.y.invoiceId, 1),
        },
        {
          as: 'adminA',
          query: mutation,
          variables: pay(c.z.invoiceId),
          refused: ['NOT_FOUND'],
          after: unchanged(() => c.z.invoiceId, 1),
        },
        { as: 'bOnA', query: mutation, variables: pay(c.y.invoiceId), refused: SIGNED_OUT },
      ];
    },
  },
  recordInvoicePayment: {
    why: 'staff record payments on their own tenant’s invoices only; customers may not',
    attempts: (w) => {
      const c = commerceOf(w);
      const mutation =
        'mutation($input: RecordInvoicePaymentInput!) { recordInvoicePayment(input: $input) { id } }';
      const record = (id: string) =>
        input(w, {
          invoiceId: id,
          amount: '1.00',
          reference: 'UTR-ISO-1',
          receivedOn: '2026-01-01',
        });
      return [
        first(w, {
          as: 'adminA',
          query: mutation,
          variables: record(NO_ID),
          refused: ['NOT_FOUND'],
        }),
        {
          as: 'adminA',
          query: mutation,
          variables: record(c.z.invoiceId),
          refused: ['NOT_FOUND'],
          after: unchanged(() => c.z.invoiceId, 1),
        },
        {
          as: 'x',
          query: mutation,
          variables: record(c.y.invoiceId),
          refused: ['FORBIDDEN'],
          after: unchanged(() => c.y.invoiceId, 1),
        },
      ];
    },
  },
  issueCreditNote: {
    why: 'staff credit their own tenant’s tax invoices only; customers may not',
    attempts: (w) => {
      const c = commerceOf(w);
      const mutation =
        'mutation($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { id } }';
      const credit = (id: string) =>
        input(w, { invoiceId: id, reason: 'isolation check', destination: 'WALLET', full: true });
      return [
        first(w, {
          as: 'adminA',
          query: mutation,
          variables: credit(NO_ID),
          refused: ['NOT_FOUND'],
        }),
        {
          as: 'adminA',
          query: mutation,
          variables: credit(c.z.taxInvoiceId),
          refused: ['NOT_FOUND'],
          after: unchanged(() => c.z.taxInvoiceId, 5),
        },
        {
          as: 'adminB',
          query: mutation,
          variables: credit(c.y.taxInvoiceId),
          refused: ['NOT_FOUND'],
          after: unchanged(() => c.y.taxInvoiceId, 5),
        },
        { as: 'x', query: mutation, variables: credit(c.y.taxInvoiceId), refused: ['FORBIDDEN'] },
      ];
    },
  },
  cancelInvoice: {
    why: 'staff cancel their own tenant’s proformas only; customers may not',
    attempts: (w) => {
      const c = commerceOf(w);
      const mutation =
        'mutation($input: CancelInvoiceInput!) { cancelInvoice(input: $input) { id } }';
      const cancel = (id: string) => input(w, { invoiceId: id, reason: 'isolation check' });
      return [
        first(w, {
          as: 'adminA',
          query: mutation,
          variables: cancel(NO_ID),
          refused: ['NOT_FOUND'],
        }),
        {
          as: 'adminA',
          query: mutation,
          variables: cancel(c.z.invoiceId),
          refused: ['NOT_FOUND'],
          after: unchanged(() => c.z.invoiceId, 1),
        },
        {
          as: 'x',
          query: mutation,
          variables: cancel(c.y.invoiceId),
          refused: ['FORBIDDEN'],
          after: unchanged(() => c.y.invoiceId, 1),
        },
      ];
    },
  },
};

const BILLING_MANAGE = [...OWNERS, 'billing'] as const;

export const matrix: Record<string, MatrixRow> = {
  invoices: { allowed: 'signed-in', call: q('{ invoices { total } }') },
  invoice: {
    allowed: 'signed-in',
    call: () => ({ query: INVOICE, variables: { id: NO_ID } }),
  },
  creditNotes: { allowed: 'signed-in', call: q('{ creditNotes { total } }') },
  invoiceAsOf: {
    allowed: 'signed-in',
    call: () => ({ query: AS_OF, variables: { id: NO_ID } }),
  },
  payInvoiceFromWallet: {
    allowed: [...BILLING_MANAGE, 'customer'],
    call: m('payInvoiceFromWallet', 'PayInvoiceFromWalletInput', '{ id }', () => ({
      invoiceId: NO_ID,
    })),
  },
  recordInvoicePayment: {
    allowed: [...BILLING_MANAGE],
    call: m('recordInvoicePayment', 'RecordInvoicePaymentInput', '{ id }', () => ({
      invoiceId: NO_ID,
      amount: '1.00',
      reference: 'UTR-MATRIX',
      receivedOn: '2026-01-01',
    })),
  },
  issueCreditNote: {
    allowed: [...BILLING_MANAGE],
    call: m('issueCreditNote', 'IssueCreditNoteInput', '{ id }', () => ({
      invoiceId: NO_ID,
      reason: 'matrix check',
      destination: 'WALLET',
      full: true,
    })),
  },
  cancelInvoice: {
    allowed: [...BILLING_MANAGE],
    call: m('cancelInvoice', 'CancelInvoiceInput', '{ id }', () => ({
      invoiceId: NO_ID,
      reason: 'matrix check',
    })),
  },
};
