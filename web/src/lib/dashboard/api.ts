import * as ops from '$lib/graphql/generated/operations';

/*
 * The dashboards' operations live in dashboard.graphql (`npm run codegen` checks them against
 * the SDL): the admin's figures from graphql/dashboard, and the customer's own services,
 * unpaid invoices, orders and tickets from the areas that own them.
 */
export type AdminDashboard = ops.AdminDashboardQuery['adminDashboard'];
export type BillingFigures = NonNullable<AdminDashboard['billing']>;
export type ServiceFigures = NonNullable<AdminDashboard['services']>;
export type CustomerDashboard = ops.CustomerDashboardQuery;
export type DashboardService = CustomerDashboard['services']['items'][number];
export type UnpaidInvoice = CustomerDashboard['unpaid']['items'][number];
export type OpenTicket = ops.CustomerOpenTicketsQuery['tickets'][number];

export const AdminDashboardQuery = ops.AdminDashboardDocument;
export const CustomerDashboardQuery = ops.CustomerDashboardDocument;
export const CustomerOpenTicketsQuery = ops.CustomerOpenTicketsDocument;
