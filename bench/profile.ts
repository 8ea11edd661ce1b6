/**
 * A large contract run to profile: `node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/profile.ts [api] [maxExamples] [pipelines] [repetitions]`,
 * then `npx tsx bench/summarize-profile.ts DIR/*.cpuprofile`. The reference server runs in its own
 * process, so the profile holds conform's side only.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../src/reference/types.ts';
import { loadApi } from '../src/spec/load-api.ts';
import { runPipeline } from './support/pipeline.ts';
import { startReferenceProcess } from './support/reference-process.ts';

const api = (process.argv[2] ?? 'glance') as ReferenceApiName;
const maxExamples = Number.parseInt(process.argv[3] ?? '100', 10);
const pipelines = Number.parseInt(process.argv[4] ?? '1', 10);
const repetitions = Number.parseInt(process.argv[5] ?? '1', 10);
const model = await loadApi([BUILTIN_APIS[api].spec]);
const server = await startReferenceProcess(api);
try {
  // The first pass pays the JIT warm-up; later ones show the steady state.
  for (let repetition = 0; repetition < repetitions; repetition += 1) {
    const result = await runPipeline({ api, model, origin: server.url, seed: 7, maxExamples, pipelines, outDir: join(tmpdir(), `conform-bench-profile-${process.pid}`) });
    const perSecond = (result.requests / result.elapsedMs) * 1000;
    const cpuPerRequestUs = (result.cpuMs * 1000) / result.requests;
    process.stdout.write(`${api}: ${result.requests} requests in ${(result.elapsedMs / 1000).toFixed(2)} s = ${perSecond.toFixed(0)} req/s, conform CPU ${cpuPerRequestUs.toFixed(0)} µs/request\n`);
  }
} finally {
  await server.close();
}
