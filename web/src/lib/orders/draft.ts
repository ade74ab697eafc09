import type { BillingCycle, OrderItemInput, PlanKind } from '$lib/graphql/generated/operations';

/*
 * The Order Server flow keeps its state in the URL (/order?step=configure&plan=…), so the
 * browser's back and forward buttons move between the steps, a reload keeps the choices and a
 * half-made order can be shared. Nothing here touches money.
 */

export const orderSteps = ['plan', 'configure', 'addons', 'review'] as const;
export type OrderStep = (typeof orderSteps)[number];

export const stepTitles: Record<OrderStep, string> = {
  plan: 'Choose a plan',
  configure: 'Configure',
  addons: 'Add-ons',
  review: 'Review & pay',
};

const kinds: readonly string[] = ['VPS', 'SHARED', 'VDS', 'DEDICATED'];
const cycles: readonly string[] = [
  'MONTHLY',
  'QUARTERLY',
  'SEMI_ANNUAL',
  'ANNUAL',
  'BIENNIAL',
  'TRIENNIAL',
];
export const MAX_ADDON_QUANTITY = 64;

export interface OrderDraft {
  step: OrderStep;
  /** The kind tab on step 1. */
  kind: PlanKind;
  planId: string;
  cycle: BillingCycle | '';
  operatingSystemId: string;
  dataCentreId: string;
  hostname: string;
  addons: { addonId: string; quantity: number }[];
}

export const emptyDraft: OrderDraft = {
  step: 'plan',
  kind: 'VPS',
  planId: '',
  cycle: '',
  operatingSystemId: '',
  dataCentreId: '',
  hostname: '',
  addons: [],
};

/** Reads a draft from the URL; unknown values are dropped rather than trusted. */
export function readDraft(url: URL): OrderDraft {
  const p = url.searchParams;
  const step = p.get('step') ?? '';
  const kind = p.get('kind') ?? '';
  const cycle = p.get('cycle') ?? '';
  const seen = new Set<string>();
  const addons: OrderDraft['addons'] = [];
  for (const raw of p.getAll('addon')) {
    const [id, q] = raw.split('*');
    const quantity = q === undefined ? 1 : Number.parseInt(q, 10);
    if (!id || seen.has(id) || !Number.isInteger(quantity)) continue;
    if (quantity < 1 || quantity > MAX_ADDON_QUANTITY) continue;
    seen.add(id);
    addons.push({ addonId: id, quantity });
  }
  return {
    step: (orderSteps as readonly string[]).includes(step) ? (step as OrderStep) : 'plan',
    kind: kinds.includes(kind) ? (kind as PlanKind) : 'VPS',
    planId: p.get('plan') ?? '',
    cycle: cycles.includes(cycle) ? (cycle as BillingCycle) : '',
    operatingSystemId: p.get('os') ?? '',
    dataCentreId: p.get('dc') ?? '',
    hostname: p.get('host') ?? '',
    addons,
  };
}

/** The query string of a draft (empty values left out; `addon=<id>` or `addon=<id>*<qty>`). */
export function draftSearch(draft: OrderDraft): string {
  const p = new URLSearchParams();
  p.set('step', draft.step);
  if (draft.kind !== 'VPS') p.set('kind', draft.kind);
  if (draft.planId) p.set('plan', draft.planId);
  if (draft.cycle) p.set('cycle', draft.cycle);
  if (draft.operatingSystemId) p.set('os', draft.operatingSystemId);
  if (draft.dataCentreId) p.set('dc', draft.dataCentreId);
  if (draft.hostname) p.set('host', draft.hostname);
  for (const a of draft.addons)
    p.append('addon', a.quantity === 1 ? a.addonId : `${a.addonId}*${a.quantity}`);
  return `?${p.toString()}`;
}

/**
 * RFC 1123 host name, the rule the API applies (domain/orders/pricing.ts checkHostname): labels
 * of 1–63 letters, digits and hyphens, no hyphen at either end, 253 characters at most. Returns
 * what is wrong, for the inline hint, or null. The API checks again.
 */
export function hostnameProblem(input: string): string | null {
  const name = input.trim().toLowerCase();
  if (!name) return 'Enter a host name, e.g. web1.example.com.';
  if (name.length > 253) return 'At most 253 characters in all.';
  const labels = name.split('.');
  for (const label of labels) {
    if (label.length === 0) return 'No empty labels: dots must separate letters or digits.';
    if (label.length > 63) return 'Each label (between dots) has at most 63 characters.';
    if (!/^[a-z0-9-]+$/.test(label))
      return 'Only letters a–z, digits and hyphens; no spaces or underscores.';
    if (label.startsWith('-') || label.endsWith('-'))
      return 'A label may not start or end with a hyphen.';
  }
  return null;
}

/** The first step whose choices are not made yet (so a URL cannot skip ahead), or null. */
export function missingStep(draft: OrderDraft): OrderStep | null {
  if (!draft.planId) return 'plan';
  if (
    !draft.cycle ||
    !draft.operatingSystemId ||
    !draft.dataCentreId ||
    hostnameProblem(draft.hostname) !== null
  )
    return 'configure';
  return null;
}

/** Whether the draft may show `step` (every earlier step complete). */
export function canShow(draft: OrderDraft, step: OrderStep): boolean {
  const missing = missingStep(draft);
  if (missing === null) return true;
  return orderSteps.indexOf(step) <= orderSteps.indexOf(missing);
}

/** The API's item for a complete draft, or null while something is missing. */
export function itemOf(draft: OrderDraft): OrderItemInput | null {
  if (missingStep(draft) !== null || !draft.cycle) return null;
  return {
    planId: draft.planId,
    cycle: draft.cycle,
    operatingSystemId: draft.operatingSystemId,
    dataCentreId: draft.dataCentreId,
    hostname: draft.hostname.trim().toLowerCase(),
    addons: draft.addons.map((a) => ({ addonId: a.addonId, quantity: a.quantity })),
  };
}
