import { describe, expect, it } from 'vitest';
import { totp } from 'otplib';
import { matchTotp, timeStep, totpCode } from './totp.ts';
import { open, seal } from './secret-box.ts';
import {
  findRecoveryCode,
  linkToken,
  linkTokenUser,
  recoveryCodeHash,
  recoveryCodes,
} from './account-tokens.ts';
import { randomBytes } from 'node:crypto';

/** RFC 6238 appendix B, as SECURITY.md lists them: 8 digits, 30-second steps. */
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
];
const SEED = '12345678901234567890';
const KEYS = {
  sha1: SEED,
  sha256: SEED.repeat(2).slice(0, 32),
  sha512: SEED.repeat(4).slice(0, 64),
} as const;
/** The SHA-1 seed in base32, the form authenticator apps (and our totpCode) take. */
const SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)(
    'T=%i gives the RFC codes with SHA1, SHA256 and SHA512',
    (t, sha1, sha256, sha512) => {
      const expected = { sha1, sha256, sha512 };
      for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
        // The RFC keys are given in full (20, 32, 64 bytes), as ASCII.
        const otp = totp.clone({
          algorithm: algorithm as never,
          digits: 8,
          step: 30,
          encoding: 'ascii' as never,
          epoch: t * 1000,
        });
        expect(otp.generate(KEYS[algorithm]), `${algorithm} at T=${t}`).toBe(expected[algorithm]);
      }
    },
  );

  it.each(VECTORS)(
    'our 6-digit SHA-1 codes are the last six digits of the RFC code at T=%i',
    (t, sha1) => {
      expect(totpCode(SEED_BASE32, new Date(t * 1000))).toBe(sha1.slice(2));
      expect(matchTotp(sha1.slice(2), SEED_BASE32, new Date(t * 1000))).toBe(
        timeStep(new Date(t * 1000)),
      );
    },
  );

  it('accepts one step of drift either way and names the step the code belongs to', () => {
    const now = new Date(1_234_567_890_000);
    const step = timeStep(now);
    expect(
      matchTotp(totpCode(SEED_BASE32, new Date(now.getTime() - 30_000)), SEED_BASE32, now),
    ).toBe(step - 1);
    expect(
      matchTotp(totpCode(SEED_BASE32, new Date(now.getTime() + 30_000)), SEED_BASE32, now),
    ).toBe(step + 1);
    expect(
      matchTotp(totpCode(SEED_BASE32, new Date(now.getTime() + 60_000)), SEED_BASE32, now),
    ).toBeNull();
    expect(
      matchTotp(totpCode(SEED_BASE32, new Date(now.getTime() - 60_000)), SEED_BASE32, now),
    ).toBeNull();
  });

  it('refuses anything but six digits (spaces allowed)', () => {
    const now = new Date(59_000);
    expect(matchTotp('287 082', SEED_BASE32, now)).toBe(timeStep(now));
    for (const bad of ['', '28708', '2870822', 'abcdef', '287082\n1'])
      expect(matchTotp(bad, SEED_BASE32, now)).toBeNull();
  });
});

describe('sealed secrets, link tokens and recovery codes', () => {
  const key = randomBytes(32);
  it('a sealed secret opens only with its key and for its user', () => {
    const sealed = seal(key, SEED_BASE32, 'user-1');
    expect(sealed).not.toContain(SEED_BASE32);
    expect(open(key, sealed, 'user-1')).toBe(SEED_BASE32);
    expect(() => open(key, sealed, 'user-2')).toThrow();
    expect(() => open(randomBytes(32), sealed, 'user-1')).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      open(key, [v, iv, tag, flipped.toString('base64url')].join('.'), 'user-1'),
    ).toThrow();
  });
  it('a link token names its user and is the same for the same request only', () => {
    const user = '3f2a1b4c-5d6e-8f70-8a1b-2c3d4e5f6a7b';
    const token = linkToken(key, 'reset-password', user, 'r1');
    expect(linkTokenUser(token)).toBe(user);
    expect(linkToken(key, 'reset-password', user, 'r1')).toBe(token);
    expect(linkToken(key, 'reset-password', user, 'r2')).not.toBe(token);
    expect(linkToken(key, 'verify-email', user, 'r1')).not.toBe(token);
    expect(linkTokenUser(token.slice(0, -1))).toBeNull();
    expect(linkTokenUser(`${token}x`)).toBeNull();
  });
  it('ten distinct recovery codes, found by keyed hash whatever the case and dashes', () => {
    const codes = recoveryCodes(key, 'u1', 'b1');
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const hashes = codes.map((c) => recoveryCodeHash(key, 'u1', c));
    expect(findRecoveryCode(key, 'u1', codes[3]!.toUpperCase().replace('-', ' '), hashes)).toBe(3);
    expect(findRecoveryCode(key, 'u2', codes[3]!, hashes)).toBe(-1);
    expect(findRecoveryCode(randomBytes(32), 'u1', codes[3]!, hashes)).toBe(-1);
  });
});
