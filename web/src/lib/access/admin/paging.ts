/** Users per page on the admin's list. */
export const USERS_PAGE_SIZE = 25;
