import { fieldError } from '../catalog/field-error.ts';
import type { OrderLine, PricedItem } from '../orders/pricing.ts';
import { D, ZERO, inr } from '../shared/money.ts';
import {
  RETRY_DELAYS_MINUTES,
  type ControlPanelAccess,
  type ModuleName,
  type ProvisioningError,
  type ServiceAction,
  type ServiceStatus,
  type SshAccess,
} from './events.ts';

/**
 * What a service renews at, per cycle and before tax: Σ quantity × unit price of the item's
 * plan, OS licence and recurring add-on lines (not the setup fee, not one-time add-ons), then
 * rounded half up to paise (catalog prices may carry fractional paise).
 */
export function recurringAmountOf(item: PricedItem, lines: readonly OrderLine[]): string {
  const recurringAddons = new Set(item.addons.filter((a) => a.recurring).map((a) => a.addonId));
  let total = ZERO;
  for (const line of lines) {
    const { itemNo, kind, refId } = line.source;
    if (itemNo !== item.itemNo) continue;
    const recurs =
      kind === 'PLAN' || kind === 'OS_LICENCE' || (kind === 'ADDON' && recurringAddons.has(refId));
    if (recurs) total = total.plus(new D(line.quantity).times(line.unitPrice));
  }
  return inr(total);
}

/** Control panels whose login the Provision dialog asks for (cPanel/WHM, Plesk, DirectAdmin, …). */
const CONTROL_PANELS =
  /c-?panel|\bwhm\b|plesk|directadmin|webmin|virtualmin|cyberpanel|ispconfig|cloudpanel|hestia|vestacp|interworx|control panel/i;

export function isControlPanelAddon(name: string): boolean {
  return CONTROL_PANELS.test(name);
}

/** Whether the server runs, as its last confirmed power action left it (null: not known). */
export type PowerState = 'RUNNING' | 'STOPPED';

/**
 * What may be done on a service now: its module's actions while it is ACTIVE, nothing
 * otherwise; a running server is not started, a stopped one is not stopped or rebooted.
 */
export function actionsOf(
  status: ServiceStatus | 'NONE',
  module: ModuleName,
  moduleActions: readonly ServiceAction[],
  power: PowerState | null = null,
): ServiceAction[] {
  if (status !== 'ACTIVE' || module === 'MANUAL') return [];
  return moduleActions.filter(
    (a) =>
      !(power === 'RUNNING' && a === 'START') &&
      !(power === 'STOPPED' && (a === 'STOP' || a === 'REBOOT')),
  );
}

/**
 * When the fulfilment process tries a failed deploy again: 1, 10 and 60 minutes after the 1st,
 * 2nd and 3rd attempt failed; never after the 4th, nor when the module said the same call will
 * never succeed (then the service needs attention).
 */
export function retryAtOf(attempt: number, error: ProvisioningError, now: string): string | null {
  if (!error.retryable) return null;
  const delay = RETRY_DELAYS_MINUTES[attempt - 1];
  if (delay === undefined) return null;
  return new Date(Date.parse(now) + delay * 60_000).toISOString();
}

/** A reason people read in the history: trimmed, 1 to 500 characters. */
export function checkReason(input: string, field = 'reason'): string {
  const reason = typeof input === 'string' ? input.trim() : '';
  if (reason.length === 0) throw fieldError(field, 'Give a reason.');
  if (reason.length > 500) throw fieldError(field, 'Give at most 500 characters.');
  return reason;
}

/** Staff's notes: trimmed, at most 2000 characters (may be empty). */
export function checkNotes(input: string | undefined | null, field = 'notes'): string {
  const notes = typeof input === 'string' ? input.trim() : '';
  if (notes.length > 2000) throw fieldError(field, 'Give at most 2000 characters.');
  return notes;
}

export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256);
}

/** RFC 4291 text form: eight groups of 1–4 hex digits, one `::` at most, an IPv4 tail allowed; no zone. */
export function isIpv6(s: string): boolean {
  let body = s;
  if (s.includes('.')) {
    const lastColon = s.lastIndexOf(':');
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    body = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (h: string) => (h === '' ? [] : h.split(':'));
  const groups = [...groupsOf(halves[0]!), ...groupsOf(halves[1] ?? '')];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

export const MAX_IP_ADDRESSES = 16;

/** IPv4 or IPv6 addresses, the first the primary: 1 to 16, no duplicates; IPv6 kept in lower case. */
export function checkIpAddresses(input: readonly string[], field = 'ipAddresses'): string[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_IP_ADDRESSES)
    throw fieldError(field, `Give 1 to ${MAX_IP_ADDRESSES} IP addresses.`);
  const seen = new Set<string>();
  return input.map((raw, i) => {
    const ip = String(raw).trim().toLowerCase();
    if (!isIpv4(ip) && !isIpv6(ip))
      throw fieldError(
        `${field}.${i}`,
        `"${String(raw).slice(0, 60)}" is not an IPv4 or IPv6 address.`,
      );
    if (seen.has(ip)) throw fieldError(`${field}.${i}`, `The address ${ip} is given twice.`);
    seen.add(ip);
    return ip;
  });
}

/** An absolute http: or https: URL. */
export function isHttpUrl(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const { protocol } = new URL(s);
  return protocol === 'https:' || protocol === 'http:';
}

const PRINTABLE = /^[\x21-\x7e]+$/;

function checkLogin(input: string, max: number, field: string): string {
  const name = typeof input === 'string' ? input.trim() : null;
  if (name === null || name.length > max || !PRINTABLE.test(name))
    throw fieldError(field, `Must be 1 to ${max} printable characters without spaces.`);
  return name;
}

/** An SSH login: user 1..64 printable characters, port 1..65535. */
export function checkSsh(input: SshAccess, field = 'ssh'): SshAccess {
  const username = checkLogin(input.username, 64, `${field}.username`);
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)
    throw fieldError(`${field}.port`, 'Must be a port number from 1 to 65535.');
  return { username, port: input.port, passwordSealed: input.passwordSealed };
}

/** A control panel's login: an http(s) URL, user 1..100 printable characters. */
export function checkControlPanel(
  input: ControlPanelAccess,
  field = 'controlPanel',
): ControlPanelAccess {
  const url = typeof input.url === 'string' ? input.url.trim() : null;
  if (url === null || url.length > 300 || !isHttpUrl(url))
    throw fieldError(
      `${field}.url`,
      'Must be an http(s) address such as "https://web1.example.com:2087".',
    );
  const username = checkLogin(input.username, 100, `${field}.username`);
  return { url, username, passwordSealed: input.passwordSealed };
}

/** A snapshot's name: trimmed, 1 to 100 characters. */
export function checkSnapshotName(input: string, field = 'name'): string {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name.length === 0 || name.length > 100)
    throw fieldError(field, 'Give a name of 1 to 100 characters.');
  return name;
}
