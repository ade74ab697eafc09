import { gql } from '$lib/graphql/client';
import type { Wallet } from '$lib/wallet/api';

const entryFields =
  'id occurredAt kind description amount balanceAfter eventId eventType streamId revision position hash';

/** A customer's wallet as staff with wallet.view see it. */
export const AdminWalletQuery = gql<{ wallet: Wallet }, { customerId: string }>(`
  query AdminWallet($customerId: ID!) {
    wallet(customerId: $customerId) { customerId currency balance entries(first: 50) { ${entryFields} } }
  }
`);
