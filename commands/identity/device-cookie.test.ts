import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { knownDevice, rememberDevice } from './device-cookie.ts';

const key = randomBytes(32);
const account = (n: number) => n.toString(16).padStart(40, '0');

describe('device cookies', () => {
  it('a remembered browser is known to that account only, and keeps its id on the next sign-in', () => {
    const cookie = rememberDevice(key, null, account(1));
    const id = knownDevice(key, cookie, account(1));
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(knownDevice(key, cookie, account(2))).toBeNull();
    expect(knownDevice(key, rememberDevice(key, cookie, account(1)), account(1))).toBe(id);
  });

  it('refuses a forged signature, another key, junk and an oversized cookie', () => {
    const cookie = rememberDevice(key, null, account(1));
    expect(
      knownDevice(key, `${cookie.slice(0, -2)}${cookie.endsWith('AA') ? 'BB' : 'AA'}`, account(1)),
    ).toBeNull();
    expect(knownDevice(randomBytes(32), cookie, account(1))).toBeNull();
    expect(knownDevice(key, 'not a cookie', account(1))).toBeNull();
    expect(knownDevice(key, `${'x'.repeat(2000)}~${cookie}`, account(1))).toBeNull();
  });

  it('keeps the newest five accounts of a shared browser', () => {
    let cookie: string | null = null;
    for (let n = 1; n <= 6; n++) cookie = rememberDevice(key, cookie, account(n));
    expect(knownDevice(key, cookie, account(6))).not.toBeNull();
    expect(knownDevice(key, cookie, account(2))).not.toBeNull();
    expect(knownDevice(key, cookie, account(1))).toBeNull();
  });
});
