/**
 * EventStoreDB adapter of the event store port: the production store (docker-compose.yml).
 * Events are JSON events with our id, type and data; metadata is ours plus the chain `hash`.
 */
import { EventStoreDBClient, type Credentials } from '@eventstore/db-client';
import type { EventStore } from '../types.ts';
import { eventStoreOnClient, type EsdbStoreOptions } from './store.ts';

export type { EsdbStoreOptions } from './store.ts';

/**
 * Sent on an insecure node (tls=false), which authenticates every call as the system user
 * whatever it carries: they only make the client take its plain append path. They open nothing.
 */
const INSECURE_NODE_CREDENTIALS: Credentials = { username: 'insecure-node', password: 'ignored' };

/** Connects lazily: the first call reaches the node. `connectionString` e.g. esdb://eventstore:2113?tls=false */
export function createEventStoreDbStore(
  connectionString: string,
  options: EsdbStoreOptions = {},
): EventStore {
  if (!/^esdb(\+discover)?:\/\//i.test(connectionString)) {
    // @eventstore/db-client 6.2.1 throws on kurrentdb:// (only its successor reads them).
    throw new Error('EventStoreDB connection string must start with esdb:// or esdb+discover://');
  }
  const credentials = options.credentials ?? appendCredentials(connectionString);
  return eventStoreOnClient(EventStoreDBClient.connectionString(connectionString), {
    ...options,
    ...(credentials ? { credentials } : {}),
  });
}

/**
 * Credentials for every append. Without per-call credentials, @eventstore/db-client 6.2.1 sends
 * appends over one shared batch-append stream: a connection error rejects and clears every
 * pending append, and a reply arriving after that throws inside a stream listener
 * ("undefined is not iterable"), which ends the process (KurrentDB-Client-NodeJS issue #505,
 * fixed by PR #523 in later releases). With credentials it uses one call per append.
 * They are the connection string's own user, or, on an insecure node, placeholders it ignores;
 * a secure node without a user in the string (client certificates) keeps the batch path.
 */
export function appendCredentials(connectionString: string): Credentials | undefined {
  const user = /^esdb(?:\+discover)?:\/\/([^:@/?,]+):([^@/?,]*)@/i.exec(connectionString);
  if (user)
    return { username: decodeURIComponent(user[1]!), password: decodeURIComponent(user[2]!) };
  if (/[?&]tls=false(&|$)/i.test(connectionString)) return INSECURE_NODE_CREDENTIALS;
  return undefined;
}
