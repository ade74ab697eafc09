import { renderMail, type TemplateOverrides } from '../../commands/mail/templates.ts';
import { loadTemplateOverrides } from '../../commands/mail/template-overrides.ts';
import { queueEventMail, type EventMail } from './event-mail.ts';
import type { Sql } from 'postgres';
import { addDays, dayNumber } from '../../domain/automation/days.ts';
import {
  DEFAULT_AUTOMATION_SETTINGS,
  type AutomationSettings,
} from '../../domain/automation/settings.ts';
import type {
  InvoiceReminderSent,
  InvoiceSubject,
  ProformaIssued,
} from '../../domain/invoices/events.ts';
import { todayInIndia } from '../../domain/services/due-dates.ts';
import type {
  ServiceStatus,
  ServiceSuspended,
  ServiceTerminated,
} from '../../domain/services/events.ts';
import { dayText, periodText } from '../../domain/services/renewal-lines.ts';
import { formatInr } from '../../domain/shared/money.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { automationSettingsRow } from '../../projections/automation/queries.ts';
import { tenantBrand, userContact } from '../../projections/identity/queries.ts';
import { invoiceById } from '../../projections/invoices/queries.ts';
import { serviceById } from '../../projections/services/queries.ts';
import { readScoped } from '../../projections/shared/scoped.ts';
import { autoPayOf } from '../../projections/wallet/queries.ts';
import { commandPort, type CommandPort, type Reactor } from '../reactor.ts';
import type { NotifierReads } from './notifier.ts';

/** An invoice's status in the invoices read model. */
export type InvoiceStatus = 'PROFORMA' | 'PAID' | 'TAX_INVOICE' | 'CANCELLED';

/** The service a mail is about, as the services read model has it. */
export interface MailService {
  customerId: string;
  hostname: string;
  status: ServiceStatus;
  /** A cancellation the customer or staff asked for (then a termination is not for non-payment). */
  cancellationRequested: boolean;
  /** The stream revision of the last event the read model applied (to wait for the event's). */
  revision: bigint;
}

/** What the renewal and dunning mails read: read-model queries in the platform, tables in the spec. */
export type RenewalMailReads = NotifierReads & {
  /** The tenant's public origin for mailed links (domain/tenancy/public-url.ts). */
  linkBase(tenantId: string): Promise<string>;
  invoice(
    tenantId: string,
    invoiceId: string,
  ): Promise<{ subject: InvoiceSubject | null; status: InvoiceStatus } | undefined>;
  service(tenantId: string, serviceId: string): Promise<MailService | undefined>;
  /** The tenant's automation settings (the defaults until it changed them). */
  settings(tenantId: string): Promise<AutomationSettings>;
  /** The customer's auto-pay choice (on until they turn it off). */
  customerAutoPay(tenantId: string, customerId: string): Promise<boolean>;
};

/** The reads on the read models: each through its area's query, scoped to the event's tenant. */
export function renewalMailReads(
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
  deps: { store: EventStore },
): RenewalMailReads {
  return {
    userContact: (id) => userContact(sql, id),
    tenantBrand: async (id) => (await tenantBrand(sql, id)) as { brand: unknown } | undefined,
    linkBase,
    overrides: (tenantId) => loadTemplateOverrides(deps, tenantId),
    invoice: async (tenantId, invoiceId) => {
      const row = await readScoped(sql, tenantId, (tx) => invoiceById(tx, invoiceId));
      return row && { subject: row.subject as InvoiceSubject | null, status: row.status };
    },
    service: async (tenantId, serviceId) => {
      const row = await readScoped(sql, tenantId, (tx) => serviceById(tx, serviceId));
      return (
        row && {
          customerId: row.customer_id,
          hostname: row.hostname,
          status: row.status,
          cancellationRequested: row.cancel_when !== null,
          revision: BigInt(row.revision),
        }
      );
    },
    settings: async (tenantId) => {
      const row = await readScoped(sql, tenantId, (tx) => automationSettingsRow(tx));
      return { ...DEFAULT_AUTOMATION_SETTINGS, ...row?.settings };
    },
    customerAutoPay: (tenantId, customerId) =>
      readScoped(sql, tenantId, (tx) => autoPayOf(tx, customerId)),
  };
}

type Mail = EventMail;
/** The customer's and brand's names, and the tenant's own templates (absent: the files'). */
type Names = { customer: string; brand: string; overrides?: TemplateOverrides };

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
/** A reason as a sentence: ends with a full stop. */
const sentence = (text: string) => text.replace(/\.?$/, '.');

/** The renewal invoice mail: what it bills, its total and due date, the link, and auto-pay. */
export function renewalInvoiceText(
  d: { invoiceId: string; total: string; periodStart: string; periodEnd: string },
  hostname: string,
  payment: { paid: boolean; autoPay: boolean },
  names: Names,
  base: string,
): Mail {
  const how = payment.paid
    ? 'It has already been paid: there is nothing for you to do.'
    : payment.autoPay
      ? `Auto-pay is on: the invoice is paid from your wallet as soon as your balance covers it. ` +
        `Your wallet: ${base}/wallet`
      : 'Auto-pay from your wallet is off for this invoice: please pay it on the invoice page.';
  return renderMail(
    'renewal-invoice',
    {
      brand: names.brand,
      name: names.customer,
      hostname,
      amount: formatInr(d.total),
      dueDate: dayText(d.periodStart),
      period: periodText(d.periodStart, d.periodEnd),
      payment: how,
      link: `${base}/billing/${d.invoiceId}`,
    },
    names.overrides,
  );
}

