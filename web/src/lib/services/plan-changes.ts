import * as ops from '$lib/graphql/generated/operations';

/*
 * Plan changes (issue 13): the "Change plan" dialog on a service page (customer and admin), the
 * pending change and staff's "Apply by hand". Operations in plan-changes.graphql.
 */
export type PlanChangeOption = ops.PlanChangeOptionsQuery['planChangeOptions'][number];
export type PlanChangeQuote = ops.QuotePlanChangeQuery['quotePlanChange'];
export type PlanChange = ops.PlanChangeFieldsFragment;
export type PlanChangeResult = ops.ChangePlanMutation['changePlan'];

export const PlanChangeOptionsQuery = ops.PlanChangeOptionsDocument;
export const QuotePlanChangeQuery = ops.QuotePlanChangeDocument;
export const ServicePendingPlanChangeQuery = ops.ServicePendingPlanChangeDocument;
export const ChangePlanMutation = ops.ChangePlanDocument;
export const ApplyPlanChangeMutation = ops.ApplyPlanChangeDocument;

export const directionLabels: Record<ops.PlanChangeDirection, string> = {
  UPGRADE: 'Upgrade',
  DOWNGRADE: 'Downgrade',
};

export const planChangeStatusLabels: Record<ops.PlanChangeStatus, string> = {
  AWAITING_PAYMENT: 'Awaiting payment',
  AWAITING_STAFF: 'Paid: being applied by our team',
  APPLIED: 'Applied',
  CANCELLED: 'Cancelled',
};

/** "₹-123.45" → "123.45": a credit's amount as the customer reads it. */
export const absolute = (amount: string) => amount.replace(/^-/, '');
