import { conflict, DomainError, type Decider, type DomainEvent } from '../shared/decider.ts';

/**
 * A bank or chain reference (UTR, transaction hash) pays for one top-up. Top-ups live in each
 * customer's wallet stream, so the tenant keeps an index stream per normalized reference that
 * lists every request that used it (appended with an expected revision, DESIGN rule 7). A repeat
 * is not refused outright (a bank may reuse a UTR across days; a customer may resend a proof),
 * but approving one needs the admin to name the earlier requests.
 */

/** "UTR 123", " utr123 " and "UTR-123"? Case and spaces only: dashes and slashes can carry meaning in hashes and UTRs. */
export const normalizeReference = (reference: string): string =>
  reference.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export type TopUpReferenceUsed = DomainEvent<
  'TopUpReferenceUsed',
  { key: string; reference: string; topUpId: string; customerId: string; usedAt: string }
>;

export const referenceIndexStreamId = (tenantId: string, reference: string) =>
  `topup-reference-${tenantId}-${normalizeReference(reference)}`;

export interface ReferenceUse {
  topUpId: string;
  customerId: string;
}

export type ReferenceIndexCommand = {
  type: 'RecordReferenceUse';
  reference: string;
  topUpId: string;
  customerId: string;
  now: string;
};

/** The requests that used one reference, in the order they were indexed. */
export const referenceIndexDecider: Decider<
  ReferenceIndexCommand,
  TopUpReferenceUsed,
  { uses: ReferenceUse[] }
> = {
  initialState: { uses: [] },
  decide(command, state) {
    if (state.uses.some((u) => u.topUpId === command.topUpId)) return [];
    const { reference, topUpId, customerId, now } = command;
    return [
      {
        type: 'TopUpReferenceUsed',
        data: { key: normalizeReference(reference), reference, topUpId, customerId, usedAt: now },
      },
    ];
  },
  evolve: (state, event) => ({
    uses: [...state.uses, { topUpId: event.data.topUpId, customerId: event.data.customerId }],
  }),
};

export type UseStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/**
 * The requests `topUpId` repeats: every other approved one, and every pending one indexed before
 * it (the first of two pending requests is not the repeat). Rejected ones never count.
 */
export function earlierUses(
  topUpId: string,
  uses: readonly (ReferenceUse & { status: UseStatus })[],
): string[] {
  const self = uses.findIndex((u) => u.topUpId === topUpId);
  return uses
    .filter(
      (u, i) =>
        u.topUpId !== topUpId &&
        (u.status === 'APPROVED' || (u.status === 'PENDING' && (self < 0 || i < self))),
    )
    .map((u) => u.topUpId);
}

/**
 * Approving a repeat needs a confirmation that names exactly the earlier requests: none named
 * is a CONFLICT naming them; a wrong or missing id (the page was stale) is refused too.
 */
export function checkDuplicateConfirmation(
  reference: string,
  duplicates: readonly string[],
  confirmed: readonly string[] | null | undefined,
): void {
  const given = new Set(confirmed ?? []);
  if (duplicates.length === 0 && given.size === 0) return;
  if (duplicates.length > 0 && given.size === 0) {
    throw conflict(
      `The reference ${reference} was already used by top-up request ${duplicates.join(', ')}; confirm with confirmDuplicateOf to approve it anyway.`,
    );
  }
  const wrong = [...given].filter((id) => !duplicates.includes(id));
  const missing = duplicates.filter((id) => !given.has(id));
  if (wrong.length > 0 || missing.length > 0) {
    const message = duplicates.length
      ? `confirmDuplicateOf must name the earlier request${duplicates.length > 1 ? 's' : ''} with reference ${reference}: ${duplicates.join(', ')}`
      : `no other request uses the reference ${reference}; approve without confirmDuplicateOf`;
    throw new DomainError('CONFLICT', message);
  }
}
