import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from './api';
import { entryEventWords, entryOrderOf, inEntryOrder, withEntryOrder } from './entry-order';

const entry = (revision: string) => ({ id: revision, revision }) as LedgerEntry;

describe('wallet entry order', () => {
  it('is newest first unless the URL asks for the oldest', () => {
    expect(entryOrderOf(new URL('http://x/wallet'))).toBe('newest');
    expect(entryOrderOf(new URL('http://x/wallet?order=oldest'))).toBe('oldest');
    expect(entryOrderOf(new URL('http://x/wallet?order=sideways'))).toBe('newest');
  });

  it('keeps the choice in the address, leaving other parameters alone', () => {
    const url = new URL('http://x/wallet?tab=1#ledger');
    expect(withEntryOrder(url, 'oldest')).toBe('/wallet?tab=1&order=oldest#ledger');
    expect(withEntryOrder(new URL('http://x/wallet?order=oldest'), 'newest')).toBe('/wallet');
  });

  it('sorts by the revision in the stream, as numbers', () => {
    const given = [entry('2'), entry('10'), entry('1')];
    expect(inEntryOrder(given, 'newest').map((e) => e.revision)).toEqual(['10', '2', '1']);
    expect(inEntryOrder(given, 'oldest').map((e) => e.revision)).toEqual(['1', '2', '10']);
    expect(given.map((e) => e.revision)).toEqual(['2', '10', '1']);
  });

  it('words the event behind a line', () => {
    expect(entryEventWords({ eventType: 'TopUpApproved', kind: 'CREDIT' })).toBe('Top-up approved');
    expect(entryEventWords({ eventType: 'WalletDebited', kind: 'DEBIT' })).toBe(
      'Paid from the wallet',
    );
    expect(entryEventWords({ eventType: 'SomethingNew', kind: 'DEBIT' })).toBe('Debit');
  });
});
