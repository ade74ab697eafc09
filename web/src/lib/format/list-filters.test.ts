import { describe, expect, it } from 'vitest';
import { listFiltersFromUrl, listFiltersToSearch } from './list-filters';

const statuses = ['PENDING', 'PAID'] as const;
const read = (q: string) =>
  listFiltersFromUrl(new URL(`https://x.test/admin/orders${q}`), statuses);

describe('admin list filters in the URL', () => {
  it('reads its own values and round-trips them', () => {
    const { values, page } = read('?status=PAID&q=%20ravi%20&from=2026-04-01&to=2026-04-30&page=3');
    expect(values).toEqual({
      status: 'PAID',
      search: 'ravi',
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(page).toBe(3);
    expect(listFiltersToSearch(values, page)).toBe(
      '?status=PAID&q=ravi&from=2026-04-01&to=2026-04-30&page=3',
    );
  });

  it('ignores what is not the list’s: another status, a malformed date, a bad page', () => {
    expect(read('?status=TAX_INVOICE&from=1.4.2026&to=2026-4-30&page=-2')).toEqual({
      values: { status: '', search: '', from: '', to: '' },
      page: 1,
    });
    expect(read('?page=abc').page).toBe(1);
  });

  it('leaves empty values and the first page out of the query string', () => {
    expect(listFiltersToSearch({ status: '', search: '', from: '', to: '' })).toBe('');
    expect(listFiltersToSearch({ status: 'PENDING', search: '', from: '', to: '' }, 1)).toBe(
      '?status=PENDING',
    );
  });
});
