import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { commandId, hasNul, inrAmount, isUuid, parseInput, plainText, uuid } from './validate.ts';

const refusal = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('not refused');
};

describe('parseInput', () => {
  const schema = z.object({ name: plainText(5), nested: z.object({ n: z.number() }) });
  it('returns the parsed value', () =>
    expect(parseInput(schema, { name: ' Asha ', nested: { n: 1 } })).toEqual({
      name: 'Asha',
      nested: { n: 1 },
    }));
  it('refuses with BAD_USER_INPUT and one issue per field, paths joined in the message', () => {
    const e = refusal(() => parseInput(schema, { name: 'toolong', nested: { n: 'x' } }));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.issues).toEqual([
      { path: ['name'], message: 'At most 5 characters.' },
      { path: ['nested', 'n'], message: expect.any(String) },
    ]);
    expect(e.message).toMatch(/^At most 5 characters \(name\)\. .+ \(nested\.n\)\.$/);
  });
});

describe('plainText', () => {
  const issue = (s: z.ZodTypeAny, v: unknown) => {
    const r = s.safeParse(v);
    expect(r.success).toBe(false);
    return r.success ? '' : r.error.issues[0]!.message;
  };
  it('trims, then counts', () => {
    expect(plainText(3).parse('  abc  ')).toBe('abc');
    expect(issue(plainText(3), '   ')).toBe('Required.');
    expect(issue(plainText(3), 'abcd')).toBe('At most 3 characters.');
    expect(issue(plainText(10, 3), ' ab ')).toBe('At least 3 characters.');
    expect(plainText(10, 3).parse('abc')).toBe('abc');
  });
  it('refuses control characters but keeps tabs and newlines', () => {
    for (const c of ['\u0000', '\u0008', '\u000b', '\u000c', '\u000e', '\u001f', '\u007f'])
      expect(issue(plainText(10), `a${c}b`)).toBe('Contains control characters.');
    expect(plainText(10).parse('a\tb\nc\rd')).toBe('a\tb\nc\rd');
  });
});

describe('ids', () => {
  it('commandId: 8–100 of letters, digits, ":", "_" and "-"', () => {
    expect(commandId.parse('abc:12_3-X')).toBe('abc:12_3-X');
    expect(commandId.safeParse('a'.repeat(8)).success).toBe(true);
    expect(commandId.safeParse('a'.repeat(100)).success).toBe(true);
    expect(commandId.safeParse('a'.repeat(7)).error?.issues[0]?.message).toBe(
      'The commandId must be 8–100 characters.',
    );
    expect(commandId.safeParse('a'.repeat(101)).error?.issues[0]?.message).toBe(
      'The commandId must be 8–100 characters.',
    );
    expect(commandId.safeParse('abcdefgh!').error?.issues[0]?.message).toBe(
      'The commandId may use letters, digits, ":", "_" and "-".',
    );
    expect(commandId.safeParse('abcdefgh ').success).toBe(false);
  });
  it('uuid and isUuid', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(uuid.parse(id)).toBe(id);
    expect(uuid.safeParse('nope').error?.issues[0]?.message).toBe('Must be an id.');
    expect(isUuid(id)).toBe(true);
    expect(isUuid(id.toUpperCase())).toBe(true);
    expect(isUuid(`x${id}`)).toBe(false);
    expect(isUuid(`${id}x`)).toBe(false);
    expect(isUuid(id.replace(/-/g, ''))).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
  it('hasNul', () => {
    expect(hasNul('a\u0000b')).toBe(true);
    expect(hasNul('ab')).toBe(false);
    expect(hasNul(null)).toBe(false);
    expect(hasNul(undefined)).toBe(false);
  });
});

describe('inrAmount', () => {
  it('parses rupees with at most two decimals', () =>
    expect(inrAmount.parse('1500.50').toFixed(2)).toBe('1500.50'));
  it('refuses a third decimal with the money rule as the message', () => {
    const r = inrAmount.safeParse('1.005');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).not.toBe('Not an amount.');
    expect(r.error?.issues[0]?.message.length).toBeGreaterThan(0);
  });
});

describe('plainText: nothing hidden (issue 9)', () => {
  const name = plainText(120);
  it('refuses zero-width and bidirectional control characters in names and references', () => {
    for (const s of [
      'ad\u200bmin',
      'Asha\u200d',
      'a\u200db',
      '\u202egpj.exe',
      'Ravi\u2066Kumar\u2069',
      'x\ufeffy',
      'soft\u00adhyphen',
      'a\u200eb',
      'a\u2060b',
      'a\u061cb',
    ]) {
      const r = name.safeParse(s);
      expect(r.success, JSON.stringify(s)).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('Contains invisible or text-direction characters.');
    }
  });
  it('keeps the joiners scripts spell with, between their letters (Malayalam, Devanagari)', () => {
    for (const s of ['കാര്\u200dത്തിക്', 'क्\u200dष', 'Asha Verma', 'Zoë Müller', 'مرحبا'])
      expect(name.parse(s)).toBe(s);
  });
});
