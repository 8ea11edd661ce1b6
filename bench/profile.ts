/**
 * A large contract run to profile: `node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/profile.ts [api] [maxExamples] [pipelines] [repetitions]`,
 * then `npx tsx bench/summarize-profile.ts DIR/*.cpuprofile`. The reference server runs in its own
 * process, so the profile holds conform's side only.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from './support/pipeline.ts';
import { benchScriptArgs, startBenchTarget } from './support/bench-target.ts';

const {
  api,
  numbers: [maxExamples, pipelines, repetitions],
} = benchScriptArgs([100, 1, 1]);
const { model, server } = await startBenchTarget(api);
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
