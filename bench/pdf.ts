import { createRequire } from 'node:module';
import { renderInvoicePdf } from '../integrations/invoices/pdf.ts';
import { sampleInvoicePdfModel } from '../integrations/invoices/pdf-sample.ts';
import type { BenchRow } from './report.ts';

interface PdfKitDocument {
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'error', listener: (e: Error) => void): void;
  end(): void;
}
type PdfPrinter = new (fonts: Record<string, Record<string, string>>) => {
  createPdfKitDocument(definition: unknown): PdfKitDocument;
};

const require = createRequire(import.meta.url);

/**
 * The baseline: pdfmake, the same library, laying out one line of text in a standard PDF font
 * (Helvetica: nothing to embed or subset). What is left of the ratio is the invoice's own cost:
 * its tables, the embedded ₹-capable font and its subsetting.
 */
function trivialRenderer(): () => Promise<Buffer> {
  const Printer = require('pdfmake') as PdfPrinter;
  const printer = new Printer({
    Helvetica: {
      normal: 'Helvetica',
      bold: 'Helvetica-Bold',
      italics: 'Helvetica-Oblique',
      bolditalics: 'Helvetica-BoldOblique',
    },
  });
  const definition = {
    content: ['Tax invoice INV/26-27/0001: paid in full, thank you.'],
    defaultStyle: { font: 'Helvetica' },
    info: { creationDate: new Date('2026-05-01T00:00:00+05:30') },
  };
  return () =>
    new Promise<Buffer>((resolve, reject) => {
      const doc = printer.createPdfKitDocument(definition);
      const chunks: Buffer[] = [];
      doc.on('data', (c) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    });
}

/** Documents per second rendering `count` of them one after another, and the size of the last. */
async function time(
  render: () => Promise<Buffer>,
  count: number,
): Promise<{ perSecond: number; bytes: number }> {
  const t = performance.now();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const pdf = await render();
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new Error('the renderer did not produce a PDF');
    bytes = pdf.length;
  }
  return { perSecond: (count * 1000) / (performance.now() - t), bytes };
}

/**
 * Invoice PDFs rendered per second: the 4-line tax invoice of issue 11's worked example
 * (integrations/invoices/pdf-sample.ts: VPS Pro, setup fee, cPanel/WHM, Daily Backup; CGST +
 * SGST, SAC summary, amount in words, embedded DejaVu for ₹) rendered `documents` times a round,
 * one after another (rendering is CPU-bound: one core). Beside it, in the same rounds, pdfmake
 * rendering a one-line document in Helvetica.
 */
export async function benchPdf(
  rounds: number,
  documents: number,
  log: (line: string) => void,
): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const model = sampleInvoicePdfModel();
  const invoice = () => renderInvoicePdf(model);
  const trivial = trivialRenderer();
  // Warm up: fonts read and parsed, code compiled.
  await time(invoice, 3);
  await time(trivial, 20);
  const invoiceRate: number[] = [];
  const trivialRate: number[] = [];
  let invoiceBytes = 0;
  let trivialBytes = 0;
  for (let r = 0; r < rounds; r++) {
    const a = await time(invoice, documents);
    const b = await time(trivial, documents);
    invoiceRate.push(a.perSecond);
    trivialRate.push(b.perSecond);
    invoiceBytes = a.bytes;
    trivialBytes = b.bytes;
    log(
      `  round ${r + 1}: tax invoice ${a.perSecond.toFixed(1)} documents/s (${documents} of ${a.bytes.toLocaleString('en-US')} bytes), one-line pdfmake document ${b.perSecond.toFixed(0)} documents/s`,
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    rows: [
      {
        name: `Invoice PDFs rendered (4-line tax invoice, ${documents} a round, one after another)`,
        unit: 'documents/s',
        rounds: invoiceRate,
        baseline: {
          name: 'pdfmake rendering a one-line document in Helvetica',
          rounds: trivialRate,
        },
        details: {
          'invoice PDF bytes': invoiceBytes,
          'one-line PDF bytes': trivialBytes,
          'ms per invoice': 1000 / (invoiceRate.reduce((a, b) => a + b, 0) / rounds),
        },
      },
    ],
    notes: [
      'PDFs: integrations/invoices/pdf.ts renderInvoicePdf on the sample model of pdf-sample.ts, in the bench process itself (one core); rendering is synchronous CPU work, so documents/s is per core.',
    ],
  };
}
