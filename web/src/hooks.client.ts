import type { HandleClientError } from '@sveltejs/kit';
import { ApiError } from '$lib/graphql/errors';

/** Unexpected errors in load functions or rendering: keep the API's message and code. */
export const handleError: HandleClientError = ({ error, message }) => {
  if (error instanceof ApiError) return { message: error.message, code: error.code };
  console.error(error);
  return { message };
};
