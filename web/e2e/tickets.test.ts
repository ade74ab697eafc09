import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  launchBrowser,
  openPage,
  seedCustomer,
  shotsAtTwoSizes,
  signInAs,
  startServer,
} from './harness.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/*
 * The ticket desk end to end, one step per test on shared pages (they run in order): a customer
 * opens a ticket with a screenshot, staff replies and adds an internal note, the customer sees
 * the reply but not the note and answers, staff closes, the customer reopens; refused input is
 * shown next to its field. Each step is a function below, so a step (e.g. "the customer gets
 * the reply by mail") can be added between two of them.
 */

const CUSTOMER = {
  email: 'ravi.tickets@example.com',
  password: 'e2e-customer-password-1',
  name: 'Ravi Menon',
};
const SUBJECT = 'Server unreachable after reboot';
const REPLY =
  'We restarted the network service. Status page: https://status.example.com/incidents/7';
const NOTE = 'Internal: hypervisor host kvm-12 had a bridge flap; do not tell the customer yet.';
const ANSWER = 'Thanks, it works again.';

let server: RunningPlatform;
let browser: Browser;
let base: string;
let customer: Page;
let staff: Page;
let ticketId: string;
let screenshot: string;
let htmlAsPng: string;

const shots = shotsAtTwoSizes('tickets');

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  base = server.url;
  await seedCustomer(server, 'e2e:tickets-customer', CUSTOMER);
  screenshot = path.join(os.tmpdir(), 'tickets-e2e-screenshot.png');
  await writeFile(screenshot, Buffer.from(DEMO_PROOF_PNG, 'base64'));
  // An HTML page that only calls itself a PNG: the browser's hint lets it through, the server
  // looks at the bytes and refuses it.
  htmlAsPng = path.join(os.tmpdir(), 'tickets-e2e-not-really.png');
  await writeFile(htmlAsPng, '<!doctype html><html><body><script>alert(1)</script></body></html>');
  browser = await launchBrowser();
  customer = await openPage(browser);
  staff = await openPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The open-ticket form filled in (the subject as given, possibly empty). */
async function fillTicketForm(page: Page, subject: string, file: string) {
  await page.goto(`${base}/tickets/new`);
  await page.getByTestId('ticket-department').selectOption({ label: 'Technical' });
  await page.getByTestId('ticket-priority').selectOption('HIGH');
  await page.getByTestId('ticket-subject').fill(subject);
  await page
    .getByTestId('ticket-message')
    .fill('Since 10:30 the server does not answer ping.\nI attached a screenshot of the console.');
  await page.getByTestId('ticket-attachments-input').setInputFiles(file);
  await expect.poll(() => page.getByTestId('ticket-attachments-file').count()).toBe(1);
}

/** The staff's ticket page. */
async function staffOpensTicket() {
  await staff.goto(`${base}/admin/tickets/${ticketId}`);
  await staff.getByTestId('ticket-conversation').waitFor();
}

/** The customer's ticket page. */
async function customerOpensTicket() {
  await customer.goto(`${base}/tickets/${ticketId}`);
  await customer.getByTestId('ticket-conversation').waitFor();
}

const statusOf = (page: Page) =>
  page.getByTestId('ticket-details').getByTestId('ticket-status').getAttribute('data-status');

describe('support tickets in the browser', () => {
  it('the sidebar has Support Tickets for the customer and Tickets for staff', async () => {
    await signInAs(customer, base, CUSTOMER);
    await signInAs(staff, base, ADMIN);
    const link = (page: Page, id: string) => page.getByTestId('sidebar').getByTestId(id);
    await expect
      .poll(() => link(customer, 'nav-tickets').textContent())
      .toContain('Support Tickets');
    await expect.poll(() => link(staff, 'nav-admin-tickets').textContent()).toContain('Tickets');
  });

  it('refuses bad input with a field error and opens nothing', async () => {
    await fillTicketForm(customer, '', screenshot);
    await customer.getByTestId('ticket-submit').click();
    await customer.getByTestId('ticket-subject-error').waitFor();
    await shots(customer, '01-empty-subject');

    await fillTicketForm(customer, SUBJECT, htmlAsPng);
    await customer.getByTestId('ticket-submit').click();
    await customer.getByTestId('ticket-attachments-error').waitFor();
    expect(customer.url()).toContain('/tickets/new');

    await customer.goto(`${base}/tickets`);
    await customer.getByTestId('tickets-empty').waitFor();
  });

  it('the customer opens a ticket with a PNG screenshot attached', async () => {
    await fillTicketForm(customer, SUBJECT, screenshot);
    await shots(customer, '02-open-form');
    await customer.getByTestId('ticket-submit').click();
    await customer.getByTestId('ticket-notice').waitFor();
    ticketId = customer.url().split('/tickets/')[1]!.split('?')[0]!;
    expect(await statusOf(customer)).toBe('OPEN');
    const first = customer.getByTestId('ticket-message').first();
    expect(await first.getByTestId('ticket-attachment').textContent()).toContain(
      'tickets-e2e-screenshot.png',
    );
    // The attachment is served to its owner, as the image it is.
    const href = await first.getByTestId('ticket-attachment').getAttribute('href');
    const res = await customer.request.get(new URL(href!, base).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('image/png');
    await shots(customer, '03-customer-ticket-opened');

    await customer.goto(`${base}/tickets`);
    const row = customer.getByTestId('ticket-row').filter({ hasText: SUBJECT });
    await expect.poll(() => row.getAttribute('data-status')).toBe('OPEN');
    await shots(customer, '04-customer-list');
  });

  it('staff finds it in Admin → Tickets, replies and adds an internal note', async () => {
    await staff.goto(`${base}/admin/tickets`);
    const row = staff.getByTestId('ticket-row').filter({ hasText: SUBJECT });
    await row.waitFor();
    expect(await row.textContent()).toContain(CUSTOMER.name);
    await staff.getByTestId('filter-priority').selectOption('LOW');
    await expect.poll(() => staff.url()).toContain('priority=LOW');
    await expect.poll(() => row.count()).toBe(0);
    await staff.getByTestId('filter-priority').selectOption('HIGH');
    await row.waitFor();
    await shots(staff, '05-admin-list');

    await staffOpensTicket();
    await staff.getByTestId('ticket-reply-message').fill(REPLY);
    await staff.getByTestId('ticket-reply-submit').click();
    await expect.poll(() => staff.getByTestId('ticket-message').count()).toBe(2);
    await expect.poll(() => statusOf(staff)).toBe('ANSWERED');

    await staff.getByTestId('ticket-mode-note').click();
    await staff.getByTestId('ticket-reply-message').fill(NOTE);
    await staff.getByTestId('ticket-reply-submit').click();
    await staff.getByTestId('ticket-note').waitFor();
    expect(await staff.getByTestId('ticket-note').textContent()).toContain('Internal note');
    await shots(staff, '06-admin-ticket-replied-noted');
  });

  it('the customer sees the reply (its link clickable) but not the note, and answers', async () => {
    await customerOpensTicket();
    await expect.poll(() => statusOf(customer)).toBe('ANSWERED');
    const conversation = customer.getByTestId('ticket-conversation');
    expect(await conversation.textContent()).toContain('We restarted the network service.');
    expect(await conversation.textContent()).not.toContain('hypervisor');
    expect(await customer.getByTestId('ticket-note').count()).toBe(0);
    const link = conversation.locator('a[href="https://status.example.com/incidents/7"]');
    expect(await link.count()).toBe(1);

    await customer.getByTestId('ticket-reply-message').fill(ANSWER);
    await customer.getByTestId('ticket-reply-submit').click();
    await expect.poll(() => customer.getByTestId('ticket-message').count()).toBe(3);
    await expect.poll(() => statusOf(customer)).toBe('CUSTOMER_REPLY');
    await shots(customer, '07-customer-answered');
  });

  it('staff closes it; the customer reopens it', async () => {
    await staffOpensTicket();
    expect(await staff.getByTestId('ticket-conversation').textContent()).toContain(ANSWER);
    await staff.getByTestId('ticket-close').click();
    await expect.poll(() => statusOf(staff)).toBe('CLOSED');

    await customerOpensTicket();
    await expect.poll(() => statusOf(customer)).toBe('CLOSED');
    await customer.getByTestId('ticket-closed-hint').waitFor();
    await shots(customer, '08-customer-closed');
    await customer.getByTestId('ticket-reopen').click();
    await expect.poll(() => statusOf(customer)).not.toBe('CLOSED');
    await customer.getByTestId('ticket-reply-form').waitFor();
  });
});
