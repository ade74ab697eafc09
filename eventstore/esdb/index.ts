/**
 * EventStoreDB adapter of the event store port: the production store (docker-compose.yml).
 * Events are JSON events with our id, type and data; metadata is ours plus the chain `hash`.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import type { EventStore } from '../types.ts';
import { eventStoreOnClient, type EsdbStoreOptions } from './store.ts';

export type { EsdbStoreOptions } from './store.ts';

/** Connects lazily: the first call reaches the node. `connectionString` e.g. esdb://eventstore:2113?tls=false */
export function createEventStoreDbStore(connectionString: string, options: EsdbStoreOptions = {}): EventStore {
  return eventStoreOnClient(EventStoreDBClient.connectionString(connectionString), options);
}
