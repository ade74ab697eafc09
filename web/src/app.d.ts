// See https://svelte.dev/docs/kit/types#app.d.ts
import type { ErrorCode } from '$lib/graphql/errors';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** The API's error code when the failure came from GraphQL. */
      code?: ErrorCode;
    }
  }
}

export {};
