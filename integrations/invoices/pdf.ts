/**
 * PDF of a GST document — tax invoice, proforma invoice or credit note — made with pdfmake.
 *
 * The contents follow Rule 46 (../shared/GST.md): supplier and recipient with GSTINs and state
 * codes, number and date, place of supply, reverse charge, lines with SAC and the rate and amount
 * of each head that applies, the SAC summary, round-off, the total in figures and in words, the
 * legend of an export or SEZ supply, and the signature line. A credit note names the invoice it
 * adjusts and why; an unpaid proforma carries the bank details and the amount due.
 *
 * The model is plain data: the HTTP route builds it from the invoices read model; every figure
 * comes from the stored `CalculatedDocument`, nothing is recomputed here except layout.
 *
 * Fonts: DejaVu Sans Condensed (fonts/, Bitstream Vera licence in fonts/LICENSE), embedded and
 * subset, because pdfmake's standard PDF fonts have no ₹ (U+20B9).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fieldError } from '../../domain/catalog/field-error.ts';
import type { BillingRecipient, Supplier } from '../../domain/invoices/events.ts';
import type { CalculatedDocument } from '../../domain/tax/document/document-types.ts';
import { DOCUMENT_NUMBER_PATTERN } from '../../domain/tax/numbering/document-series.ts';
import { invoiceDocDefinition } from './pdf-layout.ts';

export type InvoicePdfKind = 'PROFORMA' | 'TAX_INVOICE' | 'CREDIT_NOTE';

export interface InvoicePdfPayment {
  /** For people: "Wallet", "Bank transfer". */
  method: string;
  /** Bank reference (UTR) or the wallet payment's id; null when there is none. */
  reference: string | null;
  /** Two decimals, e.g. "1500.00". */
  amount: string;
  /** 'YYYY-MM-DD' in India. */
  date: string;
}

export interface InvoicePdfBank {
  accountName: string;
  bankName: string;
  accountNumber: string;
  ifsc: string;
  branch?: string | null;
  upiId?: string | null;
}

export interface InvoicePdfModel {
  kind: InvoicePdfKind;
  /**
   * The series number of a tax invoice or credit note (required there). A proforma has none
   * (null): it is not a tax invoice and takes no number from the series.
   */
  number: string | null;
  /** 'YYYY-MM-DD': the proforma's date, or the credit note's date. */
  issueDate: string;
  /** 'YYYY-MM-DD': the tax invoice's date (InvoicePaid.invoiceDate); required for TAX_INVOICE. */
  invoiceDate?: string | null;
  /** Shown beside the number, e.g. "Paid", "Unpaid", "Partly paid", "Cancelled". */
  statusLabel?: string | null;
  /** Prints a "CANCELLED" watermark across the page. */
  cancelled?: boolean;
  /** On a proforma: what the customer quotes with a bank transfer (e.g. the order or invoice id). */
  paymentReference?: string | null;
  /** State name defaults to the GST table's name for `stateCode`. */
  supplier: Supplier & { stateName?: string | null };
  /** State name defaults to the GST table's; country name to the English name of `country`. */
  recipient: BillingRecipient & { stateName?: string | null; countryName?: string | null };
  document: CalculatedDocument;
  brand: {
    name: string;
    /** '#rrggbb'. */
    primaryColor: string;
    accentColor?: string | null;
    /** The logo's bytes, PNG (or JPEG); the route fetches the tenant's logoUrl. Null shows the brand's initial. */
    logoPng?: Buffer | null;
  };
  /** Printed on a proforma that still has an amount due. */
  bank?: InvoicePdfBank | null;
  payments?: InvoicePdfPayment[];
  /** Default: the sum of `payments`. */
  amountPaid?: string | null;
  /** Default: the document total less `amountPaid`. */
  amountDue?: string | null;
  /** Credit note: the invoice it adjusts (defaults to `document.reference`). */
  reference?: { invoiceNumber: string; invoiceDate: string } | null;
  /** Credit note: why it was issued. */
  reason?: string | null;
}

