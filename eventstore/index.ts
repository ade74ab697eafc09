export * from './types.ts';
export { canonicalJson, chainHash, verifyChain, GENESIS_HASH } from './hash.ts';
export { createPostgresEventStore } from './postgres/store.ts';
