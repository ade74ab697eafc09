import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { operationsOf, rowsOf, type AreaRows, type AreaWithRows } from './rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'rows-'));
function sdl(name: string, text: string): URL {
  const file = join(dir, name);
  writeFileSync(file, text);
  return pathToFileURL(file);
}
const row = (why: string) => ({ why, attempts: () => [] });
const area = (name: string, file: URL, isolation: AreaRows['isolation']): AreaWithRows => ({
  name,
  graphql: { sdl: [file] },
  testing: async () => ({ isolation, matrix: {} }),
});

const catalog = sdl(
  'catalog.graphql',
  'extend type Query { products: [String!]! }\nextend type Mutation { addProduct: ID }',
);
const orders = sdl('orders.graphql', 'extend type Query { orders: [String!]! }');

describe('rows of the access suites', () => {
  it("reads an area's Query and Mutation fields from its SDL files", () => {
    expect(operationsOf([catalog, orders])).toEqual(['products', 'addProduct', 'orders']);
  });

  it("collects base's rows and each area's", async () => {
    const rows = await rowsOf(
      [area('catalog', catalog, { products: row('p'), addProduct: row('a') }), { name: 'mail' }],
      'isolation',
      { ok: row('ok') },
    );
    expect(Object.keys(rows)).toEqual(['ok', 'products', 'addProduct']);
  });

  it("refuses a row for an operation of another area's SDL", async () => {
    await expect(
      rowsOf([area('catalog', catalog, { orders: row('o') })], 'isolation', {}),
    ).rejects.toThrow('catalog has an isolation row for orders, which its SDL does not define');
  });

  it('refuses two rows for one operation', async () => {
    await expect(
      rowsOf([area('catalog', catalog, { products: row('p') })], 'isolation', {
        products: row('base'),
      }),
    ).rejects.toThrow('two areas give an isolation row for products');
  });
});
