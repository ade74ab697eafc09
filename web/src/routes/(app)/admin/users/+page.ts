import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { StaffRolesQuery, UsersQuery } from '$lib/access/api';
import type { Role } from '$lib/identity/api';
import { USERS_PAGE_SIZE as PAGE_SIZE } from '$lib/access/admin/paging';
import type { PageLoad } from './$types';

/** Search and filters live in the URL, so a view can be bookmarked and the back button works. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:users');
  const search = url.searchParams.get('q') ?? '';
  const role =
    (['CUSTOMER', 'ADMIN'] as const).find((r) => r === url.searchParams.get('role')) ?? null;
  const status =
    (['ACTIVE', 'SUSPENDED'] as const).find((s) => s === url.searchParams.get('status')) ?? null;
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  return loadData(
    url,
    Promise.all([
      query(UsersQuery, {
        filter: { search: search || null, role: role as Role | null, status },
        first: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
      query(StaffRolesQuery, {}),
    ]).then(([u, r]) => ({
      search,
      role,
      status,
      page,
      users: u.users.items,
      total: u.users.total,
      roles: r.staffRoles,
    })),
  );
};
