/**
 * Benchmark 2: the main command's wall time (`conform run glance prime img`, every suite, reports and
 * HTML included, process start to exit) over the time plain undici takes to send the same requests
 * (read back from each API's exchanges.har), one at a time, to fresh reference servers. Goal: ≤ 3.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../src/reference/apis.ts';
import { childrenCpuMs } from './support/proc-cpu.ts';
import { benchOptions, formatCount, median } from './support/options.ts';
import { harCaptured } from './support/har-requests.ts';
import { replayCaptured, retarget } from './support/raw-replay.ts';
import { startReferenceProcess } from './support/reference-process.ts';

const ROOT = join(import.meta.dirname, '..');
const APIS: readonly ReferenceApiName[] = ['glance', 'prime', 'img'];

/** One conform run and the raw replay of its requests. */
export interface WallTimeSample {
  readonly exitCode: number | null;
  readonly wallMs: number;
  /**
   * CPU (user + system) of the command's whole process tree, when the platform reports it: steadier
   * than the wall time on a shared machine, and what the wall time is made of on 2 cores (the run is CPU-bound).
   */
  readonly cpuMs?: number;
  readonly requests: number;
  readonly rawMs: number;
  readonly ratio: number;
}

/** The figures of one run of the benchmark: its samples and their medians. */
export interface WallTimeResult {
  readonly maxExamples: number;
  readonly samples: readonly WallTimeSample[];
  readonly wallMs: number;
  readonly rawMs: number;
  /** The median of the samples' ratios (each sample's conform run over its own raw replay). */
  readonly ratio: number;
}

function runMainCommand(outDir: string, maxExamples: number): Promise<{ exitCode: number | null; wallMs: number; cpuMs?: number }> {
  const args = [join(ROOT, 'bin', 'conform.js'), 'run', ...APIS, '--out', outDir, '--seed', '1234', '--max-examples', String(maxExamples), '--quiet'];
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      const wallMs = performance.now() - started;
      const cpuAfter = childrenCpuMs();
      resolve({ exitCode, wallMs, ...(cpuBefore === undefined || cpuAfter === undefined ? {} : { cpuMs: cpuAfter - cpuBefore }) });
    });
  });
}

function ownerCredentials(api: ReferenceApiName): Record<string, string> {
  const principals = BUILTIN_APIS[api].defaultPrincipals as Record<string, { headers?: Record<string, string> }>;
  return principals['owner']?.headers ?? {};
}

/** One conform run, then plain undici sending the same requests (read back from its HAR) to fresh servers. */
async function sample(outDir: string, maxExamples: number): Promise<WallTimeSample> {
  rmSync(outDir, { recursive: true, force: true });
  const { exitCode, wallMs, cpuMs } = await runMainCommand(outDir, maxExamples);
  let requests = 0;
  let rawMs = 0;
  for (const api of APIS) {
    const server = await startReferenceProcess(api);
    try {
      const sent = retarget(harCaptured(join(outDir, api, 'exchanges.har'), ownerCredentials(api)), server.url);
      await replayCaptured(sent.slice(0, 50), 1); // warm-up: connections and JIT
      requests += sent.length;
      rawMs += await replayCaptured(sent, 1);
    } finally {
      await server.close();
    }
  }
  rmSync(outDir, { recursive: true, force: true });
  return { exitCode, wallMs, ...(cpuMs === undefined ? {} : { cpuMs }), requests, rawMs, ratio: wallMs / rawMs };
}

/**
 * Runs the benchmark and prints a line per sample and the medians. Several samples, each a conform run
 * next to its own raw replay: on this shared 2-core machine one run's ratio swings from 2.3 to 4.3.
 */
export async function wallTimeBenchmark(quick: boolean): Promise<WallTimeResult> {
  const maxExamples = quick ? 5 : 25;
  const runs = quick ? 1 : 5;
  const outDir = join(tmpdir(), `conform-bench-wall-${process.pid}`);
  process.stdout.write(`\n## 2. Main command wall time (conform run glance prime img, max-examples ${maxExamples}, ${runs} samples; goal ≤ 3)\n`);
  const samples: WallTimeSample[] = [];
  for (let run = 0; run < runs; run += 1) {
    const taken = await sample(outDir, maxExamples);
    samples.push(taken);
    const cpu = taken.cpuMs === undefined ? '' : ` (CPU ${(taken.cpuMs / 1000).toFixed(1)} s)`;
    process.stdout.write(`exit ${String(taken.exitCode)}; ${formatCount(taken.requests)} requests; conform run ${(taken.wallMs / 1000).toFixed(1)} s${cpu}; raw undici (1 in flight) ${(taken.rawMs / 1000).toFixed(2)} s; ratio ${taken.ratio.toFixed(1)}\n`);
  }
  const result: WallTimeResult = {
    maxExamples,
    samples,
    wallMs: median(samples.map((s) => s.wallMs)),
    rawMs: median(samples.map((s) => s.rawMs)),
    ratio: median(samples.map((s) => s.ratio)),
  };
  const ratios = samples.map((s) => s.ratio.toFixed(1)).join(', ');
  process.stdout.write(`median: conform run ${(result.wallMs / 1000).toFixed(1)} s; raw ${(result.rawMs / 1000).toFixed(2)} s; ratio ${result.ratio.toFixed(1)} (samples ${ratios})\n`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = benchOptions();
  const result = await wallTimeBenchmark(options.quick);
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(result, null, 2));
}
