/**
 * The tenant's billing automation settings (stream `automation-<tenantId>`): read from the log
 * (the run decides with them), changed by staff holding automation.settings, each change an
 * event naming the fields it changed.
 */
import { z } from 'zod';
import {
  automationSettingsDecider,
  type AutomationSettingsState,
} from '../../domain/automation/decider.ts';
import {
  automationStreamId,
  type AutomationSettingsEvent,
} from '../../domain/automation/events.ts';
import type { AutomationSettings } from '../../domain/automation/settings.ts';
import { fold } from '../../domain/shared/decider.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput } from '../shared/validate.ts';

/** The settings as the tenant's stream says now (the defaults until first changed). */
export async function loadAutomationSettings(
  store: EventStore,
  tenantId: string,
): Promise<AutomationSettings> {
  const events = await store.readStream(automationStreamId(tenantId));
  const state: AutomationSettingsState = fold(
    automationSettingsDecider,
    events as unknown as AutomationSettingsEvent[],
  );
  return state.settings;
}

const days = z
  .number({ message: 'Must be a whole number of days.' })
  .int('Must be a whole number.');
const flag = z.boolean({ message: 'Must be true or false.' });

/** The shapes here; the ranges and the order between the days are the domain's (settings.ts). */
const changesSchema = z
  .object({
    commandId,
    renewalDaysBefore: days.nullish(),
    reminderDaysBefore: days.nullish(),
    remindOnDueDate: flag.nullish(),
    overdueNoticeDays: z.array(days).max(50, 'At most 50 days.').nullish(),
    suspendAfterDays: days.nullish(),
    terminateAfterDays: days.nullish(),
    autoPay: flag.nullish(),
    runEveryHours: z
      .number({ message: 'Must be a whole number of hours.' })
      .int('Must be a whole number.')
      .nullish(),
  })
  .strict();

export interface AutomationSettingsResult {
  settings: AutomationSettings;
  /** The fields this change changed ([] when it changed nothing). */
  changed: (keyof AutomationSettings)[];
  position: Position | null;
}

/**
 * Staff with automation.settings: the fields given changed (absent or null ones kept), every
 * field checked against the others (BAD_USER_INPUT naming the field). The same values again
 * write nothing.
 */
export async function changeAutomationSettings(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<AutomationSettingsResult> {
  const { commandId: _id, ...changes } = parseInput(changesSchema, {
    ...(input as object),
    commandId: ctx.commandId,
  });
  requirePermission(ctx, 'automation.settings');
  const given: Partial<AutomationSettings> = {};
  for (const [field, value] of Object.entries(changes))
    if (value !== null && value !== undefined) (given as Record<string, unknown>)[field] = value;
  const result = await handleCommand(deps, ctx, {
    streamId: automationStreamId(ctx.tenantId),
    decider: automationSettingsDecider,
    command: (now) => ({
      type: 'ChangeAutomationSettings' as const,
      tenantId: ctx.tenantId,
      changes: given,
      changedBy: ctx.actor.userId,
      now,
    }),
  });
  const event = result.events.find((e) => e.type === 'AutomationSettingsChanged');
  return {
    settings: result.state.settings,
    changed: event ? (event.data as { changed: (keyof AutomationSettings)[] }).changed : [],
    position: result.position,
  };
}
