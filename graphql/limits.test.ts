import { describe, expect, it } from 'vitest';
import { getIntrospectionQuery, parse } from 'graphql';
import { MAX_FIELDS, fieldCount } from './limits.ts';

describe('fieldCount', () => {
  it('counts every alias and every use of a fragment', () => {
    expect(fieldCount(parse('{ a: brand { name } b: brand { name } }'))).toBe(4);
    expect(
      fieldCount(
        parse(
          '{ a: brand { ...F } b: brand { ...F ... on Brand { name } } } fragment F on Brand { name x: name }',
        ),
      ),
    ).toBe(7);
  });

  it('nested fragments multiply without the count itself blowing up', () => {
    const levels = Array.from(
      { length: 30 },
      (_, i) =>
        `fragment F${i} on Q { ${i === 29 ? 'a b' : `x: f { ...F${i + 1} } y: f { ...F${i + 1} }`} }`,
    );
    expect(fieldCount(parse(`{ ...F0 } ${levels.join(' ')}`))).toBeGreaterThan(2 ** 30);
  });

  it('a fragment cycle counts nothing (validation refuses it next) instead of looping', () => {
    expect(
      fieldCount(parse('{ ...A } fragment A on Q { a ...B } fragment B on Q { b ...A }')),
    ).toBe(2);
  });

  it("GraphiQL's introspection query fits the limit", () => {
    expect(fieldCount(parse(getIntrospectionQuery()))).toBeLessThan(MAX_FIELDS);
  });
});
