import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { PaymentDetailsQuery } from '$lib/wallet/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) =>
  loadData(
    url,
    query(PaymentDetailsQuery, {}).then((r) => ({ details: r.topUpPaymentDetails })),
  );
