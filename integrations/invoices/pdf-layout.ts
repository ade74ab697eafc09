/**
 * The pdfmake document definition of a GST document (see pdf.ts for the model and the rules).
 * A4 portrait; the brand's colour in the header band, table heads and the grand total; every
 * figure printed from the stored document's strings.
 */
import { D, inr, sum, ZERO } from '../../domain/shared/money.ts';
import { summarizeBySac } from '../../domain/tax/document/summaries.ts';
import type {
  CalculatedDocument,
  CalculatedLine,
  HeadName,
} from '../../domain/tax/document/document-types.ts';
import { stateByCode } from '../../domain/tax/states/state-codes.ts';
import type { SupplyType } from '../../domain/tax/supply/determine-supply.ts';
import type { InvoicePdfModel } from './pdf.ts';
import {
  countryName,
  formatAmount,
  formatDate,
  formatQuantity,
  formatRate,
  formatRupees,
  formatSigned,
  formatUnitPrice,
  isZeroAmount,
} from './pdf-format.ts';

/** A pdfmake content node: text, an object node, or a list of them. */
type Content = string | { [key: string]: unknown } | Content[];
type Cell = { [key: string]: unknown };

const PAGE_MARGIN = 36;
const CONTENT_WIDTH = 595.28 - 2 * PAGE_MARGIN;
const INK = '#1f2937';
const MUTED = '#6b7280';
const RULE = '#d1d5db';

const HEAD_LABEL: Record<HeadName, string> = {
  cgst: 'CGST',
  sgst: 'SGST',
  utgst: 'UTGST',
  igst: 'IGST',
};

const SUPPLY_LABEL: Record<SupplyType, string> = {
  B2B: 'B2B',
  B2C: 'B2C',
  SEZWP: 'SEZ, IGST paid',
  SEZWOP: 'SEZ under LUT',
  EXPWP: 'Export, IGST paid',
  EXPWOP: 'Export under LUT',
};

/** The heads a document shows: only those its tax system charges (zero-rated shows IGST at 0%). */
export function headsShown(document: CalculatedDocument): HeadName[] {
  switch (document.supply.taxSystem) {
    case 'CGST+SGST':
      return ['cgst', 'sgst'];
    case 'CGST+UTGST':
      return ['cgst', 'utgst'];
    case 'IGST':
    case 'ZERO_RATED':
      return ['igst'];
  }
}

/** "#rrggbb" mixed with white: 0 → the colour, 1 → white. */
function tint(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const [r, g, b] = [mix((n >> 16) & 255), mix((n >> 8) & 255), mix(n & 255)];
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** White or ink, whichever reads better on the colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#111827';
}

function stateLine(code: string | null, name?: string | null): string {
  if (!code) return '';
  let stateName = name ?? null;
  if (!stateName) {
    try {
      stateName = stateByCode(code).name;
    } catch {
      stateName = null;
    }
  }
  return stateName ? `${stateName} (State code ${code})` : `State code ${code}`;
}

function title(model: InvoicePdfModel): string {
  switch (model.kind) {
    case 'TAX_INVOICE':
      return 'Tax Invoice';
    case 'PROFORMA':
      return 'Proforma Invoice';
    case 'CREDIT_NOTE':
      return 'Credit Note';
  }
}

/** The date the document carries (Rule 46 "date of issue"). */
export function documentDate(model: InvoicePdfModel): string {
  return model.kind === 'TAX_INVOICE' ? (model.invoiceDate ?? model.issueDate) : model.issueDate;
}

/** Label/value pairs as a borderless two-column table. */
function pairs(rows: [string, Content][], labelWidth = 92): Content {
  return {
    table: {
      widths: [labelWidth, '*'],
      body: rows.map(([label, value]) => [
        { text: label, color: MUTED },
        typeof value === 'string' ? { text: value, bold: true } : value,
      ]),
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: () => 0,
      paddingRight: () => 4,
      paddingTop: () => 1.5,
      paddingBottom: () => 1.5,
    },
  };
}

