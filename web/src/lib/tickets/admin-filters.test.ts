import { describe, expect, it } from 'vitest';
import { ticketFiltersFromUrl, ticketFiltersToSearch, toTicketFilter } from './admin-filters';

const at = (search: string) => new URL(`http://portal.test/admin/tickets${search}`);

describe('admin ticket filters', () => {
  it('defaults to the active tickets, everything else open', () => {
    const v = ticketFiltersFromUrl(at(''));
    expect(v).toEqual({
      status: 'active',
      departmentId: '',
      priority: '',
      assigneeId: '',
      accountId: '',
    });
    expect(ticketFiltersToSearch(v)).toBe('');
    expect(toTicketFilter(v).status).toEqual([
      'OPEN',
      'ANSWERED',
      'CUSTOMER_REPLY',
      'ON_HOLD',
      'IN_PROGRESS',
    ]);
  });

  it('round-trips through the URL and becomes the API filter', () => {
    const search = '?status=CUSTOMER_REPLY&department=d1&priority=URGENT&assignee=u7&customer=a3';
    const v = ticketFiltersFromUrl(at(search));
    expect(ticketFiltersToSearch(v)).toBe(search);
    expect(toTicketFilter(v)).toEqual({
      status: ['CUSTOMER_REPLY'],
      departmentId: 'd1',
      priority: 'URGENT',
      assigneeId: 'u7',
      accountId: 'a3',
    });
  });

  it('ignores values that are not the list’s; "all" and "none" are no API filter', () => {
    const v = ticketFiltersFromUrl(at('?status=BOGUS&priority=whenever'));
    expect(v.status).toBe('active');
    expect(v.priority).toBe('');
    expect(toTicketFilter(ticketFiltersFromUrl(at('?status=all&assignee=none')))).toEqual({});
  });
});
