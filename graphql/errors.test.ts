import { describe, expect, it } from 'vitest';
import { formatErrors, unavailable } from './errors.ts';
import { GraphQLError } from 'graphql';

const log = { error: () => {} };
const answer = (original: Error) =>
  formatErrors(
    { errors: [new GraphQLError(original.message, { originalError: original, path: ['wallet'] })] },
    log,
  ).response.errors[0];
const withCode = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

describe('errors while the database is out of reach', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    'CONNECT_TIMEOUT',
    '08006',
    '57P01',
    '57P03',
    'ES_UNAVAILABLE',
  ])('%s is SERVICE_UNAVAILABLE, retryable', (code) => {
    expect(unavailable(withCode(code))).toBe(true);
    expect(answer(withCode(code))).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it.each(['23505', '42P01', '22P02', undefined])(
    '%s is not: a bug stays INTERNAL, its details masked',
    (code) => {
      const error = code ? withCode(code) : new Error('boom: select * from secrets');
      expect(unavailable(error)).toBe(false);
      expect(answer(error)).toEqual({
        message: 'Internal error.',
        path: ['wallet'],
        extensions: { code: 'INTERNAL' },
      });
    },
  );
});
