import { describe, expect, it } from 'vitest';
import { serverFiltersFromUrl, serverFiltersToSearch, toServiceFilter } from './admin-filters';

const at = (q: string) => new URL(`https://x.test/admin/servers${q}`);

describe('server filters in the URL', () => {
  it('reads status, search, needs attention and page, and writes them back', () => {
    const { values, page } = serverFiltersFromUrl(
      at('?status=PROVISIONING_FAILED&q=web1&attention=1&page=2'),
    );
    expect(values).toMatchObject({
      status: 'PROVISIONING_FAILED',
      search: 'web1',
      needsAttention: true,
    });
    expect(page).toBe(2);
    expect(serverFiltersToSearch(values, page)).toBe(
      '?status=PROVISIONING_FAILED&q=web1&page=2&attention=1',
    );
    expect(toServiceFilter(values)).toEqual({
      status: 'PROVISIONING_FAILED',
      search: 'web1',
      needsAttention: true,
    });
  });

  it('ignores what is not a filter of this list', () => {
    const { values } = serverFiltersFromUrl(at('?status=PAID&attention=yes&from=2026-01-01'));
    expect(values).toEqual({ status: '', search: '', from: '', to: '', needsAttention: false });
    expect(serverFiltersToSearch(values)).toBe('');
    expect(toServiceFilter(values)).toEqual({ status: null, search: null, needsAttention: null });
    expect(serverFiltersToSearch({ ...values, needsAttention: true })).toBe('?attention=1');
  });
});
