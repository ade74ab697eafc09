import type { Service as GqlService } from '../generated/resolvers.ts';

/**
 * A service as its resolvers hand it on: its history, snapshots and actions are read by field
 * resolvers when asked; its notes are kept aside and shown to staff only (`Service.notes`).
 */
export interface Service extends Omit<
  GqlService,
  'history' | 'snapshots' | 'actions' | 'notes' | 'renewals'
> {
  tenantId: string;
  customerId: string;
  /** Staff's notes (never shown to a customer). */
  staffNotes: string;
}
