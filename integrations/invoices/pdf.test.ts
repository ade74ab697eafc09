/**
 * GST document PDFs: the worked examples of issue 11 (Maharashtra operator; Maharashtra,
 * Karnataka, Chandigarh, registered and export customers), a CGST + UTGST document of a
 * Chandigarh supplier, a proforma with bank details and a credit note. Each PDF's text (pdftotext)
 * must carry the Rule 46 contents with the figures to the paisa; page 1 of each is rendered to
 * artifacts/pdf/<name>.png (pdftoppm) to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeInvoiceDocument } from '../../domain/invoices/document.ts';
import type { BillingRecipient, Supplier } from '../../domain/invoices/events.ts';
import type { CalculatedDocument, LineInput } from '../../domain/tax/document/document-types.ts';
import { gstinCheckCharacter } from '../../domain/tax/gstin/gstin.ts';
import { calculateCreditNote } from '../../domain/tax/notes/credit-note.ts';
import {
  EXPORT_UNDER_LUT_LEGEND,
  SEZ_UNDER_LUT_LEGEND,
} from '../../domain/tax/supply/determine-supply.ts';
import {
  benchInvoicePdf,
  INVOICE_FONT_FILES,
  renderInvoicePdf,
  type InvoicePdfModel,
} from './pdf.ts';
import { sampleInvoicePdfModel } from './pdf-sample.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../artifacts/pdf');
const PDFTOTEXT = '/usr/bin/pdftotext';
const PDFTOPPM = '/usr/bin/pdftoppm';
const poppler = existsSync(PDFTOTEXT) && existsSync(PDFTOPPM);
if (!poppler)
  console.warn(
    `pdf.test.ts: ${PDFTOTEXT} / ${PDFTOPPM} missing (apt-get install poppler-utils): the text and picture checks are skipped`,
  );

/** The order of the worked examples: VPS Pro ₹1,234.56 a month, setup ₹499, cPanel ₹449, backup ₹120.50. */
const lines: LineInput[] = [
  {
    description: 'VPS Pro (monthly) — web1.example.com',
    sac: '998315',
    quantity: '1',
    unitPrice: '1234.56',
  },
  {
    description: 'Setup fee: VPS Pro — web1.example.com',
    sac: '998315',
    quantity: '1',
    unitPrice: '499.00',
  },
  {
    description: 'cPanel/WHM (monthly) — web1.example.com',
    sac: '998315',
    quantity: '1',
    unitPrice: '449.00',
  },
  {
    description: 'Daily Backup (monthly) — web1.example.com',
    sac: '998315',
    quantity: '1',
    unitPrice: '120.50',
  },
];

const operator: Supplier = {
  legalName: 'Mieux Technologies Pvt Ltd',
  gstin: '27AAPFU0939F1ZV',
  stateCode: '27',
  address: 'Office 402, Baner Road, Pune, Maharashtra 411045',
  lutNumber: 'AD270326000123X',
};
const chandigarhGstin = `04AAPFU0939F1Z${gstinCheckCharacter('04AAPFU0939F1Z')}`;
const chandigarhSupplier: Supplier = {
  legalName: 'Tricity Cloud LLP',
  gstin: chandigarhGstin,
  stateCode: '04',
  address: 'SCO 112, Sector 17-C, Chandigarh 160017',
  lutNumber: null,
};
const person = (over: Partial<BillingRecipient>): BillingRecipient => ({
  name: 'Asha Rao',
  address: '14 MG Road, Bengaluru',
  country: 'IN',
  stateCode: null,
  gstin: null,
  sez: false,
  ...over,
});
const brand = { name: 'AkashOne.com', primaryColor: '#1d4ed8', accentColor: '#f59e0b' };

function doc(recipient: BillingRecipient, supplier: Supplier = operator): CalculatedDocument {
  return computeInvoiceDocument({ lines, supplier, recipient });
}

