/**
 * conform's CPU per checked request against raw undici's for the very same requests:
 * `npx tsx bench/cpu-per-request.ts [api] [pipelines] [passes]` (defaults glance 10 4). Each pass is
 * one of benchmark 1's (`measuredPass`: the contract pipeline at max-examples 100, then its requests
 * replayed raw), with the CPU of both sides. CPU per request moves less with a shared machine's load
 * than requests per second do, so before/after comparisons of the hot path use this; later passes
 * are the steady state (the first pays the JIT's warm-up).
 *
 * With /proc it also reads the reference server's CPU per request under each client, how many cores
 * each side kept busy (client + server CPU over wall time), and conform's budget: the CPU per checked
 * request at which conform, keeping as many cores busy as the raw replay did, would reach 0.8 of the
 * raw rate, `(raw client + server under raw) / 0.8 - server under conform`. When the raw replay
 * already keeps every core busy, no concurrency inside conform beats that budget; only a cheaper
 * request does.
 */
import { rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measuredPass } from './support/measured-pass.ts';
import { benchScriptArgs, startBenchTarget } from './support/bench-target.ts';

const {
  api,
  numbers: [pipelines, passes],
} = benchScriptArgs([10, 4]);
const { model, server } = await startBenchTarget(api);
const outDir = join(tmpdir(), `conform-bench-cpu-${process.pid}`);
try {
  for (let pass = 1; pass <= passes; pass += 1) {
    const result = await measuredPass({ api, model, origin: server.url, seed: 7, maxExamples: 100, pipelines, outDir }, server.pid);
    const perRequestUs = (cpuMs: number): number => (cpuMs * 1000) / result.requests;
    const serverNote = (cpuMs: number | undefined): string => (cpuMs === undefined ? '' : ` (server ${perRequestUs(cpuMs).toFixed(0)})`);
    process.stdout.write(
      `${api} pass ${pass}, ${pipelines} in flight: ${result.requests} requests | conform ${((result.requests / result.conformMs) * 1000).toFixed(0)}/s, ` +
        `CPU ${perRequestUs(result.conformCpuMs).toFixed(0)} µs/request${serverNote(result.server?.conformCpuMs)} | raw ${((result.requests / result.rawMs) * 1000).toFixed(0)}/s, ` +
        `CPU ${perRequestUs(result.rawCpuMs).toFixed(0)} µs/request${serverNote(result.server?.rawCpuMs)} | ratio ${(result.rawMs / result.conformMs).toFixed(2)}\n`,
    );
    if (result.server) {
      const busy = (clientCpuMs: number, serverCpuMs: number, wallMs: number): string => ((clientCpuMs + serverCpuMs) / wallMs).toFixed(2);
      const budgetUs = (perRequestUs(result.rawCpuMs) + perRequestUs(result.server.rawCpuMs)) / 0.8 - perRequestUs(result.server.conformCpuMs);
      process.stdout.write(
        `  cores busy: conform ${busy(result.conformCpuMs, result.server.conformCpuMs, result.conformMs)}, raw ${busy(result.rawCpuMs, result.server.rawCpuMs, result.rawMs)} of ${availableParallelism()} | ` +
          `0.8 on the cores raw kept busy needs conform at ≤ ${budgetUs.toFixed(0)} µs/request\n`,
      );
    }
  }
} finally {
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