/** When the service is suspended and terminated if the invoice stays unpaid, from the settings. */
function consequences(
  dueDate: string,
  today: string,
  suspended: boolean,
  settings: AutomationSettings,
): string {
  const suspendOn = addDays(dueDate, settings.suspendAfterDays);
  const terminateOn = addDays(dueDate, settings.terminateAfterDays);
  const terminated = `terminated on ${dayText(terminateOn)} (${days(settings.terminateAfterDays)} after the due date)`;
  if (suspended)
    return `The service is suspended until the invoice is paid; unpaid, it is ${terminated}.`;
  if (dayNumber(suspendOn) <= dayNumber(today))
    return `Unpaid, the service is suspended today and ${terminated}.`;
  return (
    `Unpaid, the service is suspended on ${dayText(suspendOn)} ` +
    `(${days(settings.suspendAfterDays)} after the due date) and ${terminated}.`
  );
}

/** A reminder or overdue notice, worded for its kind, with the days counted from when it was sent. */
export function reminderText(
  d: Pick<
    InvoiceReminderSent['data'],
    'invoiceId' | 'reminder' | 'dueDate' | 'amountDue' | 'sentAt'
  >,
  service: { hostname: string; suspended: boolean },
  settings: AutomationSettings,
  names: Names,
  base: string,
): Mail {
  const today = todayInIndia(d.sentAt);
  const late = dayNumber(today) - dayNumber(d.dueDate);
  const amount = formatInr(d.amountDue);
  const due = dayText(d.dueDate);
  const { hostname } = service;
  let status: string;
  let opening: string;
  if (d.reminder === 'BEFORE_DUE') {
    status = late < 0 ? `due in ${days(-late)}` : 'due today';
    opening = `Your renewal invoice for ${hostname} is ${status}, on ${due}.`;
  } else if (d.reminder === 'ON_DUE') {
    status = 'due today';
    opening = `Your renewal invoice for ${hostname} is due today, ${due}.`;
  } else {
    // OVERDUE_<n>: counted from the day it went out (a late run may send it a day after n).
    status = `overdue by ${days(Math.max(late, 1))}`;
    opening = `Your renewal invoice for ${hostname} was due on ${due} and is ${status}.`;
  }
  return renderMail(
    'invoice-reminder',
    {
      brand: names.brand,
      name: names.customer,
      hostname,
      status,
      opening,
      amount,
      consequences: consequences(d.dueDate, today, service.suspended, settings),
      link: `${base}/billing/${d.invoiceId}`,
    },
    names.overrides,
  );
}

/** Suspended for non-payment: why, how to get it back, and when it is terminated. */
export function suspendedText(
  d: Pick<ServiceSuspended['data'], 'serviceId' | 'reason'>,
  hostname: string,
  settings: AutomationSettings,
  names: Names,
  base: string,
): Mail {
  return renderMail(
    'service-suspended',
    {
      brand: names.brand,
      name: names.customer,
      hostname,
      reason: sentence(d.reason),
      terminateAfter: days(settings.terminateAfterDays),
      invoicesLink: `${base}/billing`,
      link: `${base}/services/${d.serviceId}`,
    },
    names.overrides,
  );
}

/** Terminated for non-payment. */
export function terminatedText(
  d: Pick<ServiceTerminated['data'], 'serviceId' | 'reason'>,
  hostname: string,
  names: Names,
  base: string,
): Mail {
  return renderMail(
    'service-terminated',
    {
      brand: names.brand,
      name: names.customer,
      hostname,
      reason: sentence(d.reason),
      link: `${base}/services/${d.serviceId}`,
    },
    names.overrides,
  );
}

/**
 * Mails the customer about renewal and dunning (issue 13): the renewal invoice issued, each
 * reminder and overdue notice, a suspension and a termination for non-payment (not staff's).
 * One mail per event, whatever the redeliveries: the command id comes from the event.
 */
export function renewalMailNotifier(
  deps: CommandDeps,
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): Reactor {
  return renewalMailNotifierWith(renewalMailReads(sql, linkBase, deps), commandPort(deps));
}