function taxInvoice(
  number: string,
  recipient: BillingRecipient,
  supplier: Supplier = operator,
  over: Partial<InvoicePdfModel> = {},
): InvoicePdfModel {
  const document = doc(recipient, supplier);
  return {
    kind: 'TAX_INVOICE',
    number,
    issueDate: '2026-05-01',
    invoiceDate: '2026-05-02',
    statusLabel: 'Paid',
    supplier,
    recipient,
    document,
    brand,
    payments: [
      {
        method: 'Wallet',
        reference: 'wp-7f3a91',
        amount: document.totals.total,
        date: '2026-05-02',
      },
    ],
    ...over,
  };
}

const karnatakaB2b = person({
  name: 'Cloudnine Analytics Pvt Ltd',
  address: '5th Floor, Prestige Tower, Residency Road, Bengaluru, Karnataka 560025',
  stateCode: '27',
  gstin: '29AAFCC9980M1ZR',
});
const registeredInvoice = taxInvoice('INV/26-27/0004', karnatakaB2b);

type Case = {
  name: string;
  model: InvoicePdfModel;
  /** Label (as printed, upper case) → the value printed under it in the details strip. */
  fields: Record<string, string>;
  /** Strings the PDF's text must contain (whitespace collapsed). */
  expected: string[];
  /** Strings it must not contain. */
  absent?: string[];
};

const cases: Case[] = [
  {
    name: 'tax-invoice-maharashtra',
    model: taxInvoice(
      'INV/26-27/0001',
      person({ address: 'Flat 9, Koregaon Park, Pune', stateCode: '27' }),
    ),
    fields: {
      'INVOICE NO.': 'INV/26-27/0001',
      'INVOICE DATE': '02 May 2026',
      'PLACE OF SUPPLY': 'Maharashtra (27)',
      SUPPLY: 'B2C',
    },
    expected: [
      'TAX INVOICE',
      'INV/26-27/0001',
      '02 May 2026',
      '27AAPFU0939F1ZV',
      'Maharashtra (27)',
      'Maharashtra (State code 27)',
      'CGST',
      'SGST',
      '111.11',
      '44.91',
      '40.41',
      '10.85',
      '207.28',
      '414.56',
      '₹2,717.62',
      'Rupees Two Thousand Seven Hundred Seventeen and Sixty Two Paise Only',
    ],
    absent: ['IGST', 'UTGST', 'Round-off', 'SUPPLY MEANT FOR EXPORT'],
  },
  {
    name: 'tax-invoice-karnataka',
    model: taxInvoice('INV/26-27/0002', person({ stateCode: '29' })),
    fields: { 'INVOICE NO.': 'INV/26-27/0002', 'PLACE OF SUPPLY': 'Karnataka (29)' },
    expected: [
      'INV/26-27/0002',
      'Karnataka (29)',
      'Karnataka (State code 29)',
      'IGST',
      '222.22',
      '89.82',
      '80.82',
      '21.69',
      '414.55',
      '₹2,717.61',
      'Rupees Two Thousand Seven Hundred Seventeen and Sixty One Paise Only',
    ],
    absent: ['CGST', 'SGST'],
  },
  {
    name: 'tax-invoice-chandigarh-igst',
    model: taxInvoice(
      'INV/26-27/0003',
      person({ address: 'Sector 22, Chandigarh', stateCode: '04' }),
    ),
    fields: { 'INVOICE NO.': 'INV/26-27/0003', 'PLACE OF SUPPLY': 'Chandigarh (04)' },
    expected: [
      'INV/26-27/0003',
      'Chandigarh (04)',
      'Chandigarh (State code 04)',
      'IGST',
      '414.55',
      '₹2,717.61',
    ],
    absent: ['UTGST', 'CGST'],
  },
  {
    name: 'tax-invoice-registered',
    model: registeredInvoice,
    fields: { 'INVOICE NO.': 'INV/26-27/0004', 'PLACE OF SUPPLY': 'Karnataka (29)', SUPPLY: 'B2B' },
    expected: [
      'INV/26-27/0004',
      'Cloudnine Analytics Pvt Ltd',
      '27AAPFU0939F1ZV',
      '29AAFCC9980M1ZR',
      'Karnataka (29)',
      'B2B',
      'IGST',
      '414.55',
      '₹2,717.61',
    ],
    absent: ['CGST'],
  },
  {
    name: 'tax-invoice-export-lut',
    model: taxInvoice(
      'INV/26-27/0005',
      person({
        name: 'Lone Star Hosting Inc',
        address: '500 Congress Ave, Austin, Texas 78701',
        country: 'US',
      }),
    ),
    fields: {
      'INVOICE NO.': 'INV/26-27/0005',
      'PLACE OF SUPPLY': 'Foreign country (96)',
      SUPPLY: 'Export under LUT',
    },
    expected: [
      'INV/26-27/0005',
      'United States (US)',
      'Other Territory', // placeholder replaced below by the engine's name for 96
      'AD270326000123X', // the supplier's LUT
      EXPORT_UNDER_LUT_LEGEND,
      'IGST',
      '0.00',
      '₹2,303.06',
      'Rupees Two Thousand Three Hundred Three and Six Paise Only',
    ],
    absent: ['CGST'],
  },
  {
    name: 'tax-invoice-chandigarh-utgst',
    model: taxInvoice(
      'TC/26-27/0001',
      person({
        name: 'Harpreet Kaur',
        address: 'House 1234, Sector 35-B, Chandigarh',
        stateCode: '04',
      }),
      chandigarhSupplier,
    ),
    fields: { 'INVOICE NO.': 'TC/26-27/0001', 'PLACE OF SUPPLY': 'Chandigarh (04)' },
    expected: [
      'TC/26-27/0001',
      chandigarhGstin,
      'Tricity Cloud LLP',
      'Chandigarh (04)',
      'CGST',
      'UTGST',
      '111.11',
      '10.85',
      '207.28',
      '₹2,717.62',
      'For Tricity Cloud LLP',
    ],
    absent: ['SGST', 'IGST'],
  },
];

