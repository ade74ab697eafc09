import type { Area } from './area.ts';
import { invoicePermissions } from '../../domain/invoices/permissions.ts';
import { invoicesProjector } from '../../projections/invoices/projector.ts';
import { invoiceActivity } from '../../projections/invoices/activity.ts';
import { invoiceResolvers } from '../../graphql/invoices/resolvers.ts';
import { invoicingReactors } from '../../processes/invoicing/index.ts';
import { invoiceMailNotifier } from '../../integrations/mail/billing-mail.ts';

/** Invoices: proformas, payments (wallet, bank), tax-invoice numbers, credit notes, PDFs. */
export const invoicesArea: Area = {
  name: 'invoices',
  permissions: invoicePermissions,
  projectors: [invoicesProjector],
  graphql: {
    sdl: [new URL('../../graphql/invoices/invoices.graphql', import.meta.url)],
    resolvers: [invoiceResolvers],
  },
  activity: invoiceActivity,
  // Numbers after a payment or credit note, order paid, refunds: the safety net behind the
  // steps the paying and crediting commands run inline. The mails with the invoice PDFs.
  reactors: ({ store, now, sql, linkBase }) => [
    ...invoicingReactors({ store, now }),
    invoiceMailNotifier({ store, now }, sql, linkBase),
  ],
  testing: () => import('../../graphql/invoices/isolation.ts'),
};
