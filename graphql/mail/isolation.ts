import { cmd } from '../access/testing.ts';
import { ownOnly, SIGNED_OUT, type IsolationCase } from '../access/testing/isolation-kit.ts';
import { NO_ID, q, USERS_MANAGE, type MatrixRow } from '../access/testing/matrix-kit.ts';

/**
 * The outbox (mail.graphql): how each operation is kept within the caller's tenant (isolation,
 * graphql/access/isolation.int.test.ts) and which roles may call it (matrix,
 * graphql/access/permission-matrix.int.test.ts). Registered by server/areas/mail.ts. A mail id of
 * another tenant is NOT_FOUND for resendMail (graphql/mail/mail.int.test.ts resends a real one of
 * another tenant).
 */
const RESEND = 'mutation($c: ID!, $id: ID!) { resendMail(commandId: $c, mailId: $id) { id } }';

export const isolation: Record<string, IsolationCase> = {
  outbox: {
    why: 'row-level security shows the tenant’s own mails',
    attempts: (w) => [
      {
        as: 'adminA',
        query: '{ outbox(first: 200) { to } }',
        answers: ownOnly([w.z.email, 'w@example.com']),
      },
      {
        as: 'adminA',
        query: '{ outbox(first: 200, status: SENT) { to } }',
        answers: ownOnly([w.z.email, 'w@example.com']),
      },
      { as: 'x', query: '{ outbox { to } }', refused: ['FORBIDDEN'] },
      { as: 'zOnA', query: '{ outbox { to } }', refused: SIGNED_OUT },
    ],
  },
  resendMail: {
    why: 'a mail is resent only by the tenant it belongs to (its stream’s tenant is checked); another tenant’s mail id is NOT_FOUND',
    attempts: () => [
      { as: 'adminB', query: RESEND, variables: { c: cmd(), id: NO_ID }, refused: ['NOT_FOUND'] },
      { as: 'x', query: RESEND, variables: { c: cmd(), id: NO_ID }, refused: ['FORBIDDEN'] },
      { as: 'bOnA', query: RESEND, variables: { c: cmd(), id: NO_ID }, refused: SIGNED_OUT },
    ],
  },
};

export const matrix: Record<string, MatrixRow> = {
  outbox: { allowed: USERS_MANAGE, call: q('{ outbox { id } }') },
  resendMail: {
    allowed: USERS_MANAGE,
    call: () => ({ query: RESEND, variables: { c: cmd(), id: NO_ID } }),
  },
};