function sectionLabel(text: string, color: string): Content {
  return {
    text: text.toUpperCase(),
    fontSize: 7,
    bold: true,
    color,
    characterSpacing: 0.6,
    margin: [0, 0, 0, 4],
  };
}

/** An address as the profile keeps it: its own line breaks, blank lines and stray spaces dropped. */
function addressLines(address: string): string {
  return address
    .split(/\r?\n/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function header(model: InvoicePdfModel): Content {
  const { brand } = model;
  const onPrimary = textOn(brand.primaryColor);
  const mark: Content = brand.logoPng
    ? {
        image: `data:image/${brand.logoPng[0] === 0x89 ? 'png' : 'jpeg'};base64,${brand.logoPng.toString('base64')}`,
        fit: [120, 40],
        width: 'auto',
      }
    : {
        width: 34,
        table: {
          widths: [26],
          heights: [26],
          body: [
            [
              {
                text: (brand.name.trim()[0] ?? '?').toUpperCase(),
                fontSize: 17,
                bold: true,
                color: onPrimary,
                fillColor: brand.primaryColor,
                alignment: 'center',
              },
            ],
          ],
        },
        layout: {
          hLineWidth: () => 0,
          vLineWidth: () => 0,
          paddingTop: () => 3,
          paddingBottom: () => 0,
        },
      };
  const subtitle =
    model.kind === 'PROFORMA'
      ? 'Not a tax invoice'
      : model.kind === 'TAX_INVOICE'
        ? 'Original for recipient'
        : 'Issued under section 34 of the CGST Act';
  return {
    columns: [
      {
        width: '*',
        columns: [
          mark,
          {
            width: '*',
            stack: [
              { text: brand.name, fontSize: 16, bold: true, color: brand.primaryColor },
              { text: model.supplier.legalName, fontSize: 8, color: MUTED },
            ],
            margin: [8, brand.logoPng ? 4 : 1, 0, 0],
          },
        ],
      },
      {
        width: 'auto',
        stack: [
          {
            text: title(model).toUpperCase(),
            fontSize: 18,
            bold: true,
            color: INK,
            alignment: 'right',
            characterSpacing: 0.8,
          },
          {
            text: subtitle,
            fontSize: 8,
            color: model.kind === 'PROFORMA' ? '#b91c1c' : MUTED,
            bold: model.kind === 'PROFORMA',
            alignment: 'right',
          },
        ],
      },
    ],
  };
}

function band(color: string, accent: string | null): Content {
  return {
    canvas: [
      { type: 'rect', x: 0, y: 0, w: CONTENT_WIDTH, h: 3, color },
      ...(accent ? [{ type: 'rect', x: 0, y: 3, w: 90, h: 3, color: accent }] : []),
    ],
    margin: [0, 8, 0, 10],
  };
}

function supplierBlock(model: InvoicePdfModel, color: string): Content {
  const s = model.supplier;
  const rows: [string, Content][] = [['GSTIN', s.gstin ?? 'Not registered']];
  rows.push(['State', stateLine(s.stateCode, s.stateName)]);
  if (s.lutNumber && model.document.supply.taxSystem === 'ZERO_RATED')
    rows.push(['LUT', s.lutNumber]);
  return {
    stack: [
      sectionLabel('Supplier', color),
      { text: s.legalName, bold: true, fontSize: 10 },
      { text: addressLines(s.address), color: INK, margin: [0, 1, 0, 3] },
      pairs(rows, 40),
    ],
  };
}

function recipientBlock(model: InvoicePdfModel, color: string): Content {
  const r = model.recipient;
  const foreign = r.country.toUpperCase() !== 'IN';
  const rows: [string, Content][] = [];
  if (r.gstin) rows.push(['GSTIN', r.gstin]);
  else if (!foreign) rows.push(['GSTIN', 'Unregistered']);
  if (foreign)
    rows.push([
      'Country',
      `${r.countryName ?? countryName(r.country)} (${r.country.toUpperCase()})`,
    ]);
  else {
    // The GSTIN's state is the registered recipient's state (place of supply), whatever the profile says.
    const code = r.gstin ? r.gstin.slice(0, 2) : r.stateCode;
    rows.push(['State', code ? stateLine(code, r.gstin ? null : r.stateName) : 'Not given']);
  }
  if (r.sez) rows.push(['SEZ', 'Unit or developer in a Special Economic Zone']);
  return {
    stack: [
      sectionLabel(model.kind === 'CREDIT_NOTE' ? 'Recipient' : 'Bill to', color),
      { text: r.name, bold: true, fontSize: 10 },
      { text: addressLines(r.address), color: INK, margin: [0, 1, 0, 3] },
      pairs(rows, 40),
    ],
  };
}

/** The document's particulars as a strip of label-over-value cells under the parties. */
function detailsStrip(model: InvoicePdfModel, color: string): Content {
  const { supply } = model.document;
  const cells: [string, string][] = [];
  const date = formatDate(documentDate(model));
  switch (model.kind) {
    case 'TAX_INVOICE':
      cells.push(['Invoice no.', model.number ?? ''], ['Invoice date', date]);
      break;
    case 'PROFORMA':
      cells.push(['Proforma date', date]);
      if (model.paymentReference) cells.push(['Reference', model.paymentReference]);
      break;
    case 'CREDIT_NOTE': {
      const ref = model.reference ?? model.document.reference!;
      cells.push(
        ['Credit note no.', model.number ?? ''],
        ['Credit note date', date],
        ['Against invoice', ref.invoiceNumber],
        ['Invoice date', formatDate(ref.invoiceDate)],
      );
      break;
    }
  }
  cells.push(
    ['Place of supply', `${supply.placeOfSupplyName} (${supply.placeOfSupply})`],
    ['Reverse charge', 'No'],
    ['Supply', SUPPLY_LABEL[supply.supplyType]],
  );
  if (model.statusLabel) cells.push(['Status', model.statusLabel]);
  // One row up to six cells, else two; each column as wide as its longest text needs.
  const perRow = cells.length <= 6 ? cells.length : Math.ceil(cells.length / 2);
  const rows: ([string, string] | null)[][] = [];
  for (let i = 0; i < cells.length; i += perRow) {
    const row: ([string, string] | null)[] = cells.slice(i, i + perRow);
    while (row.length < perRow) row.push(null);
    rows.push(row);
  }
  const weight = (c: [string, string] | null) =>
    c ? Math.max(c[0].length * 0.85, c[1].length) + 3 : 0;
  const weights = rows[0]!.map((_, col) => Math.max(...rows.map((r) => weight(r[col]!))));
  const total = weights.reduce((a, b) => a + b, 0);
  const available = CONTENT_WIDTH - perRow * 12 - (perRow + 1) * 0.6;
  return {
    table: {
      // The last column takes what rounding left, so the strip ends flush with the page.
      widths: weights.map((w, i) =>
        i === weights.length - 1 ? '*' : Math.floor((available * w) / total),
      ),
      body: rows.map((row) =>
        row.map((c) =>
          c
            ? {
                stack: [
                  {
                    text: c[0].toUpperCase(),
                    fontSize: 6.5,
                    bold: true,
                    color,
                    characterSpacing: 0.4,
                  },
                  { text: c[1], bold: true, fontSize: 9, margin: [0, 2, 0, 0] },
                ],
              }
            : { text: '' },
        ),
      ),
    },
    layout: {
      hLineWidth: () => 0.6,
      vLineWidth: () => 0.6,
      hLineColor: () => RULE,
      vLineColor: () => RULE,
      fillColor: () => tint(color, 0.95),
      paddingLeft: () => 6,
      paddingRight: () => 6,
      paddingTop: () => 5,
      paddingBottom: () => 5,
    },
    margin: [0, -0.6, 0, 10],
  };
}

function parties(model: InvoicePdfModel, color: string): Content {
  return {
    table: {
      widths: ['*', '*'],
      body: [[supplierBlock(model, color), recipientBlock(model, color)]],
    },
    layout: {
      hLineWidth: () => 0.6,
      vLineWidth: () => 0.6,
      hLineColor: () => RULE,
      vLineColor: () => RULE,
      paddingLeft: () => 8,
      paddingRight: () => 8,
      paddingTop: () => 7,
      paddingBottom: () => 7,
    },
  };
}

/** The same rate on every line for a head → "9%"; mixed rates → null (each line shows its own). */
function uniformRate(document: CalculatedDocument, head: HeadName): string | null {
  const rates = new Set(document.lines.map((l) => l.taxes[head].rate));
  return rates.size === 1 ? [...rates][0]! : null;
}

function lineTable(model: InvoicePdfModel): Content {
  const { document } = model;
  const heads = headsShown(document);
  const withDiscount = document.lines.some((l) => !isZeroAmount(l.discount));
  const fill = model.brand.primaryColor;
  const onFill = textOn(fill);
  const th = (text: string, extra: Cell = {}): Cell => ({
    text,
    bold: true,
    fontSize: 7.5,
    color: onFill,
    fillColor: fill,
    alignment: 'right',
    ...extra,
  });
  const span2 = { rowSpan: 2, margin: [0, 5, 0, 0] };
  const top: Cell[] = [
    th('#', { ...span2, alignment: 'center' }),
    th('Description', { ...span2, alignment: 'left' }),
    th('SAC', { ...span2, alignment: 'center' }),
    th('Qty', span2),
    th('Unit price', span2),
    ...(withDiscount ? [th('Discount', span2)] : []),
    th('Taxable value', span2),
  ];
  const second: Cell[] = top.map(() => ({}));
  for (const h of heads) {
    top.push(th(HEAD_LABEL[h], { colSpan: 2, alignment: 'center' }), {});
    second.push(
      th('Rate', { fillColor: tint(fill, 0.15) }),
      th('Amount', { fillColor: tint(fill, 0.15) }),
    );
  }
  top.push(th('Total', span2));
  second.push({});

  const body: Cell[][] = [top, second];
  document.lines.forEach((l: CalculatedLine, i) => {
    const row: Cell[] = [
      { text: String(l.lineNo), alignment: 'center', color: MUTED },
      description(l.description),
      { text: l.sac, alignment: 'center' },
      { text: formatQuantity(l.quantity), alignment: 'right' },
      { text: formatUnitPrice(l.unitPrice), alignment: 'right' },
      ...(withDiscount ? [{ text: formatAmount(l.discount), alignment: 'right' }] : []),
      { text: formatAmount(l.taxableValue), alignment: 'right' },
    ];
    for (const h of heads) {
      row.push(
        { text: formatRate(l.taxes[h].rate), alignment: 'right', color: MUTED },
        { text: formatAmount(l.taxes[h].amount), alignment: 'right' },
      );
    }
    row.push({ text: formatAmount(l.total), alignment: 'right', bold: true });
    if (i % 2 === 1) for (const c of row) c.fillColor = '#f9fafb';
    body.push(row);
  });

  const t = document.totals;
  const totalRow: Cell[] = [
    { text: 'Total', colSpan: 5, bold: true, alignment: 'right' },
    {},
    {},
    {},
    {},
  ];
  if (withDiscount)
    totalRow.splice(5, 0, { text: formatAmount(t.discount), bold: true, alignment: 'right' });
  totalRow.push({ text: formatAmount(t.taxableValue), bold: true, alignment: 'right' });
  for (const h of heads)
    totalRow.push({ text: '' }, { text: formatAmount(t[h]), bold: true, alignment: 'right' });
  // Before round-off: taxable value + tax; the round-off and grand total follow in the summary.
  const beforeRound = inr(new D(t.taxableValue).plus(t.tax));
  totalRow.push({ text: formatAmount(beforeRound), bold: true, alignment: 'right' });
  // Spanned-over placeholders ({}) must stay empty objects for pdfmake.
  for (const c of totalRow) if (Object.keys(c).length > 0) c.fillColor = tint(fill, 0.9);
  body.push(totalRow);

  const widths: (number | string)[] = [12, '*', 32, 20, 46];
  if (withDiscount) widths.push(40);
  widths.push(50);
  for (const _h of heads) widths.push(22, heads.length > 1 ? 42 : 50);
  widths.push(52);

  return {
    table: { headerRows: 2, dontBreakRows: true, widths, body },
    layout: {
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
        i === 0 || i === 2 || i >= node.table.body.length - 1 ? 0.8 : 0.4,
      vLineWidth: () => 0,
      hLineColor: (i: number) => (i <= 2 ? fill : RULE),
      paddingLeft: () => 3,
      paddingRight: () => 3,
      paddingTop: () => 3.5,
      paddingBottom: () => 3.5,
    },
    fontSize: 8,
    margin: [0, 0, 0, 8],
  };
}

/** "VPS Pro (monthly) — web1.example.com": the item, and below it what it is for, muted. */
function description(text: string): Cell {
  const at = text.indexOf(' — ');
  if (at < 0) return { text };
  return {
    stack: [{ text: text.slice(0, at) }, { text: text.slice(at + 3), color: MUTED, fontSize: 7 }],
  };
}

function summaryTable(model: InvoicePdfModel): Content {
  const { document } = model;
  const t = document.totals;
  const color = model.brand.primaryColor;
  const rows: Cell[][] = [];
  const row = (label: string, value: string, extra: Cell = {}) =>
    rows.push([
      { text: label, color: MUTED, ...extra },
      { text: value, alignment: 'right', ...extra },
    ]);
  if (!isZeroAmount(t.discount)) {
    row('Gross amount', formatAmount(t.amount));
    row('Less: discount', formatAmount(t.discount));
  }
  row('Taxable value', formatAmount(t.taxableValue));
  for (const h of headsShown(document)) {
    const rate = uniformRate(document, h);
    const label = rate === null ? HEAD_LABEL[h] : `${HEAD_LABEL[h]} @ ${formatRate(rate)}`;
    row(label, formatAmount(t[h]));
  }
  if (!isZeroAmount(t.roundOff)) row('Round-off', formatSigned(t.roundOff));
  const onColor = textOn(color);
  rows.push([
    { text: 'Grand total', bold: true, color: onColor, fillColor: color, fontSize: 10 },
    {
      text: formatRupees(t.total),
      bold: true,
      color: onColor,
      fillColor: color,
      fontSize: 11,
      alignment: 'right',
    },
  ]);
  const { paid, due } = paidAndDue(model);
  // A cancelled document asks for nothing; a credit note is not paid.
  if (
    model.kind !== 'CREDIT_NOTE' &&
    !model.cancelled &&
    (model.payments?.length || !isZeroAmount(paid) || model.kind === 'PROFORMA')
  ) {
    row('Amount paid', formatRupees(paid));
    rows.push([
      { text: 'Amount due', bold: true },
      {
        text: formatRupees(due),
        bold: true,
        alignment: 'right',
        color: isZeroAmount(due) ? INK : '#b91c1c',
      },
    ]);
  }
  return {
    table: { widths: ['*', 'auto'], body: rows },
    layout: {
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
        i > 0 && i < node.table.body.length ? 0.4 : 0,
      vLineWidth: () => 0,
      hLineColor: () => RULE,
      paddingLeft: () => 6,
      paddingRight: () => 6,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
  };
}

/** What was paid and what is left, as given by the read model or from the payments. */
export function paidAndDue(model: InvoicePdfModel): { paid: string; due: string } {
  const paid = model.amountPaid ?? inr(sum((model.payments ?? []).map((p) => new D(p.amount))));
  const left = new D(model.document.totals.total).minus(paid);
  const due = model.amountDue ?? inr(left.isNegative() ? ZERO : left);
  return { paid, due };
}

function wordsAndNotes(model: InvoicePdfModel): Content {
  const { document } = model;
  const stack: Content[] = [
    sectionLabel('Amount in words', model.brand.primaryColor),
    { text: document.amountInWords, bold: true, margin: [0, 0, 0, 8] },
  ];
  if (document.supply.legend) {
    stack.push({
      table: {
        widths: ['*'],
        body: [[{ text: document.supply.legend, bold: true, fontSize: 8, alignment: 'center' }]],
      },
      layout: {
        hLineWidth: () => 0.8,
        vLineWidth: () => 0.8,
        hLineColor: () => INK,
        vLineColor: () => INK,
        paddingTop: () => 4,
        paddingBottom: () => 4,
      },
      margin: [0, 0, 0, 8],
    });
  }
  if (model.kind === 'CREDIT_NOTE') {
    stack.push(sectionLabel('Reason', model.brand.primaryColor), {
      text: model.reason ?? '',
      margin: [0, 0, 0, 8],
    });
  }
  if (model.kind === 'PROFORMA') {
    stack.push({
      text: 'This proforma is a request for payment, not a tax invoice. The tax invoice is issued, with its number, when the payment is received.',
      color: MUTED,
      fontSize: 7.5,
      margin: [0, 0, 0, 6],
    });
  }
  return { stack };
}

function sacSummary(model: InvoicePdfModel): Content {
  const { document } = model;
  const heads = headsShown(document);
  const fill = tint(model.brand.primaryColor, 0.85);
  const th = (text: string, alignment = 'right'): Cell => ({
    text,
    bold: true,
    fontSize: 7.5,
    fillColor: fill,
    alignment,
  });
  const body: Cell[][] = [
    [
      th('SAC', 'left'),
      th('GST rate'),
      th('Taxable value'),
      ...heads.map((h) => th(HEAD_LABEL[h])),
      th('Total tax'),
    ],
  ];
  for (const r of summarizeBySac([document])) {
    const [sac, rate] = r.key.split('@') as [string, string];
    const sample = document.lines.find((l) => l.sac === sac && l.gstRate === rate)!;
    body.push([
      { text: sac },
      { text: formatRate(rate), alignment: 'right' },
      { text: formatAmount(r.taxableValue), alignment: 'right' },
      ...heads.map((h) => ({
        text: `${formatAmount(r[h])} (${formatRate(sample.taxes[h].rate)})`,
        alignment: 'right',
      })),
      { text: formatAmount(r.tax), alignment: 'right' },
    ]);
  }
  return {
    stack: [
      sectionLabel('SAC summary', model.brand.primaryColor),
      {
        table: { widths: [60, 44, '*', ...heads.map(() => '*'), '*'], body },
        layout: lightLayout,
        fontSize: 8,
      },
    ],
    margin: [0, 0, 0, 8],
  };
}

const lightLayout = {
  hLineWidth: () => 0.4,
  vLineWidth: () => 0,
  hLineColor: () => RULE,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 2.5,
  paddingBottom: () => 2.5,
};

function paymentsTable(model: InvoicePdfModel): Content | null {
  const payments = model.payments ?? [];
  if (payments.length === 0) return null;
  const fill = tint(model.brand.primaryColor, 0.85);
  const th = (text: string, alignment = 'left'): Cell => ({
    text,
    bold: true,
    fontSize: 7.5,
    fillColor: fill,
    alignment,
  });
  return {
    stack: [
      sectionLabel('Payments received', model.brand.primaryColor),
      {
        table: {
          widths: [70, 90, '*', 80],
          body: [
            [th('Date'), th('Method'), th('Reference'), th('Amount', 'right')],
            ...payments.map((p) => [
              { text: formatDate(p.date) },
              { text: p.method },
              { text: p.reference ?? '—' },
              { text: formatRupees(p.amount), alignment: 'right' },
            ]),
          ],
        },
        layout: lightLayout,
        fontSize: 8,
      },
    ],
    margin: [0, 0, 0, 8],
  };
}

function bankBlock(model: InvoicePdfModel): Content | null {
  const { bank } = model;
  if (model.kind !== 'PROFORMA' || model.cancelled || !bank || isZeroAmount(paidAndDue(model).due))
    return null;
  const rows: [string, Content][] = [
    ['Account name', bank.accountName],
    ['Bank', bank.bankName],
    ['Account no.', bank.accountNumber],
    ['IFSC', bank.ifsc],
  ];
  if (bank.branch) rows.push(['Branch', bank.branch]);
  if (bank.upiId) rows.push(['UPI', bank.upiId]);
  if (model.paymentReference) rows.push(['Quote reference', model.paymentReference]);
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              sectionLabel(
                `Pay ${formatRupees(paidAndDue(model).due)} by bank transfer`,
                model.brand.primaryColor,
              ),
              pairs(rows, 80),
            ],
            fillColor: tint(model.brand.primaryColor, 0.94),
          },
        ],
      ],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: () => 8,
      paddingRight: () => 8,
      paddingTop: () => 7,
      paddingBottom: () => 7,
    },
  };
}

