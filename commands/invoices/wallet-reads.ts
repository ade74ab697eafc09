import { invoiceDecider, type InvoiceState } from '../../domain/invoices/decider.ts';
import { invoiceStreamId, type InvoiceEvent } from '../../domain/invoices/events.ts';
import { fold, notFound } from '../../domain/shared/decider.ts';
import { walletDecider, type WalletState } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { loadState } from '../shared/stream-states.ts';

/** A wallet as its stream says now (the decider stays the authority when money moves). */
export async function loadWallet(store: EventStore, customerId: string): Promise<WalletState> {
  return loadState(store, walletDecider, walletStreamId(customerId));
}

/** An invoice of this tenant with its events; NOT_FOUND for none (or another tenant's). */
export async function loadInvoice(
  store: EventStore,
  tenantId: string,
  invoiceId: string,
): Promise<{ state: InvoiceState; events: RecordedEvent[] }> {
  const events = await store.readStream(invoiceStreamId(invoiceId));
  const state = fold(invoiceDecider, events as unknown as InvoiceEvent[]);
  if (state.status === 'NONE' || state.tenantId !== tenantId) throw notFound('invoice');
  return { state, events };
}
