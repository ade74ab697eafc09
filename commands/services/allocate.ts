import { z } from 'zod';
import {
  BILLING_CYCLES,
  CYCLE_MONTHS,
  DEFAULT_SAC,
  PLAN_KINDS,
} from '../../domain/catalog/events.ts';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { computeInvoiceDocument, indianDate } from '../../domain/invoices/document.ts';
import { invoiceStreamId, type InvoicePaid } from '../../domain/invoices/events.ts';
import { checkHostname } from '../../domain/orders/pricing.ts';
import {
  serviceDecider,
  type ServiceCommand,
  type ServiceState,
} from '../../domain/services/decider.ts';
import { badInput, conflict } from '../../domain/shared/decider.ts';
import { D, inr } from '../../domain/shared/money.ts';
import type { Position } from '../../eventstore/types.ts';
import { clearInvoice, type Cause } from '../invoices/clearing.ts';
import { payFromWallet } from '../invoices/wallet-payment.ts';
import { loadWallet } from '../invoices/wallet-reads.ts';
import { laterPosition, loadCatalog, loadCustomer } from '../orders/order-context.ts';
import { billingContext } from '../orders/quote-order.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, inrAmount, parseInput, plainText, uuid } from '../shared/validate.ts';
import {
  controlPanelInput,
  credentialsStandIn,
  ipAddressesInput,
  notesInput,
  sealControlPanel,
  sealSsh,
  sshInput,
} from './inputs.ts';
import { applyToService, checkFirst } from './service-context.ts';

const PAYMENTS = ['EXTERNAL', 'WALLET'] as const;

const optionalText = (max: number) =>
  plainText(max)
    .nullish()
    .transform((t) => t ?? null);

const allocateSchema = z.object({
  commandId,
  customerId: uuid,
  planId: optionalText(100),
  description: optionalText(200),
  planKind: z
    .enum(PLAN_KINDS, { message: `Must be one of ${PLAN_KINDS.join(', ')}.` })
    .nullish()
    .transform((k) => k ?? null),
  cycle: z.enum(BILLING_CYCLES, { message: `Must be one of ${BILLING_CYCLES.join(', ')}.` }),
  amount: inrAmount
    .refine((a) => a.gt(0), 'Must be more than zero.')
    .nullish()
    .transform((a) => a ?? null),
  dataCentreId: optionalText(100),
  operatingSystemId: optionalText(100),
  hostname: z.string().max(253, 'At most 253 characters.'),
  ipAddresses: ipAddressesInput,
  ssh: sshInput,
  controlPanel: controlPanelInput.nullish().transform((c) => c ?? null),
  notes: notesInput,
  payment: z.enum(PAYMENTS, { message: 'Must be EXTERNAL or WALLET.' }),
  reference: plainText(100, 3)
    .nullish()
    .transform((r) => r ?? null),
  receivedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD.')
    .nullish()
    .transform((d) => d ?? null),
  sendEmail: z
    .boolean()
    .nullish()
    .transform((s) => s ?? true),
});

/** The allocation's service and invoice come from its commandId: a retry finds both again. */
export const allocationIdsOf = (tenantId: string, commandId: string) => ({
  serviceId: uuidFrom(`${tenantId}:allocation-service:${commandId}`),
  invoiceId: uuidFrom(`${tenantId}:allocation-invoice:${commandId}`),
});

const CYCLE_WORDS: Record<(typeof BILLING_CYCLES)[number], string> = {
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  SEMI_ANNUAL: 'semi-annual',
  ANNUAL: 'annual',
  BIENNIAL: 'biennial',
  TRIENNIAL: 'triennial',
};

/**
 * Staff (services.manage; billing.manage too for a wallet payment) allocate a server by hand:
 * a proforma for it (one line: the plan or description for the cycle, naming the host), paid
 * EXTERNAL (a bank transfer with its reference, no wallet deduction) or from the WALLET (its
 * total, tax included), numbered as a tax invoice; then the service (origin ALLOCATION, MANUAL)
 * provisioned with the details given. Every step's command id derives from the commandId, so a
 * crash between two heals on retry and the same commandId is one invoice and one service.
 * Everything is checked before anything is written (the balance too).
 */