// The engine's name for place 96 (whatever the table calls it), not a guess.
const exportCase = cases.find((c) => c.name === 'tax-invoice-export-lut')!;
exportCase.expected[2] = `${exportCase.model.document.supply.placeOfSupplyName} (96)`;

// A proforma: unpaid (part paid from the wallet), bank details, amount due, rounded to the rupee.
const proformaDoc = computeInvoiceDocument({
  lines,
  supplier: operator,
  recipient: person({ stateCode: '27' }),
  roundOff: 'rupee',
});
cases.push({
  name: 'proforma-unpaid-bank',
  model: {
    kind: 'PROFORMA',
    number: null,
    issueDate: '2026-05-01',
    statusLabel: 'Partly paid',
    paymentReference: 'PF-8C21D4',
    supplier: operator,
    recipient: person({ address: 'Flat 9, Koregaon Park, Pune', stateCode: '27' }),
    document: proformaDoc,
    brand: { name: 'AkashOne.com', primaryColor: '#0f766e', accentColor: null },
    bank: {
      accountName: 'Mieux Technologies Pvt Ltd',
      bankName: 'HDFC Bank',
      accountNumber: '50200012345678',
      ifsc: 'HDFC0000123',
      branch: 'Baner, Pune',
      upiId: 'akashone@hdfcbank',
    },
    payments: [{ method: 'Wallet', reference: 'wp-19ab', amount: '1000.00', date: '2026-05-01' }],
  },
  fields: {
    'PROFORMA DATE': '01 May 2026',
    REFERENCE: 'PF-8C21D4',
    'PLACE OF SUPPLY': 'Maharashtra (27)',
    STATUS: 'Partly paid',
  },
  expected: [
    'PROFORMA INVOICE',
    'Not a tax invoice',
    '01 May 2026',
    'Maharashtra (27)',
    'Round-off',
    `+${proformaDoc.totals.roundOff}`,
    '₹2,718.00',
    'Amount paid ₹1,000.00',
    'Amount due ₹1,718.00',
    'HDFC Bank',
    '50200012345678',
    'HDFC0000123',
    'akashone@hdfcbank',
    'PF-8C21D4',
    'Rupees Two Thousand Seven Hundred Eighteen Only',
  ],
  absent: ['Invoice no.', 'TAX INVOICE'],
});

