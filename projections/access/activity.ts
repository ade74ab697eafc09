import type { RecordedEvent } from '../../eventstore/types.ts';
import { teamEventTypes, type TeamEvent } from '../../domain/access/events.ts';
import type { ActivityDescriber } from '../activity/describer.ts';

/** Team events are activity of the customer account whose team changed. */
export const accessActivity: ActivityDescriber = {
  area: 'access',
  version: 1,
  types: teamEventTypes,
  describe(e: RecordedEvent) {
    const event = e as unknown as TeamEvent;
    switch (event.type) {
      case 'TeamMemberInvited':
        return {
          userId: event.data.accountId,
          detail: `${event.data.email} invited to the team as ${event.data.role}`,
        };
      case 'TeamInvitationAccepted':
        return {
          userId: event.data.accountId,
          detail: `A team invitation was accepted (role ${event.data.role})`,
        };
      case 'TeamInvitationCancelled':
        return { userId: event.data.accountId, detail: 'A team invitation was cancelled' };
      case 'TeamMemberRoleChanged':
        return {
          userId: event.data.accountId,
          detail: `A team member's role changed from ${event.data.previousRole} to ${event.data.role}`,
        };
      case 'TeamMemberRemoved':
        return { userId: event.data.accountId, detail: 'A team member was removed' };
      default:
        return null;
    }
  },
};
