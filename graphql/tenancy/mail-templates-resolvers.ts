import {
  mailTemplates,
  previewMailTemplate,
  resetMailTemplate,
  saveMailTemplate,
  type MailHtmlLayout,
} from '../../commands/tenancy/mail-templates.ts';
import { commandContext, requireViewer, type RequestContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

/** The viewer, for the settings' permission check (a query and a preview have no command). */
function asker(ctx: RequestContext) {
  const { id: userId, role, permissions } = requireViewer(ctx);
  return { tenantId: ctx.tenantId, actor: { userId, role }, permissions };
}

/** One kind as the tenant has it after a save or reset. */
async function kindOf(ctx: RequestContext, tenantId: string, kind: string) {
  const all = await mailTemplates(ctx.platform.identity, asker(ctx), tenantId);
  return all.find((t) => t.kind === kind)!;
}

/** A save or a reset, answered with the kind as the tenant has it afterwards. */
const answered =
  (change: typeof saveMailTemplate | typeof resetMailTemplate) =>
  async (_: unknown, args: { input: { commandId: string } }, ctx: RequestContext) => {
    const { tenantId, kind } = await change(
      ctx.platform.identity,
      commandContext(ctx, args.input.commandId),
      args.input,
    );
    return kindOf(ctx, tenantId, kind);
  };

/**
 * Admin → Settings → Mail templates. `layout` is the sender's HTML layout, handed in by the
 * composition root (graphql/ does not import integrations/); without it previews have no HTML.
 */
export function mailTemplatesResolvers(layout?: MailHtmlLayout) {
  return {
    Query: {
      mailTemplates: (_, args, ctx) =>
        mailTemplates(ctx.platform.identity, asker(ctx), args.tenantId),
      previewMailTemplate: (_, args, ctx) =>
        previewMailTemplate(
          { store: ctx.platform.identity.store, ...(layout ? { layout } : {}) },
          asker(ctx),
          args.input,
        ),
    },
    Mutation: {
      saveMailTemplate: answered(saveMailTemplate),
      resetMailTemplate: answered(resetMailTemplate),
    },
  } satisfies Resolvers;
}
