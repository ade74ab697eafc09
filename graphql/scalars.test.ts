import { describe, expect, it } from 'vitest';
import { Kind } from 'graphql';
import { DomainError } from '../domain/shared/decider.ts';
import { DateTimeScalar } from './scalars.ts';

describe('DateTime', () => {
  it("year 0 and years past 9999 are the client's mistake (BAD_USER_INPUT), not a database error", () => {
    for (const v of [
      '0000-01-01T00:00:00Z',
      '0000-12-31T23:59:59+05:30',
      '9999-12-31T23:59:59-05:00',
    ]) {
      expect(() => DateTimeScalar.parseValue(v), v).toThrow(DomainError);
      expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: v }), v).toThrow(
        /0001 to 9999/,
      );
    }
  });

  it('takes ISO-8601 instants in range', () => {
    expect((DateTimeScalar.parseValue('0001-01-01T00:00:00Z') as Date).getUTCFullYear()).toBe(1);
    expect((DateTimeScalar.parseValue('2026-04-01T10:00:00+05:30') as Date).toISOString()).toBe(
      '2026-04-01T04:30:00.000Z',
    );
  });
});
