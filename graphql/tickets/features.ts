import type { FeatureGates } from '../access/features.ts';

/** A tenant that switched support tickets off answers none of these (FORBIDDEN, whoever asks). */
export const ticketsFeatureGates: FeatureGates = Object.fromEntries(
  [
    'tickets',
    'ticket',
    'ticketDepartments',
    'cannedReplies',
    'ticketSettings',
    'openTicket',
    'replyToTicket',
    'addTicketNote',
    'assignTicket',
    'changeTicketStatus',
    'changeTicketDetails',
    'closeTicket',
    'reopenTicket',
    'saveTicketDepartment',
    'saveCannedReply',
    'deleteCannedReply',
    'changeTicketSettings',
  ].map((field) => [field, 'tickets' as const]),
);