function signature(model: InvoicePdfModel): Content {
  return {
    stack: [
      { text: `For ${model.supplier.legalName}`, bold: true, alignment: 'right' },
      {
        canvas: [{ type: 'line', x1: 60, y1: 0, x2: 200, y2: 0, lineWidth: 0.6, lineColor: MUTED }],
        margin: [0, 34, 0, 3],
        alignment: 'right',
      },
      { text: 'Authorised Signatory', alignment: 'right', color: MUTED },
    ],
    unbreakable: true,
  };
}

/** The pdfmake definition for the model (checked by `checkInvoicePdfModel` first). */
export function invoiceDocDefinition(model: InvoicePdfModel): object {
  const color = model.brand.primaryColor;
  const accent = model.brand.accentColor ?? null;
  const docNo = model.number ?? 'proforma';
  const payments = paymentsTable(model);
  const bank = bankBlock(model);
  const date = documentDate(model);

  const content: Content[] = [
    header(model),
    band(color, accent),
    parties(model, color),
    detailsStrip(model, color),
    {
      text: 'Amounts in Indian rupees (₹)',
      fontSize: 7,
      color: MUTED,
      alignment: 'right',
      margin: [0, 0, 0, 2],
    },
    lineTable(model),
    {
      columns: [
        { width: '*', stack: [wordsAndNotes(model)] },
        { width: 210, stack: [summaryTable(model)] },
      ],
      columnGap: 16,
      margin: [0, 0, 0, 10],
      unbreakable: true,
    },
    sacSummary(model),
  ];
  if (payments) content.push(payments);
  content.push({
    columns: [
      { width: '*', stack: bank ? [bank] : [] },
      { width: 220, stack: [signature(model)] },
    ],
    columnGap: 16,
    margin: [0, 6, 0, 0],
    unbreakable: true,
  });

  return {
    pageSize: 'A4',
    pageMargins: [PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, 44],
    info: {
      title: `${title(model)} ${model.number ?? ''}`.trim(),
      author: model.supplier.legalName,
      subject: `${title(model)} ${docNo} for ${model.recipient.name}`,
      creator: model.brand.name,
      producer: 'pdfmake',
      // Fixed from the document's date (midnight in India): same model, same bytes.
      creationDate: new Date(`${date}T00:00:00+05:30`),
    },
    defaultStyle: { font: 'DejaVu', fontSize: 8.5, color: INK, lineHeight: 1.15 },
    ...(model.cancelled
      ? { watermark: { text: 'CANCELLED', color: '#b91c1c', opacity: 0.12, bold: true } }
      : {}),
    // From page 2 on, the document it belongs to (the table head repeats by itself).
    header: (currentPage: number) =>
      currentPage === 1
        ? null
        : {
            columns: [
              {
                text: `${title(model)}${model.number ? ` ${model.number}` : ''} · ${formatDate(date)}`,
                bold: true,
              },
              { text: `${model.recipient.name} · continued`, alignment: 'right' },
            ],
            fontSize: 7.5,
            color: MUTED,
            margin: [PAGE_MARGIN, 16, PAGE_MARGIN, 0],
          },
    footer: (currentPage: number, pageCount: number) => ({
      columns: [
        { text: 'This is a computer-generated document.', color: MUTED },
        {
          text: `${title(model)}${model.number ? ` ${model.number}` : ''} · Page ${currentPage} of ${pageCount}`,
          alignment: 'right',
          color: MUTED,
        },
      ],
      fontSize: 7,
      margin: [PAGE_MARGIN, 14, PAGE_MARGIN, 0],
    }),
    content,
  };
}