// A partial credit note against the registered customer's invoice.
const creditDoc = calculateCreditNote({
  invoice: {
    invoiceNumber: 'INV/26-27/0004',
    invoiceDate: '2026-05-02',
    document: registeredInvoice.document,
  },
  scope: { kind: 'lines', lines: [{ lineNo: 3 }, { lineNo: 4, taxableValue: '60.25' }] },
  issueDate: '2026-05-20',
});
cases.push({
  name: 'credit-note-registered',
  model: {
    kind: 'CREDIT_NOTE',
    number: 'CN/26-27/0001',
    issueDate: '2026-05-20',
    statusLabel: 'Credited to wallet',
    supplier: operator,
    recipient: karnatakaB2b,
    document: creditDoc,
    brand,
    reason: 'cPanel licence not delivered; backup billed for half the month',
  },
  fields: {
    'CREDIT NOTE NO.': 'CN/26-27/0001',
    'CREDIT NOTE DATE': '20 May 2026',
    'AGAINST INVOICE': 'INV/26-27/0004',
    'INVOICE DATE': '02 May 2026',
    'PLACE OF SUPPLY': 'Karnataka (29)',
    STATUS: 'Credited to wallet',
  },
  expected: [
    'CREDIT NOTE',
    'CN/26-27/0001',
    '20 May 2026',
    '29AAFCC9980M1ZR',
    'Karnataka (29)',
    'cPanel licence not delivered; backup billed for half the month',
    'IGST',
    '80.82',
    creditDoc.lines[1]!.taxes.igst.amount,
    creditDoc.totals.igst,
    `₹${creditDoc.totals.total}`,
    creditDoc.amountInWords,
  ],
  absent: ['Amount due', 'SGST', 'CGST @'],
});

// Discounts and round-off: a discount column, "Less: discount" and a negative round-off.
const discounted = computeInvoiceDocument({
  lines: [
    { ...lines[0]!, quantity: '3', discount: '370.37' },
    { ...lines[1]!, discount: '499.00' },
    lines[2]!,
  ],
  supplier: operator,
  recipient: person({ stateCode: '27' }),
  roundOff: 'rupee',
});
cases.push({
  name: 'tax-invoice-discount-roundoff',
  model: taxInvoice('INV/26-27/0006', person({ stateCode: '27' }), operator, {
    document: discounted,
    payments: [],
    statusLabel: 'Paid',
  }),
  fields: { 'INVOICE NO.': 'INV/26-27/0006', 'PLACE OF SUPPLY': 'Maharashtra (27)' },
  expected: [
    'Discount',
    '370.37',
    'Gross amount',
    'Less: discount',
    formatIndian(discounted.totals.discount),
    'Round-off',
    discounted.totals.roundOff.startsWith('-')
      ? discounted.totals.roundOff
      : `+${discounted.totals.roundOff}`,
    `₹${formatIndian(discounted.totals.total)}`,
    discounted.amountInWords,
  ],
});

// An SEZ unit under LUT: zero-rated, inter-state, the SEZ legend.
const sezUnit = person({
  name: 'Electronic City SEZ Unit of Cloudnine',
  address: 'Plot 7, Electronic City Phase 1 SEZ, Bengaluru, Karnataka 560100',
  gstin: '29AAFCC9980M1ZR',
  sez: true,
});
cases.push({
  name: 'tax-invoice-sez-lut',
  model: taxInvoice('INV/26-27/0007', sezUnit),
  fields: {
    'INVOICE NO.': 'INV/26-27/0007',
    'PLACE OF SUPPLY': 'Karnataka (29)',
    SUPPLY: 'SEZ under LUT',
  },
  expected: [SEZ_UNDER_LUT_LEGEND, 'AD270326000123X', '29AAFCC9980M1ZR', '₹2,303.06', 'SEZ'],
  absent: ['CGST', 'SGST'],
});

