/** Command-line options every benchmark understands. */
export interface BenchOptions {
  /** Smaller sizes and fewer repetitions: a smoke run of the benchmark, not figures to publish. */
  readonly quick: boolean;
  /** Write the JSON figures here (for `bench/all.ts` to collect). */
  readonly jsonOut?: string;
}

/** Reads `--quick` and `--json FILE` from argv. */
export function benchOptions(argv: readonly string[] = process.argv.slice(2)): BenchOptions {
  const jsonIndex = argv.indexOf('--json');
  const jsonOut = jsonIndex >= 0 ? argv[jsonIndex + 1] : undefined;
  return { quick: argv.includes('--quick'), ...(jsonOut ? { jsonOut } : {}) };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** `12345.6` → `12,346`. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
