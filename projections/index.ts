import { accessProjector } from './access/projector.ts';
import { accountsProjector } from './accounts/projector.ts';
import { identityProjector } from './identity/projector.ts';
import { mailProjector } from './mail/projector.ts';
import { walletProjector } from './wallet/projector.ts';
import type { Projector } from './shared/projector.ts';

/** Every read model the platform keeps, in the order they are applied within a batch. */
export const allProjectors: Projector[] = [identityProjector, walletProjector, mailProjector, accessProjector, accountsProjector];