// A cancelled proforma: the watermark says so.
cases.push({
  name: 'proforma-cancelled',
  model: {
    ...cases.find((c) => c.name === 'proforma-unpaid-bank')!.model,
    cancelled: true,
    statusLabel: 'Cancelled',
  },
  fields: { STATUS: 'Cancelled' },
  // The diagonal watermark is checked as a picture below (pdftotext leaves diagonal text out).
  expected: ['PROFORMA INVOICE'],
  absent: ['BY BANK TRANSFER', 'Amount due', 'HDFC0000123'],
});

const common = [
  'SAC SUMMARY',
  '998315',
  'Authorised Signatory',
  'This is a computer-generated document.',
  'AkashOne.com',
];

/**
 * The value printed under a label: the text starting in the label's column on the next lines of
 * `pdftotext -layout` (labels sit above their values in the details strip).
 */
function valueUnder(layout: string, label: string): string | null {
  const lines = layout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // The whole label between column gaps: "SUPPLY", not the end of "PLACE OF SUPPLY".
    const standalone = (at: number) => {
      const before = line.slice(0, at);
      const after = line.slice(at + label.length);
      return /(^|\s\s)\s*$/.test(before) && /^(\s\s|\s*$)/.test(after);
    };
    let col = line.indexOf(label);
    while (col >= 0 && !standalone(col)) col = line.indexOf(label, col + 1);
    if (col < 0) continue;
    for (const next of lines.slice(i + 1, i + 4)) {
      if (col > 0 && next[col - 1] !== undefined && next[col - 1] !== ' ') continue;
      const value = next
        .slice(col)
        .split(/\s{2,}/)[0]!
        .trim();
      if (value) return value;
    }
  }
  return null;
}

const layoutText = (pdf: string) =>
  execFileSync(PDFTOTEXT, ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });

