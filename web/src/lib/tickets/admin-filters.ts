import type { TicketFilter, TicketPriority, TicketStatus } from '$lib/graphql/generated/operations';

/**
 * The admin ticket list's filters as they live in the URL (?status=&department=&priority=
 * &assignee=&customer=). Status "active" (the default) is every status but Closed; "all" is
 * every ticket. Values that are not the list's are ignored.
 */
export interface TicketFilterValues {
  status: TicketStatus | 'active' | 'all';
  departmentId: string;
  priority: TicketPriority | '';
  /** A staff member's id, "none" for unassigned tickets (filtered here), or '' for anyone. */
  assigneeId: string;
  accountId: string;
}

const statusValues: readonly string[] = [
  'OPEN',
  'ANSWERED',
  'CUSTOMER_REPLY',
  'ON_HOLD',
  'IN_PROGRESS',
  'CLOSED',
];
const priorityValues: readonly string[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];

export function ticketFiltersFromUrl(url: URL): TicketFilterValues {
  const p = url.searchParams;
  const status = p.get('status') ?? 'active';
  const priority = p.get('priority') ?? '';
  return {
    status:
      status === 'all' || statusValues.includes(status)
        ? (status as TicketFilterValues['status'])
        : 'active',
    departmentId: p.get('department') ?? '',
    priority: priorityValues.includes(priority) ? (priority as TicketPriority) : '',
    assigneeId: p.get('assignee') ?? '',
    accountId: p.get('customer') ?? '',
  };
}

export function ticketFiltersToSearch(v: TicketFilterValues): string {
  const p = new URLSearchParams();
  if (v.status !== 'active') p.set('status', v.status);
  if (v.departmentId) p.set('department', v.departmentId);
  if (v.priority) p.set('priority', v.priority);
  if (v.assigneeId) p.set('assignee', v.assigneeId);
  if (v.accountId) p.set('customer', v.accountId);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The API's filter for these values ("none" assignee is not an API value: filtered after). */
export function toTicketFilter(v: TicketFilterValues): TicketFilter {
  const filter: TicketFilter = {};
  if (v.status === 'active')
    filter.status = statusValues.filter((s) => s !== 'CLOSED') as TicketStatus[];
  else if (v.status !== 'all') filter.status = [v.status];
  if (v.departmentId) filter.departmentId = v.departmentId;
  if (v.priority) filter.priority = v.priority;
  if (v.assigneeId && v.assigneeId !== 'none') filter.assigneeId = v.assigneeId;
  if (v.accountId) filter.accountId = v.accountId;
  return filter;
}
