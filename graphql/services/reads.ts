import type { TransactionSql } from 'postgres';
import { notFound } from '../../domain/shared/decider.ts';
import { isUuid } from '../../commands/shared/validate.ts';
import { readScoped, requireViewer, type RequestContext, type Viewer } from '../context.ts';
import { serviceById, type ServiceRow } from '../../projections/services/queries.ts';
import type { Service } from './mappers.ts';
import { requireServiceReader, seesServicesOf } from './access.ts';
import { cancellationEndsOn } from '../../domain/services/decider.ts';

/** A service row as the API shows it: logins without a password (there is none in the row). */
export function toService(r: ServiceRow): Service {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    customerId: r.customer_id,
    status: r.status,
    customer: {
      id: r.customer_id,
      email: r.customer_email ?? '',
      name: r.customer_name ?? '',
      company: r.customer_company ?? null,
    },
    orderId: r.order_id,
    itemNo: r.item_no,
    invoiceId: r.invoice_id,
    planId: r.plan_id,
    planName: r.plan_name,
    planKind: r.plan_kind,
    cycle: r.cycle,
    recurringAmount: r.recurring_amount,
    addons: r.addons,
    dataCentreName: r.data_centre_name,
    operatingSystemName: r.operating_system_name,
    hostname: r.hostname,
    ipAddresses: r.ip_addresses,
    module: r.module,
    hasControlPanel: r.has_control_panel,
    sshUsername: r.ssh_username,
    sshPort: r.ssh_port,
    controlPanelUrl: r.control_panel_url,
    controlPanelUsername: r.control_panel_username,
    periodStart: r.period_start,
    nextDueDate: r.next_due_date,
    anchorDay: r.anchor_day,
    powerState: r.power_state,
    suspension: r.suspension,
    suspendReason: r.suspend_reason,
    cancellation:
      r.cancel_when && r.cancel_requested_at
        ? {
            when: r.cancel_when,
            reason: r.cancel_reason ?? '',
            // An end-of-period cancellation paid past ends with the period paid (the rule the
            // automation and a withdrawal follow), not on the day it was asked for.
            effectiveOn:
              r.cancel_when === 'END_OF_PERIOD' && r.cancel_effective_on
                ? cancellationEndsOn({
                    nextDueDate: r.next_due_date,
                    cancellation: { effectiveOn: r.cancel_effective_on },
                  })
                : (r.cancel_effective_on ?? ''),
            requestedAt: r.cancel_requested_at,
          }
        : null,
    staffNotes: r.notes,
    provisioningAttempts: r.attempts,
    lastError: r.last_error,
    retryAt: r.retry_at,
    needsAttention: r.needs_attention,
    createdAt: r.created_at,
    provisionedAt: r.provisioned_at,
    terminatedAt: r.terminated_at,
    recurringLines: r.recurring_lines.map((l) => ({
      description: l.description,
      sac: l.sac,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      kind: l.source.kind,
    })),
    pendingPlanChange: r.pending_plan_change,
  };
}

/**
 * One service the viewer may see, or NOT_FOUND: another account's (or tenant's, which
 * row-level security hides) service is "not found", never "forbidden", so ids reveal nothing.
 */
export async function loadService(
  tx: TransactionSql,
  viewer: Viewer,
  id: string,
): Promise<Service> {
  requireServiceReader(viewer);
  if (!isUuid(id)) throw notFound('service');
  const row = await serviceById(tx, id);
  if (!row || !seesServicesOf(viewer, row.customer_id)) throw notFound('service');
  return toService(row);
}

/** The service for a query or a mutation's answer (after `settle`). */
export const readService = (ctx: RequestContext, id: string) =>
  readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadService(tx, requireViewer(ctx), id));