const text = (pdf: string) =>
  execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('GST document PDF', () => {
  const rendered = new Map<string, Buffer>();
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const c of cases) {
      const pdf = await renderInvoicePdf(c.model);
      rendered.set(c.name, pdf);
      writeFileSync(path.join(ARTIFACTS, `${c.name}.pdf`), pdf);
    }
  });

  it('the embedded fonts have the rupee sign (U+20B9)', () => {
    const fontkit = createRequire(import.meta.url)('@foliojs-fork/fontkit') as {
      openSync(file: string): { hasGlyphForCodePoint(cp: number): boolean; familyName: string };
    };
    for (const file of Object.values(INVOICE_FONT_FILES)) {
      const font = fontkit.openSync(file);
      expect(font.hasGlyphForCodePoint(0x20b9), `${font.familyName} in ${file}`).toBe(true);
      expect(font.hasGlyphForCodePoint(0x2014), `em dash in ${file}`).toBe(true);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: Rule 46 contents and figures', (name, c) => {
    const pdf = rendered.get(name)!;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (!poppler) return;
    const file = path.join(ARTIFACTS, `${name}.pdf`);
    const t = text(file);
    for (const s of [...common, ...c.expected]) expect(t, `"${s}" in ${name}`).toContain(s);
    for (const s of c.absent ?? []) expect(t, `"${s}" not in ${name}`).not.toContain(s);
    const layout = layoutText(file);
    for (const [label, value] of Object.entries({ 'REVERSE CHARGE': 'No', ...c.fields }))
      expect(valueUnder(layout, label), `${label} in ${name}`).toBe(value);
    if (c.model.number) expect(t).toContain(c.model.number);
    // The supplier's GSTIN and, when registered, the recipient's.
    expect(t).toContain(c.model.supplier.gstin!);
    if (c.model.recipient.gstin) expect(t).toContain(c.model.recipient.gstin);
    expect(t).toContain(`For ${c.model.supplier.legalName}`);
    // Page 1 as a picture for people to look at.
    execFileSync(PDFTOPPM, [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(ARTIFACTS, name),
    ]);
    expect(existsSync(path.join(ARTIFACTS, `${name}.png`))).toBe(true);
  });

  it('the fonts are embedded (subset), so a machine without DejaVu shows the same ₹', () => {
    if (!poppler) return;
    const fonts = execFileSync(
      '/usr/bin/pdffonts',
      [path.join(ARTIFACTS, 'tax-invoice-maharashtra.pdf')],
      {
        encoding: 'utf8',
      },
    );
    const rows = fonts.split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/DejaVuSansCondensed/);
      expect(row).toMatch(/\byes\s+yes\s+yes\b/); // emb sub uni
    }
  });

  it('a cancelled document carries a CANCELLED watermark (the page differs only by it)', async () => {
    if (!poppler) return;
    const cancelled = cases.find((c) => c.name === 'proforma-cancelled')!.model;
    const picture = async (model: InvoicePdfModel, name: string) => {
      const file = path.join(ARTIFACTS, `${name}.pdf`);
      writeFileSync(file, await renderInvoicePdf(model));
      return execFileSync(PDFTOPPM, ['-gray', '-r', '20', '-singlefile', file]);
    };
    const withMark = await picture(cancelled, 'watermark-on');
    const without = await picture({ ...cancelled, cancelled: false, bank: null }, 'watermark-off');
    // Below the content on the left: blank on both pages but for the diagonal watermark (hiding
    // the amount paid and due rows moves the content above, never into this corner).
    const pixels = (pgm: Buffer) => {
      const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 32).toString('latin1'))!;
      return { w: Number(m[1]), h: Number(m[2]), data: pgm.subarray(m[0].length) };
    };
    const a = pixels(withMark);
    const b = pixels(without);
    expect([a.w, a.h]).toEqual([b.w, b.h]);
    let differing = 0;
    let total = 0;
    for (let y = Math.floor(a.h * 0.8); y < a.h * 0.96; y++)
      for (let x = Math.floor(a.w * 0.02); x < a.w * 0.4; x++) {
        total++;
        if (Math.abs(a.data[y * a.w + x]! - b.data[y * a.w + x]!) > 4) differing++;
      }
    expect(differing / total).toBeGreaterThan(0.05);
  });

  it('the same model gives the same bytes (creation date from the document date)', async () => {
    const c = cases[0]!;
    expect((await renderInvoicePdf(c.model)).equals(rendered.get(c.name)!)).toBe(true);
  });

  it('a long document flows onto more pages with the table head repeated', async () => {
    const many: LineInput[] = Array.from({ length: 60 }, (_, i) => ({
      description: `Dedicated server DS-${i + 1} (monthly), 2 × 1.92 TB NVMe, 64 GB RAM`,
      sac: i % 3 === 0 ? '997315' : '998315',
      quantity: '1',
      unitPrice: `${4999 + i}.50`,
    }));
    const document = computeInvoiceDocument({
      lines: many,
      supplier: operator,
      recipient: person({ stateCode: '27' }),
    });
    const pdf = await renderInvoicePdf({
      ...cases[0]!.model,
      number: 'INV/26-27/0099',
      document,
      payments: [],
    });
    if (!poppler) return;
    const file = path.join(ARTIFACTS, 'tax-invoice-long.pdf');
    writeFileSync(file, pdf);
    const t = text(file);
    expect(t).toContain('Page 2 of');
    expect(t).toContain('DS-60');
    expect(t).toContain(formatIndian(document.totals.total));
    expect(t.match(/Taxable value/g)!.length).toBeGreaterThanOrEqual(3); // heads on 2+ pages and the summary
    execFileSync(PDFTOPPM, [
      '-png',
      '-r',
      '60',
      '-f',
      '2',
      '-l',
      '2',
      '-singlefile',
      file,
      path.join(ARTIFACTS, 'tax-invoice-long-p2'),
    ]);
  });

  it('refuses a model that would print a wrong document, naming the field', async () => {
    const base = cases[0]!.model;
    const proforma = cases.find((c) => c.name === 'proforma-unpaid-bank')!.model;
    const credit = cases.find((c) => c.name === 'credit-note-registered')!.model;
    const refusals: [Partial<InvoicePdfModel>, string, InvoicePdfModel?][] = [
      [{ number: 'PF-1' }, 'number', proforma],
      [{ number: null }, 'number'],
      [{ number: 'INV 2026 0001' }, 'number'],
      [{ invoiceDate: null }, 'invoiceDate'],
      [{ issueDate: '1 May 2026' }, 'issueDate'],
      [{ brand: { ...brand, primaryColor: 'blue' } }, 'brand.primaryColor'],
      [{ brand: { ...brand, logoPng: Buffer.from('GIF89a....') } }, 'brand.logoPng'],
      [{ kind: 'CREDIT_NOTE' }, 'document.documentType'],
      [{ reason: '  ' }, 'reason', credit],
      [{ amountDue: '12.5' }, 'amountDue'],
      [
        { payments: [{ method: 'Wallet', reference: null, amount: '1e3', date: '2026-05-02' }] },
        'payments.0.amount',
      ],
      [
        { payments: [{ method: 'Wallet', reference: null, amount: '10.00', date: '2026-5-2' }] },
        'payments.0.date',
      ],
    ];
    for (const [over, field, model] of refusals) {
      await expect(renderInvoicePdf({ ...(model ?? base), ...over }), field).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(
          new RegExp(`^[A-Z].* \\(${field.replaceAll('.', '\\.')}\\)\\.$`),
        ),
      });
    }
  });

  it('prints the logo when one is given', async () => {
    const logo = testLogo();
    const model = { ...cases[0]!.model, brand: { ...brand, name: 'Orbit Hosting', logoPng: logo } };
    const pdf = await renderInvoicePdf(model);
    expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(true);
    expect(rendered.get(cases[0]!.name)!.includes(Buffer.from('/Subtype /Image'))).toBe(false);
    if (!poppler) return;
    const file = path.join(ARTIFACTS, 'tax-invoice-logo.pdf');
    writeFileSync(file, pdf);
    expect(text(file)).toContain('Orbit Hosting');
    execFileSync(PDFTOPPM, [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(ARTIFACTS, 'tax-invoice-logo'),
    ]);
  });

  it('speed: documents rendered per second (one core, sequential)', async () => {
    const r = await benchInvoicePdf(sampleInvoicePdfModel(), 20);
    console.log(
      `PDF invoices: ${r.perSecond.toFixed(1)} documents/s (${r.count} in ${r.seconds.toFixed(2)} s, ${(r.bytes / 1024).toFixed(0)} KiB each)`,
    );
    expect(r.perSecond).toBeGreaterThan(0);
  });
});

/** A 150×50 RGB PNG: an orange disc and three bars, enough to see where and how big the logo sits. */
function testLogo(): Buffer {
  const w = 150;
  const h = 50;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < w; x++) {
      const disc = (x - 25) ** 2 + (y - 25) ** 2 <= 20 ** 2;
      const bar =
        x >= 55 &&
        x < 145 &&
        [10, 22, 34].some((top) => y >= top && y < top + 7) &&
        (y < 34 || x < 115);
      const [r, g, b] = disc ? [245, 158, 11] : bar ? [29, 78, 216] : [255, 255, 255];
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function formatIndian(amount: string): string {
  const [i, f] = amount.split('.') as [string, string];
  const last3 = i.slice(-3);
  const rest = i.slice(0, -3);
  return `${rest ? rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',') + ',' : ''}${last3}.${f}`;
}