export async function allocateServer(
  deps: CommandDeps & { sealKey: Buffer },
  ctx: CommandContext,
  input: unknown,
): Promise<{ serviceId: string; invoiceId: string; position: Position | null }> {
  const cmd = parseInput(allocateSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'services.manage');
  if (cmd.payment === 'WALLET') requirePermission(ctx, 'billing.manage');
  if (cmd.payment === 'EXTERNAL' && !cmd.reference)
    throw badInput('reference', 'Give the payment’s reference (UTR, receipt number).');
  await loadCustomer(deps.store, ctx.tenantId, cmd.customerId);
  const catalog = await loadCatalog(deps.store, ctx.tenantId);
  const plan = cmd.planId ? catalog.plans[cmd.planId] : null;
  if (cmd.planId && !plan) throw badInput('planId', `There is no plan ${cmd.planId}.`);
  const price = plan?.prices[cmd.cycle];
  const amount = cmd.amount ?? (price ? new D(price) : null);
  if (!amount)
    throw badInput(
      'amount',
      plan
        ? `Plan "${plan.name}" has no ${CYCLE_WORDS[cmd.cycle]} price: give the amount.`
        : 'Give the amount for the cycle (before tax).',
    );
  const planName = plan?.name ?? cmd.description;
  if (!planName)
    throw badInput('description', 'Name the server for the invoice (or choose a plan).');
  const planKind = plan?.kind ?? cmd.planKind;
  if (!planKind) throw badInput('planKind', 'Choose the kind of server (or a plan).');
  const dc = cmd.dataCentreId ? catalog.dataCentres[cmd.dataCentreId] : null;
  if (cmd.dataCentreId && !dc)
    throw badInput('dataCentreId', `There is no data centre ${cmd.dataCentreId}.`);
  const os = cmd.operatingSystemId ? catalog.operatingSystems[cmd.operatingSystemId] : null;
  if (cmd.operatingSystemId && !os)
    throw badInput('operatingSystemId', `There is no operating system ${cmd.operatingSystemId}.`);
  const hostname = checkHostname(cmd.hostname, 'hostname');

  const today = indianDate(deps.now().toISOString());
  const paidOn = cmd.payment === 'EXTERNAL' ? (cmd.receivedOn ?? today) : today;
  const { serviceId, invoiceId } = allocationIdsOf(ctx.tenantId, ctx.commandId);
  const ssh = sealSsh(deps.sealKey, serviceId, cmd.ssh);
  const controlPanel = sealControlPanel(deps.sealKey, serviceId, cmd.controlPanel);
  const create = (now: string): ServiceCommand => ({
    type: 'CreateService',
    tenantId: ctx.tenantId,
    serviceId,
    customerId: cmd.customerId,
    origin: { kind: 'ALLOCATION', invoiceId },
    planId: plan?.planId ?? null,
    planName,
    planKind,
    cycle: cmd.cycle,
    months: CYCLE_MONTHS[cmd.cycle],
    recurringAmount: inr(amount),
    addons: [],
    dataCentreId: dc?.dataCentreId ?? null,
    dataCentreName: dc?.name ?? '',
    operatingSystemId: os?.operatingSystemId ?? null,
    operatingSystemName: os ? `${os.name} ${os.version}` : '',
    hostname,
    module: 'MANUAL',
    hasControlPanel: controlPanel !== null,
    paidOn,
    now,
  });
  const provision = (now: string): ServiceCommand => ({
    type: 'ProvisionByHand',
    provisionedBy: ctx.actor.userId,
    hostname,
    ipAddresses: cmd.ipAddresses,
    ssh,
    controlPanel,
    notes: cmd.notes,
    sendEmail: cmd.sendEmail,
    now,
  });
  // The service's rules (addresses, logins, dates) before the invoice is issued or paid.
  const now = deps.now().toISOString();
  const created = checkFirst(serviceDecider.initialState as ServiceState, create(now));
  checkFirst(created.after, provision(now));

  const { supplier, recipient, billing } = await billingContext(deps, ctx.tenantId, cmd.customerId);
  const lines = [
    {
      description: `${planName} (${CYCLE_WORDS[cmd.cycle]}) — ${hostname}`,
      sac: plan?.sac ?? DEFAULT_SAC,
      quantity: '1',
      unitPrice: inr(amount),
      ...(plan?.gstRate ? { rate: plan.gstRate } : {}),
      source: { kind: 'ALLOCATION', refId: serviceId },
    },
  ];
  const issued = await deps.store.readStream(invoiceStreamId(invoiceId));
  if (cmd.payment === 'WALLET' && issued.length === 0) {
    const total = new D(
      computeInvoiceDocument({ lines, supplier, recipient, roundOff: billing.roundOff }).totals
        .total,
    );
    const wallet = await loadWallet(deps.store, cmd.customerId);
    if (wallet.balance.lt(total))
      throw conflict(
        `Insufficient wallet balance: missing ₹${inr(total.minus(wallet.balance))} (₹${inr(total)} to pay, ₹${inr(wallet.balance)} in the wallet).`,
      );
  }

  const step = (name: string): CommandContext => ({
    ...ctx,
    commandId: `${ctx.commandId}:${name}`,
    correlationId: ctx.correlationId ?? ctx.commandId,
    causationId: ctx.commandId,
  });
  const proforma = await handleCommand(deps, ctx, {
    streamId: invoiceStreamId(invoiceId),
    decider: invoiceDecider,
    command: (at) => ({
      type: 'IssueProforma' as const,
      tenantId: ctx.tenantId,
      invoiceId,
      customerId: cmd.customerId,
      orderId: null,
      lines,
      supplier,
      recipient,
      roundOff: billing.roundOff,
      now: at,
    }),
    perAttempt: { supplier: undefined, recipient: undefined, roundOff: undefined },
  });
  let position = proforma.position;

  if (cmd.payment === 'WALLET') {
    const paid = await payFromWallet(deps, step('payment'), {
      invoiceId,
      amount: null,
      partialAllowed: false,
    });
    position = laterPosition(position, paid.position);
  } else {
    const applied = await handleCommand(deps, step('payment'), {
      streamId: invoiceStreamId(invoiceId),
      decider: invoiceDecider,
      command: (at) => ({
        type: 'ApplyPayment' as const,
        paymentId: uuidFrom(`bank-payment:${ctx.tenantId}:${invoiceId}:${ctx.commandId}`),
        amount: inr(proforma.state.total),
        method: {
          kind: 'BANK_TRANSFER' as const,
          reference: cmd.reference!,
          receivedOn: paidOn,
        },
        recordedBy: ctx.actor.userId,
        now: at,
      }),
      perAttempt: { recordedBy: undefined },
    });
    position = laterPosition(position, applied.position);
    const paid = applied.events.find((e) => e.type === 'InvoicePaid');
    if (paid) {
      const cause: Cause = {
        tenantId: ctx.tenantId,
        correlationId: ctx.correlationId ?? ctx.commandId,
        causationId: ctx.commandId,
      };
      position = laterPosition(
        position,
        await clearInvoice(deps, cause, paid.data as InvoicePaid['data']),
      );
    }
  }

  const service = await applyToService(deps, step('service'), serviceId, create);
  position = laterPosition(position, service.position);
  const provisioned = await applyToService(deps, step('provision'), serviceId, provision, {
    ssh: credentialsStandIn(ssh),
    controlPanel: credentialsStandIn(controlPanel),
  });
  position = laterPosition(position, provisioned.position);
  return { serviceId, invoiceId, position };
}
