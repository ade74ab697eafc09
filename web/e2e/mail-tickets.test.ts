import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  shot,
  shotsAtTwoSizes,
  signInAs,
  startResellerDemo,
  type ResellerDemo,
} from './harness.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../server/testing/smtp-catcher.ts';

/*
 * Issue 14, "Done when": on the KloudNests host, with every mail going to a real SMTP server
 * started here, a visitor registers and confirms the address from the mail it received; opens a
 * ticket with a screenshot; KloudNests' staff replies; the customer gets the reply by mail,
 * follows its link and answers in the portal; staff gets that answer by mail and closes the
 * ticket. The mails are read as the recipient's provider got them: sender, HTML and text parts.
 * One step per test, in order, on shared pages.
 */

const KN = 'kloudnests.localhost';
const PERSON = {
  name: 'Meera Iyer',
  email: 'meera.iyer@example.com',
  password: 'backwaters of alleppey',
};
const SUBJECT = 'Cannot reach my VPS over SSH';
const REPLY = 'We opened port 22 on the firewall again. Details: https://status.example.com/i/42';
const ANSWER = 'Thank you, SSH works again.';

let demo: ResellerDemo;
let smtp: SmtpCatcher;
let browser: Browser;
let customer: Page;
let staff: Page;
let ticketId: string;
let screenshot: string;
const at = (p: string) => demo.at(KN, p);
const shots = shotsAtTwoSizes('mail-tickets');

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  demo = await startResellerDemo([KN], { MAIL_SMTP_URL: smtp.url });
  browser = demo.browser;
  customer = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  staff = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  screenshot = path.join(os.tmpdir(), 'mail-tickets-console.png');
  await writeFile(screenshot, Buffer.from(DEMO_PROOF_PNG, 'base64'));
});

afterAll(async () => {
  await browser?.close();
  await demo?.server.close();
  await smtp?.close();
});

const statusOf = (page: Page) =>
  page.getByTestId('ticket-details').getByTestId('ticket-status').getAttribute('data-status');

