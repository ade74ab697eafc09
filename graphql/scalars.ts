import { GraphQLScalarType, Kind } from 'graphql';
import { DomainError } from '../domain/shared/decider.ts';

const bad = (message: string) => new DomainError('BAD_USER_INPUT', message);

/** Decimal travels as a string ("1500.00"); numbers are refused so no float ever carries money. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  serialize: (v) => String(v),
  parseValue(v) {
    if (typeof v !== 'string') throw bad('a Decimal must be sent as a string, e.g. "1500.00"');
    return v;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING)
      throw bad('a Decimal must be written as a string, e.g. "1500.00"');
    return ast.value;
  },
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(v: unknown): Date {
  if (typeof v !== 'string' || !ISO.test(v) || Number.isNaN(Date.parse(v))) {
    throw bad('a DateTime must be ISO-8601 with a time zone, e.g. "2026-04-01T10:00:00+05:30"');
  }
  const instant = new Date(v);
  // JavaScript takes year 0 (and a zone shift past year 9999); PostgreSQL has no year 0 and would
  // fail the query, so the value is refused here as the client's mistake.
  const year = instant.getUTCFullYear();
  if (year < 1 || year > 9999) throw bad('a DateTime must fall in the years 0001 to 9999');
  return instant;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: parseInstant,
  parseLiteral: (ast) => parseInstant(ast.kind === Kind.STRING ? ast.value : null),
});
