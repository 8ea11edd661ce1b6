/**
 * The child process of benchmark 3: explores the contract pipeline in rounds until `requests` have
 * been sent (4 pipelines at a time, each its own event log and seed), reduces the logs to
 * summary.json, junit.xml and exchanges.har, and prints one JSON line with its peak RSS.
 * `node --import tsx bench/memory-child.ts <api> <requests> <outDir>`
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../src/reference/types.ts';
import { loadApi } from '../src/spec/load-api.ts';
import { explorePipeline, reduceLogs } from './support/pipeline.ts';
import { startReferenceProcess } from './support/reference-process.ts';

const PIPELINES_AT_ONCE = 4;
const MAX_EXAMPLES = 50;

const api = (process.argv[2] ?? 'glance') as ReferenceApiName;
const wanted = Number.parseInt(process.argv[3] ?? '10000', 10);
const outDir = process.argv[4] ?? '/tmp/conform-bench-memory';
const eventsDir = join(outDir, '.events');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(eventsDir, { recursive: true });
const model = await loadApi([BUILTIN_APIS[api].spec]);
const server = await startReferenceProcess(api);
try {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  let requests = 0;
  let index = 0;
  // Bounded: every round sends requests, so the loop ends once `wanted` is reached.
  while (requests < wanted) {
    const counts = await Promise.all(
      Array.from({ length: PIPELINES_AT_ONCE }, () => explorePipeline({ api, model, origin: server.url, seed: 1000, maxExamples: MAX_EXAMPLES }, (index += 1), eventsDir)),
    );
    const sent = counts.reduce((sum, count) => sum + count, 0);
    if (sent === 0) throw new Error('a round sent no request');
    requests += sent;
  }
  const exploredRssKb = process.resourceUsage().maxRSS;
  const exploredMs = performance.now() - started;
  const summary = await reduceLogs({ api, origin: server.url, seed: 1000, outDir }, eventsDir, startedAt, exploredMs);
  process.stdout.write(
    `${JSON.stringify({ api, requests, harRequests: summary.stats.requests, exploredMs: Math.round(exploredMs), totalMs: Math.round(performance.now() - started), exploredRssKb, peakRssKb: process.resourceUsage().maxRSS })}\n`,
  );
} finally {
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
