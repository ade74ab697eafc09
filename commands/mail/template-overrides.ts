import { tenantStreamId } from '../../domain/tenancy/events.ts';
import { tenantDecider, type TenantState } from '../../domain/tenancy/tenant.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { loadState } from '../shared/stream-states.ts';
import type { TemplateOverrides } from './templates.ts';

const NONE: TemplateOverrides = Object.freeze({});

/**
 * The tenant's own mail templates by kind (MailTemplateSaved / MailTemplateReset on its stream),
 * for renderMail(kind, vars, overrides). The stream is folded by StreamStates, so a mail reads
 * only the tenant events this process has not seen yet. A tenant that edited nothing, or whose
 * stream does not exist, gets none: its mails use the repository's files.
 */
export async function loadTemplateOverrides(
  deps: { store: EventStore },
  tenantId: string,
): Promise<TemplateOverrides> {
  const state = await loadState<TenantState>(deps.store, tenantDecider, tenantStreamId(tenantId));
  return state.mailTemplates ?? NONE;
}
