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
import type { ReferenceApiName } from '../src/reference/types.ts';
import { childrenCpuMs } from './support/children-cpu.ts';
import { benchOptions, formatCount } from './support/options.ts';
import { harCaptured } from './support/har-requests.ts';
import { replayCaptured, retarget } from './support/raw-replay.ts';
import { startReferenceProcess } from './support/reference-process.ts';

const ROOT = join(import.meta.dirname, '..');
const APIS: readonly ReferenceApiName[] = ['glance', 'prime', 'img'];

/** The figures of one run of the benchmark. */
export interface WallTimeResult {
  readonly maxExamples: number;
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

/** Runs the benchmark and prints its line. */
export async function wallTimeBenchmark(quick: boolean): Promise<WallTimeResult> {
  const maxExamples = quick ? 5 : 25;
  const outDir = join(tmpdir(), `conform-bench-wall-${process.pid}`);
  rmSync(outDir, { recursive: true, force: true });
  process.stdout.write(`\n## 2. Main command wall time (conform run glance prime img, max-examples ${maxExamples}; goal ≤ 3)\n`);
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
  const ratio = wallMs / rawMs;
  const cpu = cpuMs === undefined ? '' : ` (CPU ${(cpuMs / 1000).toFixed(1)} s)`;
  process.stdout.write(`exit ${String(exitCode)}; ${formatCount(requests)} requests; conform run ${(wallMs / 1000).toFixed(1)} s${cpu}; raw undici (1 in flight) ${(rawMs / 1000).toFixed(2)} s; ratio ${ratio.toFixed(1)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  return { maxExamples, exitCode, wallMs, ...(cpuMs === undefined ? {} : { cpuMs }), requests, rawMs, ratio };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = benchOptions();
  const result = await wallTimeBenchmark(options.quick);
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(result, null, 2));
}
