/**
 * conform's CPU per checked request against raw undici's for the very same requests:
 * `npx tsx bench/cpu-per-request.ts [api] [pipelines] [passes]` (defaults glance 10 4). Each pass is
 * one of benchmark 1's (`measuredPass`: the contract pipeline at max-examples 100, then its requests
 * replayed raw), with the CPU of both sides. CPU per request moves less with a shared machine's load
 * than requests per second do, so before/after comparisons of the hot path use this; later passes
 * are the steady state (the first pays the JIT's warm-up).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../src/reference/types.ts';
import { loadApi } from '../src/spec/load-api.ts';
import { measuredPass } from './support/measured-pass.ts';
import { startReferenceProcess } from './support/reference-process.ts';

const api = (process.argv[2] ?? 'glance') as ReferenceApiName;
const pipelines = Number.parseInt(process.argv[3] ?? '10', 10);
const passes = Number.parseInt(process.argv[4] ?? '4', 10);
const model = await loadApi([BUILTIN_APIS[api].spec]);
const server = await startReferenceProcess(api);
const outDir = join(tmpdir(), `conform-bench-cpu-${process.pid}`);
try {
  for (let pass = 1; pass <= passes; pass += 1) {
    const result = await measuredPass({ api, model, origin: server.url, seed: 7, maxExamples: 100, pipelines, outDir });
    const perRequestUs = (cpuMs: number): string => ((cpuMs * 1000) / result.requests).toFixed(0);
    process.stdout.write(
      `${api} pass ${pass}, ${pipelines} in flight: ${result.requests} requests | conform ${((result.requests / result.conformMs) * 1000).toFixed(0)}/s, ` +
        `CPU ${perRequestUs(result.conformCpuMs)} µs/request | raw ${((result.requests / result.rawMs) * 1000).toFixed(0)}/s, ` +
        `CPU ${perRequestUs(result.rawCpuMs)} µs/request | ratio ${(result.rawMs / result.conformMs).toFixed(2)}\n`,
    );
  }
} finally {
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
