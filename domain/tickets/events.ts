import type { DomainEvent } from '../shared/decider.ts';

export type TicketStatus =
  'OPEN' | 'ANSWERED' | 'CUSTOMER_REPLY' | 'ON_HOLD' | 'IN_PROGRESS' | 'CLOSED';
export type TicketPriority = 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';

export const TICKET_STATUSES: readonly TicketStatus[] = [
  'OPEN',
  'ANSWERED',
  'CUSTOMER_REPLY',
  'ON_HOLD',
  'IN_PROGRESS',
  'CLOSED',
];
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];

/** A stored file: content address in FileStorage, type sniffed from the bytes. */
export interface TicketFile {
  id: string;
  sha256: string;
  fileName: string;
  contentType: string;
  size: number;
}

export type TicketOpened = DomainEvent<
  'TicketOpened',
  {
    ticketId: string;
    number: string;
    accountId: string;
    openedBy: string;
    byStaff: boolean;
    departmentId: string;
    priority: TicketPriority;
    subject: string;
    messageId: string;
    message: string;
    attachments: TicketFile[];
    relatedServiceId: string | null;
    relatedInvoiceId: string | null;
    openedAt: string;
  }
>;

/** A message on the conversation: by the customer's side, by staff, or a staff-only note. */
export type TicketMessageAdded = DomainEvent<
  'TicketMessageAdded',
  {
    ticketId: string;
    messageId: string;
    authorId: string;
    kind: 'CUSTOMER' | 'STAFF' | 'NOTE';
    body: string;
    attachments: TicketFile[];
    at: string;
  }
>;

export type TicketAssigned = DomainEvent<
  'TicketAssigned',
  { ticketId: string; assigneeId: string | null; by: string; at: string }
>;

export type TicketStatusChanged = DomainEvent<
  'TicketStatusChanged',
  { ticketId: string; from: TicketStatus; to: TicketStatus; by: string; at: string }
>;

export type TicketDetailsChanged = DomainEvent<
  'TicketDetailsChanged',
  { ticketId: string; departmentId: string; priority: TicketPriority; by: string; at: string }
>;

/** `auto`: closed by the system after the tenant's autoCloseDays without a customer reply. */
export type TicketClosed = DomainEvent<
  'TicketClosed',
  { ticketId: string; by: string | null; auto: boolean; at: string }
>;

export type TicketReopened = DomainEvent<
  'TicketReopened',
  { ticketId: string; by: string; at: string }
>;

export type TicketEvent =
  | TicketOpened
  | TicketMessageAdded
  | TicketAssigned
  | TicketStatusChanged
  | TicketDetailsChanged
  | TicketClosed
  | TicketReopened;

/** The tenant's desk: ticket numbers (a counter at an expected revision), departments, canned replies, settings. */
export type TicketNumberAllocated = DomainEvent<
  'TicketNumberAllocated',
  { ticketId: string; sequence: number; number: string }
>;
export type TicketDepartmentSaved = DomainEvent<
  'TicketDepartmentSaved',
  { departmentId: string; name: string; active: boolean; at: string }
>;
export type CannedReplySaved = DomainEvent<
  'CannedReplySaved',
  { replyId: string; title: string; body: string; at: string }
>;
export type CannedReplyDeleted = DomainEvent<'CannedReplyDeleted', { replyId: string; at: string }>;
export type TicketSettingsChanged = DomainEvent<
  'TicketSettingsChanged',
  { autoCloseDays: number; at: string }
>;

export type TicketDeskEvent =
  | TicketNumberAllocated
  | TicketDepartmentSaved
  | CannedReplySaved
  | CannedReplyDeleted
  | TicketSettingsChanged;

export const ticketEventTypes = [
  'TicketOpened',
  'TicketMessageAdded',
  'TicketAssigned',
  'TicketStatusChanged',
  'TicketDetailsChanged',
  'TicketClosed',
  'TicketReopened',
] as const;

export const ticketDeskEventTypes = [
  'TicketNumberAllocated',
  'TicketDepartmentSaved',
  'CannedReplySaved',
  'CannedReplyDeleted',
  'TicketSettingsChanged',
] as const;

export const ticketStreamId = (ticketId: string) => `ticket-${ticketId}`;
export const ticketDeskStreamId = (tenantId: string) => `ticketdesk-${tenantId}`;

/** A closed ticket may be reopened by the customer for this long. */
export const REOPEN_WINDOW_DAYS = 30;
export const DEFAULT_AUTO_CLOSE_DAYS = 7;
export const DAY_MS = 24 * 60 * 60 * 1000;
