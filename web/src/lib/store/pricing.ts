import type { BillingCycle } from '$lib/graphql/generated/operations';
import { draftSearch, emptyDraft } from '$lib/orders/draft';
import type { CyclePrice, PlanKind } from '$lib/orders/api';
import { safeNext } from '$lib/graphql/load';

/*
 * What the store shows of a plan's prices. Comparisons and a percentage only: every amount is
 * the server's (the saving is a rounded percent of two of its figures, in whole paise).
 */

/** "1234.5" → 123450 paise; null when not a plain non-negative decimal. */
function paise(value: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * How much less a month costs on `price`'s cycle than on the monthly one, in whole percent
 * (rounded down, so it never promises more); null when there is no monthly price or no saving.
 */
export function savingPercent(prices: readonly CyclePrice[], price: CyclePrice): number | null {
  const monthly = prices.find((p) => p.cycle === 'MONTHLY');
  if (!monthly || price.cycle === 'MONTHLY') return null;
  const m = paise(monthly.monthlyEquivalent);
  const e = paise(price.monthlyEquivalent);
  if (m === null || e === null || m === 0 || e >= m) return null;
  const pct = Math.floor(((m - e) * 100) / m);
  return pct > 0 ? pct : null;
}

/** The price of `cycle`, else the monthly one, else the first. */
export function shownPrice(prices: readonly CyclePrice[], cycle: BillingCycle): CyclePrice | null {
  return (
    prices.find((p) => p.cycle === cycle) ??
    prices.find((p) => p.cycle === 'MONTHLY') ??
    prices[0] ??
    null
  );
}

/** The order flow at its configure step with the plan and cycle chosen. */
export function orderUrl(plan: { id: string; kind: PlanKind }, cycle: BillingCycle): string {
  return `/order${draftSearch({ ...emptyDraft, step: 'configure', kind: plan.kind, planId: plan.id, cycle })}`;
}

/**
 * Where "Order" leads: a signed-in customer straight into the order flow; anyone else to
 * registration, which carries the order on (`next`) through the mailed confirmation and sign-in.
 */
export function orderHref(target: string, signedIn: boolean): string {
  return signedIn ? target : `/register?next=${encodeURIComponent(target)}`;
}

const pendingKey = 'store:next';
const pendingLife = 24 * 60 * 60 * 1000; // as long as the mailed confirmation link works

/**
 * Registration keeps the order being made for the mailed link: it may open in another tab,
 * where the URL no longer carries it. Kept in this browser for 24 hours.
 */
export function keepPendingNext(next: string | null): void {
  const safe = safeNext(next);
  try {
    if (safe) localStorage.setItem(pendingKey, JSON.stringify({ next: safe, at: Date.now() }));
  } catch {
    // Storage disabled: the link still confirms the address; the order starts afresh.
  }
}

/** The order kept at registration (if still fresh), else null. */
export function pendingNext(): string | null {
  try {
    const raw = localStorage.getItem(pendingKey);
    if (!raw) return null;
    const { next, at } = JSON.parse(raw) as { next?: string; at?: number };
    if (typeof at !== 'number' || Date.now() - at > pendingLife) return null;
    return safeNext(next ?? null);
  } catch {
    return null;
  }
}

/** Forgets the kept order (once it has been followed). */
export function dropPendingNext(): void {
  try {
    localStorage.removeItem(pendingKey);
  } catch {
    // nothing kept
  }
}

/** `path` with `?next=` when there is one to carry. */
export const withNext = (path: string, next: string | null) => {
  const safe = safeNext(next);
  return safe ? `${path}?next=${encodeURIComponent(safe)}` : path;
};

/** The store's query string (`?kind=VDS&cycle=ANNUAL&state=27`), monthly and empty values left out. */
export function storeSearch(o: { kind?: string; cycle?: string | null; state?: string | null }) {
  const p = new URLSearchParams();
  if (o.kind) p.set('kind', o.kind);
  if (o.cycle && o.cycle !== 'MONTHLY') p.set('cycle', o.cycle);
  if (o.state) p.set('state', o.state);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** A GET form's fields as a query string (empty ones left out). */
export function formSearch(form: HTMLFormElement): string {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}
