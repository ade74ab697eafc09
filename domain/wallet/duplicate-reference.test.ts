import { describe, expect, it } from 'vitest';
import { DomainError, fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import {
  checkDuplicateConfirmation,
  earlierUses,
  normalizeReference,
  referenceIndexDecider,
  referenceIndexStreamId,
} from './duplicate-reference.ts';

const now = '2026-04-01T10:00:00.000Z';

describe('top-up references', () => {
  it('normalizes case and spaces, so "UTR 123" and "utr123" are one reference', () => {
    expect(normalizeReference(' UTR 123 ')).toBe('utr123');
    expect(normalizeReference('utr\t12\u00a03')).toBe('utr123');
    expect(normalizeReference('ＵＴＲ１２３')).toBe('utr123');
    expect(referenceIndexStreamId('akashone', 'UTR 123')).toBe(
      referenceIndexStreamId('akashone', 'utr123'),
    );
    expect(referenceIndexStreamId('akashone', 'UTR-123')).not.toBe(
      referenceIndexStreamId('akashone', 'utr123'),
    );
  });

  it('indexes each request once', () => {
    const used = {
      type: 'TopUpReferenceUsed' as const,
      data: { key: 'utr1', reference: 'UTR1', topUpId: 'a', customerId: 'c1', usedAt: now },
    };
    const given = specFor(referenceIndexDecider);
    given([])
      .when({ type: 'RecordReferenceUse', reference: 'UTR1', topUpId: 'a', customerId: 'c1', now })
      .then([used]);
    given([used])
      .when({ type: 'RecordReferenceUse', reference: 'utr 1', topUpId: 'a', customerId: 'c1', now })
      .then([]);
  });

  it('a repeat is of every approved request and of the pending ones before it, never of a rejected one', () => {
    const uses = [
      { topUpId: 'a', customerId: 'c1', status: 'REJECTED' as const },
      { topUpId: 'b', customerId: 'c2', status: 'PENDING' as const },
      { topUpId: 'c', customerId: 'c1', status: 'PENDING' as const },
      { topUpId: 'd', customerId: 'c3', status: 'APPROVED' as const },
    ];
    expect(earlierUses('c', uses)).toEqual(['b', 'd']);
    expect(earlierUses('b', uses)).toEqual(['d']);
    expect(earlierUses('c', uses.slice(0, 3))).toEqual(['b']);
    expect(earlierUses('a', uses.slice(0, 3))).toEqual([]);
    // A request the index does not list yet (indexed late) repeats every approved or pending one.
    expect(earlierUses('z', uses)).toEqual(['b', 'c', 'd']);
    expect(earlierUses('b', uses.slice(0, 3))).toEqual([]);
  });

  it('approving a repeat needs a confirmation naming exactly the earlier requests', () => {
    expect(() => checkDuplicateConfirmation('UTR1', [], null)).not.toThrow();
    expect(() => checkDuplicateConfirmation('UTR1', ['b'], null)).toThrow(
      /already used by top-up request b/,
    );
    expect(() => checkDuplicateConfirmation('UTR1', ['b'], [])).toThrow(/CONFLICT|already used/);
    expect(() => checkDuplicateConfirmation('UTR1', ['b'], ['x'])).toThrow(
      /must name the earlier request with reference UTR1: b/,
    );
    expect(() => checkDuplicateConfirmation('UTR1', ['b', 'd'], ['b'])).toThrow(/requests/);
    expect(() => checkDuplicateConfirmation('UTR1', [], ['b'])).toThrow(/no other request/);
    expect(() => checkDuplicateConfirmation('UTR1', ['b', 'd'], ['d', 'b'])).not.toThrow();
  });

  it('indexes every other request that uses the reference, in order', () => {
    const used = (topUpId: string) => ({
      type: 'TopUpReferenceUsed' as const,
      data: { key: 'utr1', reference: 'UTR1', topUpId, customerId: 'c1', usedAt: now },
    });
    specFor(referenceIndexDecider)([used('a')])
      .when({ type: 'RecordReferenceUse', reference: 'UTR1', topUpId: 'b', customerId: 'c1', now })
      .then([used('b')]);
    expect(fold(referenceIndexDecider, [used('a'), used('b')])).toEqual({
      uses: [
        { topUpId: 'a', customerId: 'c1' },
        { topUpId: 'b', customerId: 'c1' },
      ],
    });
    expect(fold(referenceIndexDecider, [])).toEqual({ uses: [] });
  });

  it('an approved request is never a repeat of itself', () => {
    const uses = [
      { topUpId: 'a', customerId: 'c1', status: 'APPROVED' as const },
      { topUpId: 'b', customerId: 'c2', status: 'PENDING' as const },
    ];
    expect(earlierUses('a', uses)).toEqual([]);
    expect(earlierUses('b', uses)).toEqual(['a']);
  });

  it('a refusal is a CONFLICT that lists every earlier request', () => {
    const refusal = (duplicates: string[], confirmed: string[] | null): DomainError => {
      try {
        checkDuplicateConfirmation('UTR1', duplicates, confirmed);
      } catch (e) {
        if (e instanceof DomainError) return e;
        throw e;
      }
      throw new Error('accepted');
    };
    const none = refusal(['b', 'd'], null);
    expect(none.code).toBe('CONFLICT');
    expect(none.message).toBe(
      'The reference UTR1 was already used by top-up request b, d; confirm with confirmDuplicateOf to approve it anyway.',
    );
    const wrong = refusal(['b', 'd'], ['b', 'x']);
    expect(wrong.code).toBe('CONFLICT');
    expect(wrong.message).toBe(
      'confirmDuplicateOf must name the earlier requests with reference UTR1: b, d',
    );
    const stale = refusal([], ['b']);
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toBe(
      'no other request uses the reference UTR1; approve without confirmDuplicateOf',
    );
  });
});
