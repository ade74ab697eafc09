import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import { visit, type DocumentNode } from 'graphql';
import { formatErrors, apiError } from './errors.ts';
import type { Schema } from './schema.ts';
import type { RequestContext, Viewer } from './context.ts';
import type { Platform } from './platform.ts';
import { sessionCookie } from './identity/cookies.ts';
import { withAccess } from './access/viewer.ts';
import { sessionUser } from '../projections/identity/queries.ts';
import { ATTACHMENTS_TOTAL_BYTES } from '../domain/tickets/attachment-type.ts';
import {
  checkCost,
  checkStringArguments,
  refuseLargeAnonymousBodies,
  refuseLargeBodies,
  uploadBodyBytes,
} from './limits.ts';

/** Fields that try a secret: at most one per operation, so aliases cannot brute-force in one request. */
const SECRET_FIELDS = new Set([
  'signIn',
  // The second step, codes and link tokens, and anything that mails (aliases would multiply mails).
  'completeSignIn',
  'startHeldTwoFactorSetup',
  'confirmHeldTwoFactorSetup',
  'confirmTwoFactorSetup',
  'disableTwoFactor',
  'regenerateRecoveryCodes',
  'changePassword',
  'resetPassword',
  'verifyEmail',
  'register',
  'requestPasswordReset',
  'resendVerificationEmail',
]);

function countSecretFields(document: DocumentNode): number {
  let n = 0;
  visit(document, { Field: (node) => void (SECRET_FIELDS.has(node.name.value) && n++) });
  return n;
}

const introspective = new WeakMap<DocumentNode, boolean>();

/** Whether a document asks for the schema; remembered per (cached) document. */
const isIntrospection = (document: DocumentNode) => {
  let found = introspective.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      Field: (node) =>
        void ((node.name.value === '__schema' || node.name.value === '__type') && (found = true)),
    });
    introspective.set(document, found);
  }
  return found;
};

/**
 * Mercurius takes a query that does not parse as GraphQL for a JSON-encoded AST ("5", "{}", or a
 * hand-made tree graphql-js was never meant to see). Only documents its parser built carry a
 * Location (a class: JSON cannot make one; `instanceof` would fail across graphql's CJS and ESM
 * builds, so its tag is checked).
 */
const parsedByGraphql = (document: DocumentNode | null | undefined) =>
  document?.kind === 'Document' &&
  Object.prototype.toString.call(document.loc) === '[object Location]';

/**
 * graphql-js ends many validation messages with "Did you mean topUp or topUps?": a map of the
 * schema for anyone who guesses. Production drops the suggestion and keeps the rest.
 */
export const withoutSuggestions = (message: string) =>
  message.replace(/\s*Did you mean [^?]*\?/g, '');

/**
 * Who is asking: the tenant of the host, and the viewer of the session cookie. On a host no tenant
 * serves, no one, with the refusal GraphQL answers (NOT_FOUND) as the context's failure.
 */
export async function buildContext(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<RequestContext> {
  const tenantId = await platform.tenantForHost(request.hostname);
  // No tenant serves this host: nobody is signed in here, and GraphQL refuses (preExecution).
  if (tenantId === null)
    return {
      platform,
      tenantId: '',
      viewer: null,
      sessionToken: null,
      request,
      reply,
      failure: apiError('NOT_FOUND', 'No site is configured for this address.'),
    };
  const token = request.cookies[sessionCookie(platform.settings).name] ?? null;
  let viewer: Viewer | null = null;
  if (token) {
    const session = await platform.sessions.find(token, new Date());
    if (session && session.tenantId === tenantId) {
      const u = await sessionUser(platform.sql, session.userId);
      if (u && u.status === 'ACTIVE') {
        const staffRole =
          u.role === 'admin' ? ((u.staff_role as string | null) ?? 'tenant_admin') : null;
        viewer = {
          id: u.id,
          email: u.email,
          name: u.name,
          role: u.role,
          tenantId,
          staffRole,
          permissions: platform.identity.permissions.permissionsOf(staffRole),
        };
        viewer = await withAccess(platform, viewer, session);
      }
    }
  }
  return { platform, tenantId, viewer, sessionToken: viewer ? token : null, request, reply };
}

/**
 * GraphQL on /graphql: SDL-first, JIT, depth limit, no batching, CSRF prevention, masked errors.
 * The schema comes from the area list (server/areas/index.ts).
 */
export async function registerGraphql(
  app: FastifyInstance,
  platform: Platform,
  schema: Schema,
): Promise<void> {
  const production = platform.settings.NODE_ENV === 'production';
  await app.register(mercurius, {
    schema: schema.sdl,
    resolvers: schema.resolvers as never,
    path: '/graphql',
    graphiql: !production,
    jit: 1,
    queryDepth: 8,
    allowBatchedQueries: false,
    csrfPrevention: true,
    // Every other route takes SMALL_BODY_BYTES (the server's bodyLimit); /graphql takes an upload's
    // body, and its hooks refuse a large one unless it is a file-carrying mutation from a session.
    additionalRouteOptions: {
      // The larger of a payment proof and a ticket message's attachments.
      bodyLimit: uploadBodyBytes(
        Math.max(platform.settings.MAX_UPLOAD_BYTES, ATTACHMENTS_TOTAL_BYTES),
      ),
      preParsing: refuseLargeAnonymousBodies,
      preValidation: refuseLargeBodies,
    },
    // A context that cannot be built (the database is down) must not throw here: mercurius would
    // build it again to report the error, and answer a bare 500. The hook below reports it.
    context: (request, reply) =>
      buildContext(platform, request, reply).catch((failure: unknown): RequestContext => ({
        platform,
        tenantId: '',
        viewer: null,
        sessionToken: null,
        request,
        reply,
        failure,
      })),
    errorFormatter: (execution, ctx) => {
      const formatted = formatErrors(
        execution,
        (ctx as unknown as { reply?: FastifyReply }).reply?.log ?? app.log,
      );
      if (production)
        for (const e of formatted.response.errors) e.message = withoutSuggestions(e.message);
      return formatted;
    },
  });
  app.graphql.addHook('preValidation', async (_schema, document) => {
    if (!parsedByGraphql(document))
      throw apiError('GRAPHQL_VALIDATION_FAILED', 'The query is not a valid GraphQL document.');
    if (countSecretFields(document) > 1)
      throw apiError('BAD_USER_INPUT', 'At most one sign-in field per request.');
    // Before validation, whose overlap check grows with the square of the aliases. Mercurius caches
    // a document only once it passed this hook, so a cached document has passed it too.
    checkCost(document);
  });
  // preValidation runs only when a query is not in mercurius's cache, so a check that depends on
  // who is asking must run before every execution instead.
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    const ctx = context as unknown as RequestContext;
    if (ctx.failure) throw ctx.failure;
    checkStringArguments(schema, document, (variables ?? {}) as Record<string, unknown>);
    if (production && ctx.viewer?.role !== 'admin' && isIntrospection(document)) {
      throw apiError('FORBIDDEN', 'Introspection is only for admins in production.');
    }
  });
}
