import {
  mailSettings,
  sendTestMail,
  updateMailSettings,
  type TestMailPort,
} from '../../commands/tenancy/mail-settings.ts';
import { commandContext, requireViewer, type RequestContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

/** Who asks, for the settings' permission check (a query has no command). */
const asker = (ctx: RequestContext) => {
  const viewer = requireViewer(ctx);
  return {
    tenantId: ctx.tenantId,
    actor: { userId: viewer.id, role: viewer.role },
    permissions: viewer.permissions,
  };
};

/** The composition root hands the test-mail port in with the platform's mail facts. */
function testPort(ctx: RequestContext): TestMailPort {
  const port = ctx.platform.mail.test;
  if (!port) throw new Error('the platform was started without a test-mail port');
  return port;
}

/** Admin → Settings → Mail: the tenant's transport and a test mail through it. */
export const mailSettingsResolvers = {
  Query: {
    mailSettings: (_, args, ctx) => mailSettings(ctx.platform.identity, asker(ctx), args.tenantId),
  },
  Mutation: {
    async updateMailSettings(_, args, ctx) {
      const { tenantId } = await updateMailSettings(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      return mailSettings(ctx.platform.identity, asker(ctx), tenantId);
    },
    sendTestMail: (_, args, ctx) => sendTestMail(testPort(ctx), asker(ctx), args.input),
  },
} satisfies Resolvers;