describe('mail and tickets on the KloudNests host', () => {
  it("KloudNests' admin switches Support tickets on", async () => {
    await signInAs(staff, at(''), demo.reseller);
    await staff.goto(at('/admin/settings'));
    const feature = staff.getByTestId('feature-tickets');
    await feature.waitFor();
    expect(await feature.getAttribute('data-enabled')).toBe('false');
    await staff.getByTestId('feature-toggle-tickets').check();
    await expect.poll(() => feature.getAttribute('data-enabled')).toBe('true');
    await staff.goto(at('/admin/tickets'));
    await staff.getByTestId('sidebar').getByTestId('nav-admin-tickets').waitFor();
  });

  it('a visitor registers and confirms the address from the mail the SMTP server received', async () => {
    await customer.goto(at('/register'));
    await customer.getByTestId('register-name').fill(PERSON.name);
    await customer.getByTestId('register-email').fill(PERSON.email);
    await customer.getByTestId('register-password').fill(PERSON.password);
    await customer.getByTestId('register-submit').click();
    await customer.getByTestId('register-done').waitFor();

    const [mail] = await smtp.mailsTo(PERSON.email);
    // Sent as KloudNests, in its brand, with both parts and a Message-ID of its own.
    expect(mail!.from).toContain('billing@kloudnests.com');
    expect(mail!.from).toContain('KloudNests');
    expect(mail!.subject).toContain('KloudNests');
    expect(mail!.html).toContain('KloudNests');
    expect(String(mail!.headers.get('message-id'))).toMatch(/^<.+@.+>$/);
    const link = await smtp.linkTo(
      PERSON.email,
      /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/,
    );
    const mailed = new URL(link);
    expect(mailed.hostname).toBe(KN);
    await customer.goto(at(mailed.pathname + mailed.search));
    await customer.getByTestId('verify-done').waitFor();
    await signInAs(customer, at(''), PERSON);
  });

  it('the customer opens a ticket with a screenshot and gets the confirmation by mail', async () => {
    await customer.goto(at('/tickets/new'));
    await customer.getByTestId('ticket-department').selectOption({ label: 'Technical' });
    await customer.getByTestId('ticket-priority').selectOption('URGENT');
    await customer.getByTestId('ticket-subject').fill(SUBJECT);
    await customer
      .getByTestId('ticket-message')
      .fill('Since the reboot, ssh root@vps times out. Console screenshot attached.');
    await customer.getByTestId('ticket-attachments-input').setInputFiles(screenshot);
    await expect.poll(() => customer.getByTestId('ticket-attachments-file').count()).toBe(1);
    await customer.getByTestId('ticket-submit').click();
    await customer.getByTestId('ticket-notice').waitFor();
    ticketId = customer.url().split('/tickets/')[1]!.split('?')[0]!;
    expect(await statusOf(customer)).toBe('OPEN');
    expect(await customer.getByTestId('ticket-attachment').first().textContent()).toContain(
      'mail-tickets-console.png',
    );
    const mails = await smtp.mailsTo(PERSON.email, 2);
    expect(mails[1]!.subject).toContain(SUBJECT);
    await shots(customer, '01-customer-opened');
  });

  it('staff replies; the customer gets the reply by mail, follows its link and answers', async () => {
    await staff.goto(at(`/admin/tickets/${ticketId}`));
    await staff.getByTestId('ticket-conversation').waitFor();
    await staff.getByTestId('ticket-reply-message').fill(REPLY);
    await staff.getByTestId('ticket-reply-submit').click();
    await expect.poll(() => statusOf(staff)).toBe('ANSWERED');
    await shots(staff, '02-staff-replied');

    const mails = await smtp.mailsTo(PERSON.email, 3);
    const reply = mails[2]!;
    expect(reply.text).toContain('We opened port 22 on the firewall again.');
    expect(reply.from).toContain('KloudNests');
    // What the customer wrote or staff replied is text in the HTML part, never markup.
    expect(reply.html).not.toContain('<script');
    // The mail as a mail client shows it (kept as an artifact to look at).
    const reader = await browser.newPage({ viewport: { width: 700, height: 800 } });
    await reader.setContent(reply.html!);
    await shot(reader, 'mail-tickets-mail-staff-reply');
    await reader.close();
    const link = await smtp.linkTo(PERSON.email, /https?:\/\/\S+\/tickets\/[0-9a-f-]{36}/);
    const mailed = new URL(link);
    expect(mailed.hostname).toBe(KN);
    expect(mailed.pathname).toBe(`/tickets/${ticketId}`);

    await customer.goto(at(mailed.pathname));
    await customer.getByTestId('ticket-conversation').waitFor();
    await expect.poll(() => statusOf(customer)).toBe('ANSWERED');
    await customer.getByTestId('ticket-reply-message').fill(ANSWER);
    await customer.getByTestId('ticket-reply-submit').click();
    await expect.poll(() => statusOf(customer)).toBe('CUSTOMER_REPLY');
    await shots(customer, '03-customer-answered');
  });

  it("staff gets the customer's answer by mail and closes the ticket", async () => {
    // No one is assigned: the answer goes to KloudNests' support address.
    const [toSupport] = await smtp.mailsTo('support@kloudnests.com');
    expect(toSupport!.text).toContain(ANSWER);
    expect(toSupport!.text).toContain(PERSON.name);

    await staff.goto(at(`/admin/tickets/${ticketId}`));
    await staff.getByTestId('ticket-conversation').waitFor();
    expect(await staff.getByTestId('ticket-conversation').textContent()).toContain(ANSWER);
    await staff.getByTestId('ticket-close').click();
    await expect.poll(() => statusOf(staff)).toBe('CLOSED');
    await shots(staff, '04-staff-closed');

    await customer.goto(at(`/tickets/${ticketId}`));
    await expect.poll(() => statusOf(customer)).toBe('CLOSED');
    // Every mail of the flow left through the SMTP server: none is left queued, retrying or failed.
    // (A mail's SENT row follows the SMTP server's acceptance by a moment: polled.)
    await expect
      .poll(
        async () =>
          await demo.server.platform.sql`
            select kind, status from rm_mail.outbox where tenant_id = 'kloudnests' and status <> 'SENT'`,
      )
      .toEqual([]);
  });
});
