import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/decider.ts';
import type { Brand } from './events.ts';
import { checkResellerHosts, isIpAddress, reservedHostReason } from './reserved-hosts.ts';
import { checkBrand } from './settings-rules.ts';

const operator: Brand = {
  name: 'AkashOne.com',
  tagline: null,
  primaryColor: '#3b82f6',
  supportEmail: 'support@akashone.com',
  mailFrom: 'AkashOne.com <billing@akashone.com>',
  domains: ['akashone.localhost', 'localhost', '127.0.0.1'],
};

describe('host names a reseller may not claim', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.7',
    '127.1',
    '2130706433',
    '0x7f000001',
    '127.0.0.1:3000',
    '::1',
    '[::1]',
    '[::1]:3000',
    '2001:db8::1',
    'fe80::1%eth0',
  ])('%s is an IP address', (host) => {
    expect(isIpAddress(host)).toBe(true);
    expect(reservedHostReason(host, operator)).toMatch(/IP address/);
  });

  it.each([
    'akashone.localhost',
    'portal.akashone.localhost',
    'localhost',
    'admin.localhost',
    'www.localhost',
    'api.localhost',
    'mail.localhost',
    'akashone.com',
    'www.akashone.com',
    'billing.akashone.com',
    'a.b.akashone.com',
  ])('%s is the operator’s', (host) => expect(reservedHostReason(host, operator)).not.toBeNull());

  it.each([
    'kloudnests.localhost',
    'portal.kloudnests.com',
    'akashone-reseller.in',
    'notakashone.com',
    'v4.example.com',
  ])('%s is free to claim', (host) => {
    expect(isIpAddress(host)).toBe(false);
    expect(reservedHostReason(host, operator)).toBeNull();
  });

  it('names every refused host as an issue of brand.domains', () => {
    try {
      checkResellerHosts(['kloudnests.localhost', 'www.akashone.com', '127.0.0.1'], operator);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('BAD_USER_INPUT');
      expect((e as DomainError).issues.map((i) => i.path)).toEqual([
        ['brand', 'domains'],
        ['brand', 'domains'],
      ]);
    }
  });
});

describe('brand names are one line of printable text', () => {
  const brand = (over: Partial<Brand>): Brand => ({ ...operator, name: 'KloudNests', ...over });
  it.each([
    'Kloud\nNests',
    'Kloud\r\nNests',
    'Kloud\tNests',
    'Kloud\u2028Nests',
    'Kloud\u0085Nests',
    'Kloud\u007fNests',
  ])('refuses %j', (name) => {
    expect(() => checkBrand(brand({ name }))).toThrow(/brand\.name/);
  });
  it('refuses a tagline over two lines', () =>
    expect(() => checkBrand(brand({ tagline: 'Cloud\nfor India' }))).toThrow(/brand\.tagline/));
  it('keeps names in any script', () =>
    expect(() => checkBrand(brand({ name: 'आकाश क्लाउड · Ünïcode & Co.' }))).not.toThrow());
});
