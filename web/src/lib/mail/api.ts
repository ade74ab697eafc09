import * as ops from '$lib/graphql/generated/operations';

/*
 * The outbox's operations live in mail.graphql; `npm run codegen` checks them against the SDL
 * and writes their typed documents. The types below are their results.
 */

/** A mail as staff see it: `text` has every link with a token and every password hidden. */
export type OutboxMail = ops.OutboxMailFieldsFragment;
export type MailStatus = ops.MailStatus;

/** The tenant's mails, newest first; `status` narrows them to one state. */
export const OutboxQuery = ops.OutboxDocument;
/** Deliver a SENT or FAILED mail again; refused (CONFLICT) while it is queued or retrying. */
export const ResendMailMutation = ops.ResendMailDocument;
