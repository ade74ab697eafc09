/** One measured figure: rounds of a rate, and optionally the baseline measured beside it in the same run. */
export interface BenchRow {
  /** What was measured, e.g. "postgres log appends, 32 writers". */
  name: string;
  unit: string;
  /** One value per round (e.g. ops/s). */
  rounds: number[];
  /** The baseline's name and rounds, measured in the same run. */
  baseline?: { name: string; rounds: number[] };
  /** A target to print beside the ratio, e.g. "≥ 1.5× raw commits". */
  target?: string;
  /**
   * Where the time went, per round or summed (group size, CPU per operation, WAL flushes...):
   * printed under the table, never part of the ratio.
   */
  details?: Record<string, number | string | boolean>;
}

export const mean = (xs: number[]): number =>
  xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** A row with its summary figures, as written to latest.json. */
export interface SummarisedRow extends BenchRow {
  mean: number;
  min: number;
  max: number;
  baselineMean?: number;
  /** mean ÷ baseline mean: above 1 means faster than the baseline. */
  ratio?: number;
}

export function summarise(row: BenchRow): SummarisedRow {
  const out: SummarisedRow = {
    ...row,
    mean: mean(row.rounds),
    min: Math.min(...row.rounds),
    max: Math.max(...row.rounds),
  };
  if (row.baseline && row.baseline.rounds.length > 0) {
    out.baselineMean = mean(row.baseline.rounds);
    if (out.baselineMean > 0) out.ratio = out.mean / out.baselineMean;
  }
  return out;
}

const fmt = (n: number): string =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2);

/** The Markdown table of latest.md: figure, mean, min, max, baseline mean, ratio, target. */
export function markdownTable(rows: SummarisedRow[]): string {
  const lines = [
    '| figure | unit | mean | min | max | baseline | baseline mean | ratio | target |',
    '|---|---|--:|--:|--:|---|--:|--:|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.unit} | ${fmt(r.mean)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.baseline?.name ?? '—'} | ${
        r.baselineMean === undefined ? '—' : fmt(r.baselineMean)
      } | ${r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`} | ${r.target ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/** The details of each row, one bullet per row, for the profile part of latest.md. */
export function detailsList(rows: SummarisedRow[]): string {
  return rows
    .filter((r) => r.details && Object.keys(r.details).length > 0)
    .map(
      (r) =>
        `- **${r.name}**: ${Object.entries(r.details!)
          .map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : String(v)}`)
          .join(', ')}`,
    )
    .join('\n');
}
