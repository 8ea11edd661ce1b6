/**
 * The child process of benchmark 3: explores the contract pipeline until about `requests` have been
 * sent, 4 pipelines in flight at a time (each its own runtime, event log and seed; a new one starts
 * when one ends, and none starts once the ones in flight are expected to reach `requests`), reduces
 * the logs to summary.json, junit.xml and exchanges.har, and prints one JSON line: its peak RSS at
 * start-up (modules and document loaded), after sending and with the reports, and where the memory
 * is (heap spaces, external, non-heap) at each of those points.
 * `node [--expose-gc] --import tsx bench/memory-child.ts <api> <requests> <outDir> [--trace]`
 * `--trace` prints a memory snapshot to stderr every 8 pipelines; with `--expose-gc` the child
 * measures the heap left after a full GC once everything is done (what the run retains).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ReferenceApiName } from '../src/reference/apis.ts';
import { collectGarbage, formatSnapshot, memorySnapshot, type MemorySnapshot } from './support/memory-stats.ts';

// Measured before conform's modules load: the dynamic imports below are start-up, not the run.
const bare = memorySnapshot(0);
const { explorePipeline, reduceLogs } = await import('./support/pipeline.ts');
const { startBenchTarget } = await import('./support/bench-target.ts');

const PIPELINES_AT_ONCE = 4;
const MAX_EXAMPLES = 50;
/** Requests one pipeline is assumed to send until the first one has finished (Glance: ~1,220). */
const FIRST_ESTIMATE = 1_000;
const TRACE_EVERY = 8;

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const trace = process.argv.includes('--trace');
const api = (args[0] ?? 'glance') as ReferenceApiName;
const wanted = Number.parseInt(args[1] ?? '10000', 10);
const outDir = args[2] ?? '/tmp/conform-bench-memory';
const eventsDir = join(outDir, '.events');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(eventsDir, { recursive: true });

const note = (label: string, snapshot: MemorySnapshot): MemorySnapshot => {
  if (trace) process.stderr.write(`${formatSnapshot(label, snapshot)}\n`);
  return snapshot;
};
note('bare', bare);
const imported = note('imported', memorySnapshot(0));
const { model, server } = await startBenchTarget(api);
const ready = note('ready', memorySnapshot(0));
try {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const startedAt = new Date().toISOString();
  let requests = 0;
  let pipelines = 0;
  let inFlight = 0;
  let index = 0;
  // Each lane runs pipelines one after another until the ones in flight are expected to reach `wanted`.
  const lane = async (): Promise<void> => {
    for (;;) {
      const perPipeline = pipelines > 0 ? requests / pipelines : FIRST_ESTIMATE;
      if (requests + inFlight * perPipeline >= wanted) return;
      inFlight += 1;
      const sent = await explorePipeline({ api, model, origin: server.url, seed: 1000, maxExamples: MAX_EXAMPLES }, (index += 1), eventsDir);
      inFlight -= 1;
      if (sent === 0) throw new Error('a pipeline sent no request');
      requests += sent;
      pipelines += 1;
      if (pipelines % TRACE_EVERY === 0) note(`pipeline ${pipelines}`, memorySnapshot(requests));
    }
  };
  await Promise.all(Array.from({ length: PIPELINES_AT_ONCE }, lane));
  const cpu = process.cpuUsage(cpuBefore);
  const exploredMs = performance.now() - started;
  const explored = note('explored', memorySnapshot(requests));
  const summary = await reduceLogs({ api, origin: server.url, seed: 1000, outDir }, eventsDir, startedAt, exploredMs);
  const reported = note('reported', memorySnapshot(requests));
  // After every peak was taken: what is still reachable once the run is over (a leak would show here).
  const retainedHeapKb = collectGarbage() ? memorySnapshot(requests).heapUsedKb : undefined;
  process.stdout.write(
    `${JSON.stringify({
      api,
      requests,
      pipelines,
      harRequests: summary.stats.requests,
      exploredMs: Math.round(exploredMs),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      totalMs: Math.round(performance.now() - started),
      importedRssKb: imported.peakRssKb,
      startupRssKb: ready.peakRssKb,
      exploredRssKb: explored.peakRssKb,
      peakRssKb: reported.peakRssKb,
      ...(retainedHeapKb === undefined ? {} : { retainedHeapKb }),
      snapshots: { bare, imported, ready, explored, reported },
    })}\n`,
  );
} finally {
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
