import type { Settings } from './config.ts';
import type { Platform as GraphqlPlatform } from '../graphql/platform.ts';

/**
 * Everything the HTTP layer needs, built once by the composition root: what GraphQL needs
 * (graphql/platform.ts) with the whole of the validated settings.
 */
export interface Platform extends GraphqlPlatform {
  settings: Settings;
}
