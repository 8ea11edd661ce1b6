/**
 * Where the time of one request goes at 1 in flight, conform against raw undici sending the same
 * requests: from a response's end to the next request's write (work that delays the next request),
 * from the write to the response's headers (the round trip, longer when conform's own work is still
 * running when the response arrives), and everything else per request (set-up, cleanup, reports).
 * `npx tsx bench/critical-path.ts [api] [passes]`. Timestamps come from undici's diagnostics channels.
 */
import { subscribe } from 'node:diagnostics_channel';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CapturedRequest } from './support/replay-plan.ts';
import { WARM_UP_PASSES } from './support/measured-pass.ts';
import { median } from './support/options.ts';
import { runPipeline } from './support/pipeline.ts';
import { replayCaptured } from './support/raw-replay.ts';
import { benchScriptArgs, startBenchTarget } from './support/bench-target.ts';

type Mark = 'written' | 'headers' | 'end';
let marks: [Mark, number][] = [];
subscribe('undici:client:sendHeaders', () => marks.push(['written', performance.now()]));
subscribe('undici:request:headers', () => marks.push(['headers', performance.now()]));
subscribe('undici:request:trailers', () => marks.push(['end', performance.now()]));

interface Split {
  readonly perRequestUs: number;
  readonly endToWriteUs: number;
  readonly writeToHeadersUs: number;
  readonly otherUs: number;
}

function split(elapsedMs: number): Split {
  let endToWrite = 0;
  let writeToHeaders = 0;
  let requests = 0;
  let gaps = 0;
  let lastEnd: number | undefined;
  let lastWrite: number | undefined;
  for (const [mark, at] of marks) {
    if (mark === 'written') {
      if (lastEnd !== undefined) {
        endToWrite += at - lastEnd;
        gaps += 1;
      }
      lastWrite = at;
      requests += 1;
    } else if (mark === 'headers' && lastWrite !== undefined) {
      writeToHeaders += at - lastWrite;
    } else if (mark === 'end') {
      lastEnd = at;
    }
  }
  const perRequestUs = (elapsedMs * 1000) / requests;
  const endToWriteUs = (endToWrite * 1000) / Math.max(gaps, 1);
  const writeToHeadersUs = (writeToHeaders * 1000) / requests;
  return { perRequestUs, endToWriteUs, writeToHeadersUs, otherUs: perRequestUs - endToWriteUs - writeToHeadersUs };
}

const {
  api,
  numbers: [passes],
} = benchScriptArgs([5]);
const { model, server } = await startBenchTarget(api);
const conform: Split[] = [];
const raw: Split[] = [];
try {
  // The first passes warm both sides up (the JIT, as in benchmark 1) and are not counted.
  for (let pass = 1 - WARM_UP_PASSES; pass <= passes; pass += 1) {
    const capture: CapturedRequest[] = [];
    marks = [];
    const result = await runPipeline({ api, model, origin: server.url, seed: 100 + pass, maxExamples: 25, pipelines: 1, outDir: join(tmpdir(), `conform-bench-critical-${process.pid}`), capture });
    if (pass > 0) conform.push(split(result.elapsedMs));
    marks = [];
    const rawMs = await replayCaptured(capture, 1);
    if (pass > 0) raw.push(split(rawMs));
  }
} finally {
  await server.close();
}
const row = (label: string, splits: readonly Split[]): string => {
  const m = (key: keyof Split): string => median(splits.map((item) => item[key])).toFixed(0).padStart(8);
  return `${label.padEnd(8)} ${m('perRequestUs')} ${m('endToWriteUs')} ${m('writeToHeadersUs')} ${m('otherUs')}`;
};
process.stdout.write(`${api}, 1 in flight, max-examples 25, median of ${passes} passes (µs per request)\n`);
process.stdout.write('side      request  end→write  write→headers  other\n');
process.stdout.write(`${row('conform', conform)}\n${row('raw', raw)}\n`);
