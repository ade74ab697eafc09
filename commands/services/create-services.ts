import { indianDate } from '../../domain/invoices/document.ts';
import { orderDecider } from '../../domain/orders/decider.ts';
import {
  orderStreamId,
  type OrderEvent,
  type OrderPaid,
  type OrderPlaced,
} from '../../domain/orders/events.ts';
import { isControlPanelAddon, recurringAmountOf } from '../../domain/services/rules.ts';
import { recurringLinesOf } from '../../domain/services/renewal-lines.ts';
import { moduleOfPlan, provisioningSettingsDecider } from '../../domain/services/settings.ts';
import {
  provisioningSettingsStreamId,
  type ProvisioningSettingsEvent,
} from '../../domain/services/events.ts';
import { conflict, fold, notFound } from '../../domain/shared/decider.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';
import type { Cause } from '../invoices/clearing.ts';
import { laterPosition } from '../orders/order-context.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import type { CloudStackConfig } from './module-port.ts';
import { applyToService } from './service-context.ts';

/** One service per item of an order: its id comes from the order and the item. */
export const serviceIdOf = (tenantId: string, orderId: string, itemNo: number) =>
  uuidFrom(`${tenantId}:service:${orderId}:${itemNo}`);

/** The tenant's provisioning settings as their stream says now. */
export async function loadProvisioningSettings(store: EventStore, tenantId: string) {
  const events = await store.readStream(provisioningSettingsStreamId(tenantId));
  return fold(provisioningSettingsDecider, events as unknown as ProvisioningSettingsEvent[]);
}

/**
 * The fulfilment step after an order is paid: one service per item (CreateService, command id
 * `fulfil:<orderId>:<itemNo>`, service id from the order and item), each with the module its
 * plan maps to (CLOUDSTACK starts provisioning at once; MANUAL waits for staff's Provision
 * dialog). The first period starts on the day it was paid, in India. Running it again, or in
 * two processes, creates nothing more. An unpaid order (or another tenant's) is refused.
 */
export async function createServicesForOrder(
  deps: CommandDeps & { environmentCloudStack?: CloudStackConfig | null },
  cause: Cause,
  orderId: string,
): Promise<{ serviceIds: string[]; position: Position | null }> {
  const events = await deps.store.readStream(orderStreamId(orderId));
  const order = fold(orderDecider, events as unknown as OrderEvent[]);
  if (order.status === 'NONE' || order.tenantId !== cause.tenantId) throw notFound('order');
  if (order.status !== 'PAID' && order.status !== 'FULFILLED')
    throw conflict(
      `An order's servers are created once it is paid; this one is ${order.status.toLowerCase()}.`,
    );
  const placed = events.find((e) => e.type === 'OrderPlaced')!.data as OrderPlaced['data'];
  const paid = events.find((e) => e.type === 'OrderPaid')!.data as OrderPaid['data'];
  const settings = await loadProvisioningSettings(deps.store, cause.tenantId);
  const paidOn = indianDate(paid.paidAt);
  // The operator's CloudStack may come from the environment instead of its settings.
  const fromEnvironment = cause.tenantId === OPERATOR_TENANT_ID && !!deps.environmentCloudStack;

  let position: Position | null = null;
  const serviceIds: string[] = [];
  for (const item of placed.items) {
    const serviceId = serviceIdOf(cause.tenantId, orderId, item.itemNo);
    serviceIds.push(serviceId);
    const ctx: CommandContext = {
      tenantId: cause.tenantId,
      actor: { userId: 'system', role: 'system' },
      commandId: `fulfil:${orderId}:${item.itemNo}`,
      correlationId: cause.correlationId,
      causationId: cause.causationId,
    };
    const created = await applyToService(
      deps,
      ctx,
      serviceId,
      (now) => ({
        type: 'CreateService',
        tenantId: cause.tenantId,
        serviceId,
        customerId: placed.customerId,
        origin: { kind: 'ORDER', orderId, itemNo: item.itemNo, invoiceId: placed.invoiceId },
        planId: item.planId,
        planName: item.planName,
        planKind: item.planKind,
        cycle: item.cycle,
        months: item.months,
        recurringAmount: recurringAmountOf(item, placed.lines),
        addons: item.addons,
        dataCentreId: item.dataCentreId,
        dataCentreName: item.dataCentreName,
        operatingSystemId: item.operatingSystemId,
        operatingSystemName: item.operatingSystemName,
        hostname: item.hostname,
        module: moduleOfPlan(settings, item.planId, fromEnvironment),
        hasControlPanel: item.addons.some((a) => isControlPanelAddon(a.name)),
        paidOn,
        recurringLines: recurringLinesOf(item, placed.lines),
        now,
      }),
      // Read from the settings at the time: a retry after a mapping changed is the same service.
      { module: undefined },
    );
    position = laterPosition(position, created.position);
  }
  return { serviceIds, position };
}
