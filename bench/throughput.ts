/**
 * Benchmark 1: conform's checked requests/s (generate + send + every default check + event log +
 * summary/JUnit/HAR) over raw undici requests/s, sending the very same requests to the same
 * reference server, at 1 and at 10 requests in flight. Goal: ≥ 0.8 at both.
 *
 * "10 in flight" = 10 independent contract pipelines explored at once (each its own runtime and
 * connections): inside one suite file `conform run --workers N` overlaps only a safe operation's
 * cases, so independent pipelines are what keeps 10 requests in flight throughout.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReferenceApiName } from '../src/reference/apis.ts';
import { benchOptions, formatCount, median } from './support/options.ts';
import { measuredPass, WARM_UP_PASSES, type MeasuredPass } from './support/measured-pass.ts';
import { startBenchTarget } from './support/bench-target.ts';

/** One API at one concurrency: medians over the repetitions. */
export interface ThroughputRow {
  readonly api: ReferenceApiName;
  readonly inFlight: number;
  readonly requests: number;
  readonly conformPerSecond: number;
  readonly rawPerSecond: number;
  readonly ratio: number;
  /** The first pass's ratio, JIT cold on both sides: what a short run pays (benchmark 2 measures whole runs). */
  readonly coldRatio: number;
}

/**
 * Measured requests per API and concurrency, at least: prime's pass at 1 in flight is ~210 requests
 * (~0.2 s), where one slow wake-up of either process moves a pass's ratio by a third, so small passes
 * are repeated until the median rests on this many requests.
 */
const MIN_MEASURED_REQUESTS = 2_000;

const APIS: readonly ReferenceApiName[] = ['glance', 'prime', 'img'];

/** `repetitions` passes at least, more while they add up to fewer than {@link MIN_MEASURED_REQUESTS} (not with `--quick`). */
async function measure(api: ReferenceApiName, inFlight: number, maxExamples: number, repetitions: number, minRequests: number): Promise<ThroughputRow> {
  const { model, server } = await startBenchTarget(api);
  const outDir = join(tmpdir(), `conform-bench-throughput-${process.pid}`);
  try {
    const pass = (seed: number): Promise<MeasuredPass> => measuredPass({ api, model, origin: server.url, seed, maxExamples, pipelines: inFlight, outDir });
    // Warm-up: JIT, connection set-up and the server's own caches, for both sides.
    const cold = await pass(1);
    for (let warmUp = 2; warmUp <= WARM_UP_PASSES; warmUp += 1) await pass(warmUp);
    const passes = [];
    const wanted = Math.max(repetitions, Math.ceil(minRequests / Math.max(cold.requests, 1)));
    for (let repetition = 0; repetition < wanted; repetition += 1) passes.push(await pass(100 + repetition));
    const conformPerSecond = median(passes.map((item) => (item.requests / item.conformMs) * 1000));
    const rawPerSecond = median(passes.map((item) => (item.requests / item.rawMs) * 1000));
    return {
      api,
      inFlight,
      requests: median(passes.map((item) => item.requests)),
      conformPerSecond,
      rawPerSecond,
      ratio: median(passes.map((item) => item.rawMs / item.conformMs)),
      coldRatio: cold.rawMs / cold.conformMs,
    };
  } finally {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Runs the benchmark; prints one line per API and concurrency, and the overall ratio per concurrency. */
export async function throughputBenchmark(quick: boolean): Promise<ThroughputRow[]> {
  const maxExamples = quick ? 10 : 25;
  const repetitions = quick ? 1 : 3;
  const rows: ThroughputRow[] = [];
  process.stdout.write(`\n## 1. Throughput (max-examples ${maxExamples}, ${WARM_UP_PASSES} warm-up passes, median of ${repetitions}+ passes${quick ? '' : ` (≥ ${formatCount(MIN_MEASURED_REQUESTS)} requests)`}; goal ≥ 0.8)\n`);
  process.stdout.write('api     in-flight  requests  conform req/s  raw undici req/s  ratio  cold (1st pass)\n');
  for (const inFlight of [1, 10]) {
    for (const api of APIS) {
      const row = await measure(api, inFlight, maxExamples, repetitions, quick ? 0 : MIN_MEASURED_REQUESTS);
      rows.push(row);
      process.stdout.write(
        `${api.padEnd(7)} ${String(inFlight).padStart(9)}  ${formatCount(row.requests).padStart(8)}  ${formatCount(row.conformPerSecond).padStart(13)}  ${formatCount(row.rawPerSecond).padStart(16)}  ${row.ratio.toFixed(3)}  ${row.coldRatio.toFixed(3).padStart(15)}\n`,
      );
    }
    const mine = rows.filter((row) => row.inFlight === inFlight);
    const requests = mine.reduce((sum, row) => sum + row.requests, 0);
    const conformSeconds = mine.reduce((sum, row) => sum + row.requests / row.conformPerSecond, 0);
    const rawSeconds = mine.reduce((sum, row) => sum + row.requests / row.rawPerSecond, 0);
    process.stdout.write(`${'all'.padEnd(7)} ${String(inFlight).padStart(9)}  ${formatCount(requests).padStart(8)}  ${formatCount(requests / conformSeconds).padStart(13)}  ${formatCount(requests / rawSeconds).padStart(16)}  ${(rawSeconds / conformSeconds).toFixed(3)}\n`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = benchOptions();
  const rows = await throughputBenchmark(options.quick);
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(rows, null, 2));
}
