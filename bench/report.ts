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
}

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