// --- pdfmake, without published types: the part of its Node API used here -------------------

interface PdfKitDocument {
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  end(): void;
}
interface PdfPrinter {
  createPdfKitDocument(docDefinition: object, options?: object): PdfKitDocument;
}
type PdfPrinterConstructor = new (fonts: Record<string, Record<string, Buffer>>) => PdfPrinter;

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(import.meta.dirname, 'fonts');
/** The font files the PDFs embed; the test checks each has the ₹ glyph. */
export const INVOICE_FONT_FILES = {
  normal: path.join(FONT_DIR, 'DejaVuSansCondensed.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSansCondensed-Bold.ttf'),
} as const;

interface Fontkit {
  create(buffer: Buffer, postscriptName?: string): unknown;
}

/**
 * pdfkit parses a font again for every document (fontkit.create on the bytes), decoding its
 * tables each time. Parsed fonts are read-only while a document is laid out and subset (the
 * subset is per document), and a render runs start to end synchronously, so the parse of these
 * exact buffers is kept and shared; any other buffer goes through unchanged.
 */
function parseFontsOnce(buffers: readonly Buffer[]): void {
  const fontkit = require('@foliojs-fork/fontkit') as Fontkit;
  const create = fontkit.create.bind(fontkit);
  const parsed = new Map<Buffer, unknown>();
  for (const b of buffers) parsed.set(b, create(b));
  fontkit.create = (buffer, postscriptName) =>
    postscriptName === undefined && parsed.has(buffer)
      ? parsed.get(buffer)
      : create(buffer, postscriptName);
}

let printer: PdfPrinter | undefined;
/** One printer per process: the fonts are read once, not per document. */
function printerOnce(): PdfPrinter {
  if (!printer) {
    const Printer = require('pdfmake') as PdfPrinterConstructor;
    const normal = readFileSync(INVOICE_FONT_FILES.normal);
    const bold = readFileSync(INVOICE_FONT_FILES.bold);
    parseFontsOnce([normal, bold]);
    printer = new Printer({
      // No italics in the layout; the slots point at the upright faces so a stray italic never
      // falls back to a font without ₹.
      DejaVu: { normal, bold, italics: normal, bolditalics: bold },
    });
  }
  return printer;
}

// --- validation: a wrong model is the caller's bug, named by field ---------------------------

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const AMOUNT = /^\d+\.\d{2}$/;

function requireDate(value: unknown, field: string): void {
  if (typeof value !== 'string' || !DATE.test(value))
    throw fieldError(field, `A date as YYYY-MM-DD, got ${JSON.stringify(value)}.`);
}
function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '')
    throw fieldError(field, 'Must be a non-empty text.');
}
function optionalAmount(value: unknown, field: string): void {
  if (value !== undefined && value !== null && (typeof value !== 'string' || !AMOUNT.test(value)))
    throw fieldError(
      field,
      `An amount with two decimals such as "1500.00", got ${JSON.stringify(value)}.`,
    );
}

