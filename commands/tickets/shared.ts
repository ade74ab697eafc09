import { z } from 'zod';
import { aboutField, DomainError, fold, notFound } from '../../domain/shared/decider.ts';
import { ticketDecider, type TicketState } from '../../domain/tickets/decider.ts';
import { ticketDeskDecider, type TicketDeskState } from '../../domain/tickets/desk.ts';
import {
  ticketDeskStreamId,
  ticketStreamId,
  type TicketDeskEvent,
  type TicketEvent,
  type TicketFile,
} from '../../domain/tickets/events.ts';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_MESSAGE,
  ATTACHMENTS_TOTAL_BYTES,
  extensionFits,
  sniffAttachmentType,
} from '../../domain/tickets/attachment-type.ts';
import type { FileStorage } from '../wallet/file-storage.ts';
import { accountOf, requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { plainText } from '../shared/validate.ts';

export interface TicketDeps extends CommandDeps {
  files: FileStorage;
  /**
   * The account (customer id) a service or invoice of this tenant belongs to, null when the
   * tenant has none with that id (the composition root answers from the read models).
   */
  ownerOf(tenantId: string, kind: 'service' | 'invoice', id: string): Promise<string | null>;
  /** Whether `userId` is a customer (an account holder) of this tenant. */
  isCustomer(tenantId: string, userId: string): Promise<boolean>;
  /** Whether `userId` is staff of this tenant (an assignee). */
  isStaff(tenantId: string, userId: string): Promise<boolean>;
}

export const subjectText = plainText(200);
export const messageText = plainText(50_000);
/** Ticket and message ids are uuids; any other string names no ticket (NOT_FOUND, not a field error). */
export const ticketIdText = z.string().max(100);

export const attachmentsSchema = z
  .array(
    z.object({
      fileName: plainText(200),
      contentType: z.string().max(200),
      base64: z
        .string()
        .min(1, 'Required.')
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Not base64.'),
    }),
  )
  .max(ATTACHMENTS_PER_MESSAGE, `At most ${ATTACHMENTS_PER_MESSAGE} attachments.`)
  .refine(
    (files) =>
      files.reduce((sum, f) => sum + Math.floor((f.base64.length * 3) / 4), 0) <=
      ATTACHMENTS_TOTAL_BYTES,
    `At most ${ATTACHMENTS_TOTAL_BYTES / 1024 / 1024} MB of attachments in one message.`,
  )
  .nullish()
  .transform((a) => a ?? []);

export type AttachmentInput = z.infer<typeof attachmentsSchema>[number];

const ALLOWED = 'PDF, PNG, JPEG, WebP, TXT, LOG or ZIP';

/**
 * Checks each attachment by its content (the stated type and the name's extension must agree
 * with it) before anything is stored, then stores them. Throws a field error naming the file.
 */
export async function storeAttachments(
  deps: TicketDeps,
  tenantId: string,
  messageId: string,
  attachments: AttachmentInput[],
): Promise<TicketFile[]> {
  const checked = attachments.map((a, i) => {
    const field = (f: string, message: string) =>
      new DomainError('BAD_USER_INPUT', aboutField(a.fileName, message), [
        { path: ['attachments', String(i), f], message },
      ]);
    if (Math.floor((a.base64.length * 3) / 4) > ATTACHMENT_MAX_BYTES + 3)
      throw field('base64', 'the file must be at most 10 MB');
    const bytes = Buffer.from(a.base64, 'base64');
    if (bytes.length > ATTACHMENT_MAX_BYTES)
      throw field('base64', 'the file must be at most 10 MB');
    const type = sniffAttachmentType(bytes, a.fileName);
    if (
      !type ||
      !extensionFits(a.fileName, type) ||
      (a.contentType !== type && !(type === 'text/plain' && a.contentType.startsWith('text/')))
    )
      throw field('contentType', `the file content is not a ${ALLOWED} file of the stated type`);
    return { a, bytes, type, i };
  });
  const out: TicketFile[] = [];
  for (const c of checked) {
    const sha256 = await deps.files.put(tenantId, c.bytes);
    out.push({
      id: uuidFrom(`ticketfile:${messageId}:${c.i}`),
      sha256,
      fileName: c.a.fileName,
      contentType: c.type,
      size: c.bytes.length,
    });
  }
  return out;
}

/** A ticket's events of this tenant; another tenant's (or none) is NOT_FOUND. */
export async function loadTicket(
  deps: CommandDeps,
  tenantId: string,
  ticketId: string,
): Promise<TicketState> {
  if (!/^[0-9a-f-]{36}$/i.test(ticketId)) throw notFound('ticket');
  const events = await deps.store.readStream(ticketStreamId(ticketId));
  if (events.length === 0 || events[0]!.metadata.tenantId !== tenantId) throw notFound('ticket');
  return fold(ticketDecider, events as unknown as TicketEvent[]);
}

export async function loadDesk(deps: CommandDeps, tenantId: string): Promise<TicketDeskState> {
  const events = await deps.store.readStream(ticketDeskStreamId(tenantId));
  return fold(ticketDeskDecider, events as unknown as TicketDeskEvent[]);
}

export const isStaffActor = (ctx: CommandContext) =>
  ctx.actor.role === 'admin' || ctx.actor.role === 'system';

/**
 * Who may act on a ticket as its customer: the account holder, or a team member whose account
 * role gives account.view (there is no support-specific account permission yet). Staff need
 * `tickets.manage`. Another account's ticket is NOT_FOUND, as another tenant's.
 */
export async function authorizeOnTicket(
  deps: CommandDeps,
  ctx: CommandContext,
  ticketId: string,
): Promise<TicketState> {
  if (isStaffActor(ctx)) {
    requirePermission(ctx, 'tickets.manage');
    return loadTicket(deps, ctx.tenantId, ticketId);
  }
  const accountId = requireAccountPermission(ctx, 'account.view');
  const state = await loadTicket(deps, ctx.tenantId, ticketId);
  if (state.accountId !== accountId) throw notFound('ticket');
  return state;
}

/** The customer's account (for their own side of a ticket). */
export const customerAccount = (ctx: CommandContext) =>
  accountOf({ id: ctx.actor.userId, accountId: ctx.accountId });

/** A message id per actor and commandId: a retry writes the same message once. */
export const messageIdFor = (ctx: CommandContext) =>
  uuidFrom(`ticketmsg:${ctx.tenantId}:${ctx.actor.userId}:${ctx.commandId}`);
