import type { Viewer as SessionViewer } from '../context.ts';
import type { Role } from '../generated/resolvers.ts';

/**
 * What identity's resolvers hand to the Viewer type (toViewer): who signed in. Their
 * permissions, account and two-factor state come from the Viewer field resolvers of the
 * access and identity areas.
 */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenantId: string;
  staffRole: string | null;
  /**
   * The whole viewer, when the resolver already has it (an impersonation's answer): the field
   * resolvers take permissions and account from it instead of reading them again.
   */
  session?: SessionViewer;
}
