/**
 * How figures and dates read on a GST document: Indian digit grouping, dates as "01 May 2026",
 * quantities without trailing zeros, rates as "9%". Pure string work on the engine's decimal
 * strings (never JS numbers), so a paisa printed is the paisa stored.
 */
import { formatInr } from '../../domain/shared/money.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'YYYY-MM-DD' → '01 May 2026'. */
export function formatDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  return `${m[3]} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** 1234567 → 12,34,567: the last three digits, then pairs. */
function groupIndian(intPart: string): string {
  const last3 = intPart.slice(-3);
  const rest = intPart.slice(0, -3);
  return rest ? rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',') + ',' + last3 : last3;
}

/** An amount as the engine writes it ("118500.50") for a table cell: "1,18,500.50", no sign. */
export function formatAmount(amount: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) return amount;
  const frac = (m[3] ?? '').padEnd(2, '0');
  return `${m[1]}${groupIndian(m[2]!)}.${frac}`;
}

/** With the rupee sign: "₹1,18,500.50". */
export function formatRupees(amount: string): string {
  return formatInr(amount);
}

/** A signed round-off: "+0.18", "-0.40". */
export function formatSigned(amount: string): string {
  return amount.startsWith('-') ? `-${formatAmount(amount.slice(1))}` : `+${formatAmount(amount)}`;
}

/** "720.000" → "720", "1.500" → "1.5". */
export function formatQuantity(quantity: string): string {
  if (!quantity.includes('.')) return quantity;
  return quantity.replace(/\.?0+$/, '') || '0';
}

/** Unit prices keep every significant decimal past the paise: "1234.56", "0.6849", "449.00". */
export function formatUnitPrice(unitPrice: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(unitPrice);
  if (!m) return unitPrice;
  const frac = (m[2] ?? '').replace(/0+$/, '').padEnd(2, '0');
  return `${groupIndian(m[1]!)}.${frac}`;
}

/** "9" → "9%", "2.50" → "2.5%". */
export function formatRate(rate: string): string {
  return `${formatQuantity(rate)}%`;
}

/** True for "0", "0.00", "-0.00". */
export function isZeroAmount(amount: string): boolean {
  return /^-?0*(\.0*)?$/.test(amount);
}

/** A country's English name for an ISO 3166-1 alpha-2 code ("US" → "United States"). */
export function countryName(code: string): string {
  const upper = code.toUpperCase();
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(upper);
    return name && name !== upper ? name : upper;
  } catch {
    return upper;
  }
}
