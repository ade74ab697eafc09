import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import {
  startSmtpCatcher,
  type CaughtMail,
  type SmtpCatcher,
} from '../../server/testing/smtp-catcher.ts';
import { seedCommerce, type SeededCommerce } from '../../graphql/invoices/testing.ts';
import { handleCommand } from '../../commands/shared/handler.ts';
import { mailDecider, mailStreamId, type MailEvent } from '../../domain/mail/events.ts';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { indianDate } from '../../domain/invoices/document.ts';
import { financialYear } from '../../domain/tax/numbering/financial-year.ts';

/**
 * The billing mails on the real platform, delivered to a real SMTP server: an order placed with
 * its proforma, and an invoice paid with a credit note raised against it (written to the log as
 * the commands would). Each mail arrives once, to the customer, with its document as a real PDF
 * (pdftotext reads the number in it). A mail naming an invoice that is not there is a failed
 * attempt to be retried, not a crash of the sender.
 */

const EMAIL = 'kavya@example.com';
const NUMBER = 'INV-2026-0001';
const NOTE_NUMBER = 'CN-2026-0001';
const BRAND = 'AkashOne.com';

let catcher: SmtpCatcher;
let t: TestPlatform;
let seeded: SeededCommerce;
let mails: CaughtMail[];

const pdfText = (pdf: Buffer) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mail-pdf-')), 'a.pdf');
  writeFileSync(file, pdf);
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

const bySubject = (pattern: RegExp, about = '') => {
  const found = mails.filter((m) => pattern.test(m.subject) && m.text.includes(about));
  expect(found, `one mail matching ${pattern}`).toHaveLength(1);
  return found[0]!;
};

beforeAll(async () => {
  catcher = await startSmtpCatcher();
  t = await startTestPlatform({ MAIL_SMTP_URL: catcher.url });
  const customer = await t.customer(EMAIL, 'Kavya Iyer');
  seeded = await seedCommerce(
    t.running.platform.store,
    'akashone',
    { id: customer.id, name: 'Kavya Iyer' },
    NUMBER,
  );
  // Order confirmation, the order's proforma, payment received, the credit note (numbered by
  // the invoicing process); the paid invoice's own proforma may be mailed too if the notifier
  // saw it unpaid, so wait for the four and then for the mails to settle.
  // The credit note's number, as the numbering process issues it (the seed leaves it raised).
  await handleCommand(
    { store: t.running.platform.store, now: () => new Date() },
    {
      tenantId: 'akashone',
      actor: { userId: 'system', role: 'system' },
      commandId: `test:number:${seeded.creditNoteId}`,
      correlationId: seeded.creditNoteId,
    },
    {
      streamId: invoiceStreamId(seeded.taxInvoiceId),
      decider: invoiceDecider,
      command: (now) => ({
        type: 'IssueCreditNote' as const,
        creditNoteId: seeded.creditNoteId,
        creditNoteNumber: NOTE_NUMBER,
        counter: 1,
        financialYear: financialYear(indianDate(now)),
        now,
      }),
    },
  );
  await catcher.mailsTo(EMAIL, 4, 30_000);
  await new Promise((r) => setTimeout(r, 1_500));
  mails = catcher.mails.filter((m) => m.envelopeTo.includes(EMAIL));
}, 120_000);
afterAll(async () => {
  await t?.close();
  await catcher?.close();
});

describe('billing mails over SMTP', () => {
  it('invoice created: the proforma arrives with its PDF attached, a real PDF of that proforma', () => {
    const mail = bySubject(/proforma invoice for .* issued/, seeded.invoiceId);
    expect(mail.subject).toMatch(new RegExp(`^${BRAND}: proforma invoice for ₹[\\d,.]+ issued$`));
    expect(mail.text).toContain(`Reference for a bank transfer: ${seeded.invoiceId}`);
    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments;
    expect(pdf!.filename).toBe(`proforma-${seeded.invoiceId}.pdf`);
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf!.content);
    expect(text).toMatch(/proforma/i);
    expect(text.replace(/\s+/g, '')).toContain(seeded.invoiceId.replace(/-/g, '').slice(0, 8));
  });

  it('payment received: the tax invoice number in the subject and in the attached PDF', () => {
    const mail = bySubject(/payment received/);
    expect(mail.subject).toBe(`${BRAND}: payment received, tax invoice ${NUMBER}`);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${NUMBER}.pdf`, 'application/pdf'],
    ]);
    const pdf = mail.attachments[0]!.content;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(pdf)).toContain(NUMBER);
  });

  it('credit note: its own PDF, naming the invoice it adjusts', () => {
    const mail = bySubject(/credit note/);
    expect(mail.subject).toBe(`${BRAND}: credit note ${NOTE_NUMBER} for invoice ${NUMBER}`);
    const [pdf] = mail.attachments;
    expect(pdf!.filename).toBe(`${NOTE_NUMBER}.pdf`);
    expect(pdf!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf!.content);
    expect(text).toContain(NOTE_NUMBER);
    expect(text).toContain(NUMBER);
  });

  it('order confirmation: the host name and the order page, no attachment', () => {
    const mail = bySubject(/order confirmation/);
    expect(mail.subject).toBe(
      `${BRAND}: order confirmation for web-${seeded.orderId.slice(0, 8)}.example.com`,
    );
    expect(mail.text).toContain(`/orders/${seeded.orderId}`);
    expect(mail.attachments).toEqual([]);
  });

  it('a mail naming an invoice that is not there is a failed attempt, retried, and the sender goes on', async () => {
    const platform = t.running.platform;
    const queue = async (to: string, invoiceId?: string) => {
      const mailId = randomUUID();
      await handleCommand(
        { store: platform.store, now: () => new Date() },
        {
          tenantId: 'akashone',
          actor: { userId: 'system', role: 'system' },
          commandId: `test:${mailId}`,
          correlationId: mailId,
        },
        {
          streamId: mailStreamId(mailId),
          decider: mailDecider,
          command: (now) => ({
            type: 'QueueMail' as const,
            mailId,
            to,
            kind: 'payment-received',
            subject: 'a test mail',
            text: 'x',
            sealedText: null,
            ...(invoiceId ? { attachments: [{ kind: 'invoice-pdf' as const, invoiceId }] } : {}),
            causedBy: mailId,
            now,
          }),
        },
      );
      return mailId;
    };
    const missing = randomUUID();
    const mailId = await queue('nobody@example.com', missing);
    let failed: MailEvent | undefined;
    for (let i = 0; i < 100 && !failed; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const stream = (await platform.store.readStream(
        mailStreamId(mailId),
      )) as unknown as MailEvent[];
      failed = stream.find((e) => e.type === 'MailDeliveryFailed');
    }
    expect(failed?.data).toMatchObject({
      attempt: 1,
      error: expect.stringContaining(missing),
      retryAt: expect.any(String),
    });
    // The sender is still delivering: a mail queued after it goes out.
    await queue('after@example.com');
    await catcher.mailsTo('after@example.com', 1, 10_000);
    expect(catcher.mails.some((m) => m.envelopeTo.includes('nobody@example.com'))).toBe(false);
  });
});
