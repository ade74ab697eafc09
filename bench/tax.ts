import { D, type Dec } from '../domain/shared/money.ts';
import {
  calculateDocument,
  determineSupply,
  type DocumentInput,
  type LineInput,
} from '../domain/tax/index.ts';
import type { BenchRow } from './report.ts';

/** How long each round keeps calculating. */
const ROUND_MS = 1000;
const LINES_PER_DOCUMENT = 10;

/**
 * GST engine throughput: document lines calculated per second, on 10-line documents that mix
 * what the engine meets in practice (hourly prices with fractional paise, discounts, a document
 * discount, round-off, CGST + SGST and IGST). The baseline, measured in the same run, is the same
 * number of plain Decimal multiplications taxable × rate: the ratio is the engine's overhead over
 * the one multiplication per line that a naive implementation would do.
 */
export async function benchTax(rounds: number): Promise<BenchRow[]> {
  const documents = sampleDocuments();
  const engine: number[] = [];
  const baseline: number[] = [];
  calculateAll(documents, 200); // warm up the JIT before the first measured round
  for (let r = 0; r < rounds; r++) {
    const { lines, ms } = timeEngine(documents);
    engine.push(Math.round((lines / ms) * 1000));
    baseline.push(Math.round((lines / timeBaseline(lines)) * 1000));
    await new Promise((resolve) => setImmediate(resolve)); // let the event loop breathe between rounds
  }
  return [
    {
      name: `GST engine: document lines calculated (${LINES_PER_DOCUMENT}-line documents)`,
      unit: 'lines/s',
      rounds: engine,
      baseline: { name: 'plain Decimal taxable × rate multiplications', rounds: baseline },
    },
  ];
}

function timeEngine(documents: readonly DocumentInput[]): { lines: number; ms: number } {
  const start = performance.now();
  let lines = 0;
  let ms = 0;
  while (ms < ROUND_MS) {
    lines += calculateAll(documents, documents.length);
    ms = performance.now() - start;
  }
  return { lines, ms };
}

function calculateAll(documents: readonly DocumentInput[], count: number): number {
  let lines = 0;
  for (let i = 0; i < count; i++)
    lines += calculateDocument(documents[i % documents.length]!).lines.length;
  return lines;
}

/** The same count of taxable × rate products, on the same kind of values, with nothing else. */
function timeBaseline(count: number): number {
  const taxables: Dec[] = Array.from({ length: 97 }, (_, i) =>
    new D(String(100_000 + i * 731)).div(100),
  );
  const rate = new D('0.18');
  let sink = new D(0);
  const start = performance.now();
  for (let i = 0; i < count; i++) sink = taxables[i % taxables.length]!.times(rate);
  const ms = performance.now() - start;
  if (sink.isNegative())
    throw new Error('unreachable: keeps the products from being optimized away');
  return ms;
}

/** A fixed set of documents, so every run measures the same work. */
function sampleDocuments(): DocumentInput[] {
  const intra = determineSupply({
    supplierStateCode: '27',
    recipient: { kind: 'registered', gstin: '27AAPFU0939F1ZV' },
  });
  const inter = determineSupply({
    supplierStateCode: '27',
    recipient: { kind: 'registered', gstin: '29AAFCC9980M1ZR' },
  });
  const documents: DocumentInput[] = [];
  for (let d = 0; d < 16; d++) {
    const lines: LineInput[] = Array.from({ length: LINES_PER_DOCUMENT }, (_, i) => ({
      description: `VPS ${i + 1} GB, hourly`,
      sac: i % 3 === 0 ? '997315' : '998315',
      quantity: String(720 + ((d + i) % 25)),
      unitPrice: `0.${String(6849 + d * 13 + i * 7).padStart(4, '0')}`,
      ...(i % 4 === 0 ? { discount: '10.00' } : {}),
    }));
    documents.push({
      supply: d % 2 === 0 ? intra : inter,
      lines,
      prices: d % 3 === 0 ? 'inclusive' : 'exclusive',
      roundOff: 'rupee',
      ...(d % 5 === 0 ? { discount: '25.00' } : {}),
    });
  }
  return documents;
}
