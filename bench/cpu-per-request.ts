/**
 * conform's CPU per checked request against raw undici's for the very same requests:
 * `npx tsx bench/cpu-per-request.ts [api] [pipelines] [passes]` (defaults glance 10 4). Each pass runs
 * the contract pipeline (max-examples 100) against a reference server in its own process, then replays
 * its requests raw to a fresh one. CPU per request moves less with a shared machine's load than
 * requests per second do, so before/after comparisons of the hot path use this; later passes are the
 * steady state (the first pays the JIT's warm-up).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../src/reference/types.ts';
import { loadApi } from '../src/spec/load-api.ts';
import type { OutgoingRequest } from '../src/transport/exchange.ts';
import { runPipeline } from './support/pipeline.ts';
import { replayRaw, retarget } from './support/raw-replay.ts';
import { startReferenceProcess } from './support/reference-process.ts';

const api = (process.argv[2] ?? 'glance') as ReferenceApiName;
const pipelines = Number.parseInt(process.argv[3] ?? '10', 10);
const passes = Number.parseInt(process.argv[4] ?? '4', 10);
const model = await loadApi([BUILTIN_APIS[api].spec]);
const server = await startReferenceProcess(api);
try {
  for (let pass = 1; pass <= passes; pass += 1) {
    const capture: OutgoingRequest[] = [];
    const result = await runPipeline({ api, model, origin: server.url, seed: 7, maxExamples: 100, pipelines, outDir: join(tmpdir(), `conform-bench-cpu-${process.pid}`), capture });
    const fresh = await startReferenceProcess(api);
    try {
      const requests = retarget(capture, fresh.url);
      const cpuBefore = process.cpuUsage();
      const rawMs = await replayRaw(requests, pipelines);
      const raw = process.cpuUsage(cpuBefore);
      const conformPerSecond = (result.requests / result.elapsedMs) * 1000;
      const rawPerSecond = (requests.length / rawMs) * 1000;
      process.stdout.write(
        `${api} pass ${pass}, ${pipelines} in flight: conform ${result.requests} requests, ${conformPerSecond.toFixed(0)}/s, ` +
          `CPU ${((result.cpuMs * 1000) / result.requests).toFixed(0)} µs/request | raw ${rawPerSecond.toFixed(0)}/s, ` +
          `CPU ${((raw.user + raw.system) / requests.length).toFixed(0)} µs/request | ratio ${(conformPerSecond / rawPerSecond).toFixed(2)}\n`,
      );
    } finally {
      await fresh.close();
    }
  }
} finally {
  await server.close();
}
