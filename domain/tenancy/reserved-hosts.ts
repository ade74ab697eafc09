import { DomainError } from '../shared/decider.ts';
import type { Brand } from './events.ts';

/**
 * Which host names a reseller may never claim: IP addresses (a reseller on 127.0.0.1 or the
 * server's public address would take the operator's portal), and the operator's own names. This
 * is the one home of that set; the commands that claim hosts for a reseller ask here.
 */

/** Labels the operator keeps under each of its domains, even one (like `localhost`) whose other subdomains resellers use. */
export const RESERVED_LABELS = [
  'localhost',
  'admin',
  'www',
  'api',
  'mail',
  'smtp',
  'imap',
  'pop',
  'webmail',
  'ftp',
  'ns1',
  'ns2',
  'status',
  'billing',
] as const;

/** Names never a reseller's, whatever the operator's brand lists. */
const ALWAYS_RESERVED = ['localhost', 'localhost.localdomain'];

const DOTTED_V4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** WHATWG URL parsing reads a name ending in a number (`127.1`, `0x7f.1`, `2130706433`) as IPv4. */
const NUMERIC_LAST_LABEL = /(?:^|\.)(?:0x[0-9a-f]*|\d+)\.?$/i;

/** True for an IPv4 or IPv6 address in any spelling a browser accepts: bracketed, with a port, `127.1`, `0x7f000001`. */
export function isIpAddress(raw: string): boolean {
  const host = raw.trim().toLowerCase();
  if (host.startsWith('[')) return true; // only IPv6 literals are bracketed
  // A host name never holds a colon: two or more are IPv6; one is "name:port".
  const colons = host.split(':').length - 1;
  if (colons >= 2) return true;
  const name = colons === 1 ? host.slice(0, host.indexOf(':')) : host;
  return DOTTED_V4.test(name) || NUMERIC_LAST_LABEL.test(name);
}

/** The operator's own names: the hosts its brand serves and the domains it mails from. */
export function operatorNames(operator: Brand): string[] {
  const mailDomain = (address: string) =>
    /@([^\s@<>]+)>?\s*$/.exec(address)?.[1]?.toLowerCase() ?? null;
  const names = [
    ...operator.domains,
    mailDomain(operator.supportEmail),
    mailDomain(operator.mailFrom),
  ];
  return [...new Set(names.filter((n): n is string => Boolean(n) && !isIpAddress(n!)))];
}

/**
 * Why a reseller may not have `host`, or null. The operator's names and their subdomains are
 * reserved; under a one-label name such as `localhost` (whose subdomains are how resellers are
 * reached on a laptop, `kloudnests.localhost`) only the reserved labels are.
 */
export function reservedHostReason(host: string, operator: Brand): string | null {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (isIpAddress(h)) return `"${h.slice(0, 60)}" is an IP address; give a host name.`;
  if (ALWAYS_RESERVED.includes(h)) return `"${h}" is reserved.`;
  for (const name of [...operatorNames(operator), ...ALWAYS_RESERVED]) {
    if (h === name) return `"${h}" is one of the operator's own names.`;
    if (!h.endsWith(`.${name}`)) continue;
    const label = h.slice(0, -name.length - 1);
    if (name.includes('.')) return `"${h.slice(0, 60)}" is under the operator's domain ${name}.`;
    if ((RESERVED_LABELS as readonly string[]).includes(label))
      return `"${h}" is reserved for the operator.`;
  }
  return null;
}

/** Refuses every reserved host at once, as a field issue on brand.domains. */
export function checkResellerHosts(hosts: readonly string[], operator: Brand): void {
  const reasons = hosts
    .map((h) => reservedHostReason(h, operator))
    .filter((r): r is string => r !== null);
  if (reasons.length === 0) return;
  throw new DomainError(
    'BAD_USER_INPUT',
    reasons.join(' '),
    reasons.map((message) => ({ path: ['brand', 'domains'], message })),
  );
}
