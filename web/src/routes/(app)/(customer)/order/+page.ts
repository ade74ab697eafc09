import { ApiError, query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OrderCatalogQuery, QuoteOrderQuery, type OrderQuote } from '$lib/orders/api';
import { itemOf, readDraft } from '$lib/orders/draft';
import type { PageLoad } from './$types';

/**
 * The Order Server flow: its state is the URL, so back and forward move between the steps.
 * The review step asks the server for the quote (the figures the invoice will carry); a quote
 * the API refuses (e.g. a plan retired meanwhile) is shown on the step, not as an error page.
 */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:order-quote');
  const draft = readDraft(url);
  const item = draft.step === 'review' ? itemOf(draft) : null;
  const quote: Promise<{ quote: OrderQuote | null; quoteError: string | null }> = item
    ? query(QuoteOrderQuery, { items: [item] }).then(
        (r) => ({ quote: r.quoteOrder, quoteError: null }),
        (e: unknown) => {
          if (e instanceof ApiError && (e.code === 'BAD_USER_INPUT' || e.code === 'NOT_FOUND'))
            return {
              quote: null,
              quoteError:
                e.issues.length > 0 ? e.issues.map((i) => i.message).join(' ') : e.message,
            };
          throw e;
        },
      )
    : Promise.resolve({ quote: null, quoteError: null });
  return loadData(
    url,
    Promise.all([query(OrderCatalogQuery, {}), quote]).then(([c, q]) => ({
      plans: c.catalog.plans,
      ...q,
    })),
  );
};