export function renewalMailNotifierWith(reads: RenewalMailReads, issue: CommandPort): Reactor {
  const notProjected = (event: RecordedEvent, what: string) =>
    new Error(`renewal mail: ${what} of event ${event.id} not projected yet`);

  /** The customer's contact and the tenant's brand; throws (retried) until both are projected. */
  async function names(event: RecordedEvent, customerId: string) {
    const user = await reads.userContact(customerId);
    const tenant = await reads.tenantBrand(event.metadata.tenantId);
    if (!user || !tenant) throw notProjected(event, 'customer or tenant');
    const brand = (tenant.brand as { name: string }).name;
    const overrides = await reads.overrides(event.metadata.tenantId);
    return { email: user.email, names: { customer: user.name, brand, overrides } };
  }

  async function serviceOf(event: RecordedEvent, serviceId: string, upToEvent: boolean) {
    const service = await reads.service(event.metadata.tenantId, serviceId);
    if (!service || (upToEvent && service.revision < event.revision))
      throw notProjected(event, `service ${serviceId}`);
    return service;
  }

  /** The mail for an event, or null when the event mails nobody. */
  async function mailFor(
    event: RecordedEvent,
  ): Promise<{ commandId: string; to: string; mail: Mail } | null> {
    const tenantId = event.metadata.tenantId;
    switch (event.type) {
      case 'ProformaIssued': {
        const d = event.data as ProformaIssued['data'];
        if (d.subject?.kind !== 'RENEWAL') return null;
        const invoice = await reads.invoice(tenantId, d.invoiceId);
        if (!invoice) throw notProjected(event, `invoice ${d.invoiceId}`);
        // Cancelled before we mailed it (the service cancelled or terminated): nothing to pay.
        if (invoice.status === 'CANCELLED') return null;
        const service = await serviceOf(event, d.subject.serviceId, false);
        const who = await names(event, d.customerId);
        const settings = await reads.settings(tenantId);
        const paid = invoice.status !== 'PROFORMA'; // paid at once by auto-pay
        const autoPay = settings.autoPay && (await reads.customerAutoPay(tenantId, d.customerId));
        const base = await reads.linkBase(tenantId);
        const mail = renewalInvoiceText(
          {
            invoiceId: d.invoiceId,
            total: d.document.totals.total,
            periodStart: d.subject.periodStart,
            periodEnd: d.subject.periodEnd,
          },
          service.hostname,
          { paid, autoPay },
          who.names,
          base,
        );
        return {
          commandId: `mail:renewal-invoice:${d.invoiceId}`,
          to: who.email,
          // The invoice itself, as the sender prints it when the mail leaves.
          mail: { ...mail, attachments: [{ kind: 'invoice-pdf', invoiceId: d.invoiceId }] },
        };
      }
      case 'InvoiceReminderSent': {
        const d = event.data as InvoiceReminderSent['data'];
        const invoice = await reads.invoice(tenantId, d.invoiceId);
        if (!invoice) throw notProjected(event, `invoice ${d.invoiceId}`);
        // Dunning chases renewal invoices only; anything else has no service to name.
        if (invoice.subject?.kind !== 'RENEWAL') return null;
        // Paid or cancelled since the reminder was recorded: no mail asking to pay it.
        if (invoice.status !== 'PROFORMA') return null;
        const service = await serviceOf(event, invoice.subject.serviceId, false);
        const who = await names(event, d.customerId);
        const settings = await reads.settings(tenantId);
        const base = await reads.linkBase(tenantId);
        const mail = reminderText(
          d,
          { hostname: service.hostname, suspended: service.status === 'SUSPENDED' },
          settings,
          who.names,
          base,
        );
        return { commandId: `mail:reminder:${d.invoiceId}:${d.reminder}`, to: who.email, mail };
      }
      case 'ServiceSuspended': {
        const d = event.data as ServiceSuspended['data'];
        if (d.kind !== 'NON_PAYMENT') return null;
        const service = await serviceOf(event, d.serviceId, false);
        // Unsuspended (paid) or terminated since: the suspension is over, no mail about it.
        if (service.revision > event.revision && service.status !== 'SUSPENDED') return null;
        const who = await names(event, service.customerId);
        const settings = await reads.settings(tenantId);
        const base = await reads.linkBase(tenantId);
        const mail = suspendedText(d, service.hostname, settings, who.names, base);
        return { commandId: `mail:suspended:${d.serviceId}:${event.id}`, to: who.email, mail };
      }
      case 'ServiceTerminated': {
        const d = event.data as ServiceTerminated['data'];
        // Staff's terminations carry who did it; billing automation's carry nobody.
        if (d.terminatedBy !== null) return null;
        // Up to this event, so a cancellation withdrawn before it is seen as withdrawn.
        const service = await serviceOf(event, d.serviceId, true);
        // An end-of-period cancellation is terminated by automation too: not for non-payment.
        if (service.cancellationRequested) return null;
        const who = await names(event, service.customerId);
        const base = await reads.linkBase(tenantId);
        const mail = terminatedText(d, service.hostname, who.names, base);
        return { commandId: `mail:terminated:${d.serviceId}`, to: who.email, mail };
      }
      default:
        return null;
    }
  }

  return {
    name: 'mail.renewal-dunning',
    // Added to running platforms: it mails what happens from its first start, not the past.
    firstStart: 'HEAD',
    handles: new Set([
      'ProformaIssued',
      'InvoiceReminderSent',
      'ServiceSuspended',
      'ServiceTerminated',
    ]),
    async react(event: RecordedEvent) {
      const found = await mailFor(event);
      if (!found) return;
      await queueEventMail(issue, event, found.commandId, found.to, found.mail);
    },
  };
}
