import type { LedgerEntry } from './api';

/**
 * The order the wallet page lists ledger and statement entries in: newest first unless the
 * customer asked for `?order=oldest` (remembered in the URL, so a reload or a shared link keeps it).
 */
export type EntryOrder = 'newest' | 'oldest';

export const entryOrderOf = (url: URL): EntryOrder =>
  url.searchParams.get('order') === 'oldest' ? 'oldest' : 'newest';

/** The page's address with `order` set (newest, the default, leaves no parameter). */
export function withEntryOrder(url: URL, order: EntryOrder): string {
  const next = new URL(url);
  if (order === 'oldest') next.searchParams.set('order', 'oldest');
  else next.searchParams.delete('order');
  return next.pathname + next.search + next.hash;
}

/** The entries in `order`, by their place in the wallet's stream (whatever order they came in). */
export function inEntryOrder(entries: LedgerEntry[], order: EntryOrder): LedgerEntry[] {
  const sign = order === 'newest' ? -1 : 1;
  return [...entries].sort((a, b) => {
    const d = BigInt(a.revision) - BigInt(b.revision);
    return d === 0n ? 0 : d > 0n ? sign : -sign;
  });
}

/** A ledger line's event in the customer's words (the trace dialog keeps the technical name). */
const eventWords: Record<string, string> = {
  TopUpApproved: 'Top-up approved',
  WalletDebited: 'Paid from the wallet',
  WalletDebitReversed: 'Payment returned to the wallet',
  WalletCredited: 'Credited to the wallet',
};

export const entryEventWords = (entry: Pick<LedgerEntry, 'eventType' | 'kind'>): string =>
  eventWords[entry.eventType] ?? (entry.kind === 'CREDIT' ? 'Credit' : 'Debit');
