import type { TicketPriority, TicketStatus } from '$lib/graphql/generated/operations';
import * as ops from '$lib/graphql/generated/operations';
import type { BadgeVariant } from '$lib/components/ui/badge.svelte';

/*
 * The ticket desk's operations live in tickets.graphql; `npm run codegen` checks them against
 * the SDL (graphql/tickets/tickets.graphql) and writes their typed documents.
 */
export type {
  TicketFilter,
  TicketPriority,
  TicketStatus,
  TicketAttachmentInput,
} from '$lib/graphql/generated/operations';

export type TicketRow = ops.TicketRowFieldsFragment;
export type Ticket = ops.TicketDetailFieldsFragment;
export type TicketMessage = ops.TicketMessageFieldsFragment;
export type TicketAttachment = TicketMessage['attachments'][number];
export type TicketDepartment = ops.TicketDepartmentsQuery['ticketDepartments'][number];
export type CannedReply = ops.CannedRepliesQuery['cannedReplies'][number];

export const TicketsQuery = ops.TicketsDocument;
export const TicketQuery = ops.TicketDocument;
export const TicketDepartmentsQuery = ops.TicketDepartmentsDocument;
export const CannedRepliesQuery = ops.CannedRepliesDocument;
export const TicketAssigneesQuery = ops.TicketAssigneesDocument;
export const TicketSettingsQuery = ops.TicketSettingsDocument;
export const OpenTicketMutation = ops.OpenTicketDocument;
export const ReplyToTicketMutation = ops.ReplyToTicketDocument;
export const AddTicketNoteMutation = ops.AddTicketNoteDocument;
export const AssignTicketMutation = ops.AssignTicketDocument;
export const ChangeTicketStatusMutation = ops.ChangeTicketStatusDocument;
export const ChangeTicketDetailsMutation = ops.ChangeTicketDetailsDocument;
export const CloseTicketMutation = ops.CloseTicketDocument;
export const ReopenTicketMutation = ops.ReopenTicketDocument;
export const SaveTicketDepartmentMutation = ops.SaveTicketDepartmentDocument;
export const SaveCannedReplyMutation = ops.SaveCannedReplyDocument;
export const DeleteCannedReplyMutation = ops.DeleteCannedReplyDocument;
export const ChangeTicketSettingsMutation = ops.ChangeTicketSettingsDocument;

export const statuses: TicketStatus[] = [
  'OPEN',
  'ANSWERED',
  'CUSTOMER_REPLY',
  'ON_HOLD',
  'IN_PROGRESS',
  'CLOSED',
];

export const statusLabels: Record<TicketStatus, string> = {
  OPEN: 'Open',
  ANSWERED: 'Answered',
  CUSTOMER_REPLY: 'Customer reply',
  ON_HOLD: 'On hold',
  IN_PROGRESS: 'In progress',
  CLOSED: 'Closed',
};

/** For customers, "Answered" means there is something to read. */
export const statusVariants: Record<TicketStatus, BadgeVariant> = {
  OPEN: 'default',
  ANSWERED: 'success',
  CUSTOMER_REPLY: 'warning',
  ON_HOLD: 'secondary',
  IN_PROGRESS: 'default',
  CLOSED: 'outline',
};

export const priorities: TicketPriority[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];

export const priorityLabels: Record<TicketPriority, string> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  URGENT: 'Urgent',
};

export const priorityVariants: Record<TicketPriority, BadgeVariant> = {
  LOW: 'secondary',
  MEDIUM: 'outline',
  HIGH: 'warning',
  URGENT: 'destructive',
};