/** Refuses a model that would print a wrong or incomplete legal document. */
export function checkInvoicePdfModel(model: InvoicePdfModel): void {
  const kinds: InvoicePdfKind[] = ['PROFORMA', 'TAX_INVOICE', 'CREDIT_NOTE'];
  if (!kinds.includes(model.kind))
    throw fieldError('kind', `One of ${kinds.join(', ')}, got ${JSON.stringify(model.kind)}.`);
  if (model.kind === 'PROFORMA') {
    if (model.number !== null && model.number !== undefined)
      throw fieldError('number', 'A proforma takes no number from the series; pass null.');
  } else {
    requireText(model.number, 'number');
    if (!DOCUMENT_NUMBER_PATTERN.test(model.number!))
      throw fieldError(
        'number',
        `A GST document number (up to 16 of A-Z a-z 0-9 - /, not starting with 0, - or /), got ${JSON.stringify(model.number)}.`,
      );
  }
  requireDate(model.issueDate, 'issueDate');
  if (model.kind === 'TAX_INVOICE') requireDate(model.invoiceDate, 'invoiceDate');
  const wantType = model.kind === 'CREDIT_NOTE' ? 'credit-note' : 'invoice';
  if (model.document?.documentType !== wantType)
    throw fieldError(
      'document.documentType',
      `A ${model.kind} prints a "${wantType}" document, got "${model.document?.documentType}".`,
    );
  if (!Array.isArray(model.document.lines) || model.document.lines.length === 0)
    throw fieldError('document.lines', 'A document has at least one line.');
  requireText(model.supplier?.legalName, 'supplier.legalName');
  requireText(model.recipient?.name, 'recipient.name');
  requireText(model.brand?.name, 'brand.name');
  if (typeof model.brand.primaryColor !== 'string' || !COLOUR.test(model.brand.primaryColor))
    throw fieldError('brand.primaryColor', 'A colour as #rrggbb, e.g. #2563eb.');
  if (model.brand.accentColor && !COLOUR.test(model.brand.accentColor))
    throw fieldError('brand.accentColor', 'A colour as #rrggbb, e.g. #f59e0b.');
  const logo = model.brand.logoPng;
  if (logo && !(isPng(logo) || isJpeg(logo)))
    throw fieldError('brand.logoPng', 'PNG or JPEG bytes.');
  if (model.kind === 'CREDIT_NOTE') {
    const ref = model.reference ?? model.document.reference;
    if (!ref) throw fieldError('reference', 'A credit note names the invoice it adjusts.');
    requireText(ref.invoiceNumber, 'reference.invoiceNumber');
    requireDate(ref.invoiceDate, 'reference.invoiceDate');
    requireText(model.reason, 'reason');
  }
  optionalAmount(model.amountPaid, 'amountPaid');
  optionalAmount(model.amountDue, 'amountDue');
  (model.payments ?? []).forEach((p, i) => {
    requireText(p.method, `payments.${i}.method`);
    if (typeof p.amount !== 'string') throw fieldError(`payments.${i}.amount`, 'Required.');
    optionalAmount(p.amount, `payments.${i}.amount`);
    requireDate(p.date, `payments.${i}.date`);
  });
  if (model.bank) {
    requireText(model.bank.accountName, 'bank.accountName');
    requireText(model.bank.bankName, 'bank.bankName');
    requireText(model.bank.accountNumber, 'bank.accountNumber');
    requireText(model.bank.ifsc, 'bank.ifsc');
  }
}

const isPng = (b: Buffer) =>
  b.length > 8 &&
  b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/**
 * Renders the document. The same model gives the same bytes: the PDF's creation date (and so
 * its file id) is the document's date at midnight in India, not the time of rendering.
 * @throws DomainError BAD_USER_INPUT naming the field of a model that cannot be printed
 */
export function renderInvoicePdf(model: InvoicePdfModel): Promise<Buffer> {
  try {
    checkInvoicePdfModel(model);
  } catch (e) {
    return Promise.reject(e);
  }
  const definition = invoiceDocDefinition(model);
  return new Promise<Buffer>((resolve, reject) => {
    try {
      const doc = printerOnce().createPdfKitDocument(definition);
      const chunks: Buffer[] = [];
      doc.on('data', (chunk) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/**
 * Documents rendered per second, rendering `model` `count` times one after another (for
 * `npm run bench`). Rendering is CPU-bound, so a sequence measures one core.
 */
export async function benchInvoicePdf(
  model: InvoicePdfModel,
  count = 50,
): Promise<{ count: number; seconds: number; perSecond: number; bytes: number }> {
  await renderInvoicePdf(model); // warm: fonts read, code compiled
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes = (await renderInvoicePdf(model)).length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { count, seconds, perSecond: count / seconds, bytes };
}
