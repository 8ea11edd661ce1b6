/**
 * Would benchmark 1's 10 pipelines go faster spread over worker threads than in one thread?
 * `npx tsx bench/pipeline-threads.ts [api] [threads] [passes]` (defaults glance 2 6). Each pass explores
 * the same 10 pipelines (max-examples 100, seeds 7..16) twice against one reference server, alternating
 * which goes first: all in this thread, then spread round-robin over `threads` worker threads; reports
 * are left out on both sides, so both do the same work. A conform run whose main thread is the limit
 * gains here only if the machine has cores the reference server and this thread leave idle.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../src/reference/apis.ts';
import { loadApi } from '../src/openapi/load-api.ts';
import { median } from './support/options.ts';
import { explorePipeline } from './support/pipeline.ts';
import { benchScriptArgs, startBenchTarget } from './support/bench-target.ts';

const PIPELINES = 10;
const SEED = 7;
const MAX_EXAMPLES = 100;

interface ThreadData {
  readonly api: ReferenceApiName;
  readonly origin: string;
  readonly eventsDir: string;
  /** The pipelines (0..9) this thread explores. */
  readonly indexes: readonly number[];
}

/** Explores `indexes` at once in this thread; resolves to the requests sent. */
async function explore(data: ThreadData, model: Awaited<ReturnType<typeof loadApi>>): Promise<number> {
  const counts = await Promise.all(data.indexes.map((index) => explorePipeline({ api: data.api, model, origin: data.origin, seed: SEED, maxExamples: MAX_EXAMPLES }, index, data.eventsDir)));
  return counts.reduce((sum, count) => sum + count, 0);
}

if (isMainThread) {
  const {
    api,
    numbers: [threads, passes],
  } = benchScriptArgs([2, 6]);
  const { model, server } = await startBenchTarget(api);
  const eventsDir = join(tmpdir(), `conform-bench-threads-${process.pid}`);
  const all = Array.from({ length: PIPELINES }, (_, index) => index);
  // The worker runs this file; tsx's loader is registered in it first, as `npx tsx` did here.
  const workers = Array.from({ length: threads }, (_, thread) => {
    const data: ThreadData = { api, origin: server.url, eventsDir, indexes: all.filter((index) => index % threads === thread) };
    return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`, { eval: true, workerData: data });
  });
  /** The worker's next message, or its error; the other listener is removed, so passes do not pile them up. */
  const reply = <T>(worker: Worker): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: T): void => {
        worker.off('error', onError);
        resolve(message);
      };
      const onError = (error: Error): void => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.once('message', onMessage).once('error', onError);
    });
  const ask = (worker: Worker): Promise<number> => {
    const answer = reply<number>(worker);
    worker.postMessage('explore');
    return answer;
  };
  const timed = async (work: () => Promise<number>): Promise<number> => {
    rmSync(eventsDir, { recursive: true, force: true });
    mkdirSync(eventsDir, { recursive: true });
    const started = performance.now();
    const requests = await work();
    return (requests / (performance.now() - started)) * 1000;
  };
  try {
    await Promise.all(workers.map((worker) => reply<string>(worker)));
    const oneThread: number[] = [];
    const spread: number[] = [];
    for (let pass = 1; pass <= passes; pass += 1) {
      const inThisThread = (): Promise<number> => timed(() => explore({ api, origin: server.url, eventsDir, indexes: all }, model));
      const inWorkers = (): Promise<number> => timed(async () => (await Promise.all(workers.map(ask))).reduce((sum, count) => sum + count, 0));
      // Alternate the order: the server and the machine drift within a pass.
      let one: number;
      let many: number;
      if (pass % 2 === 1) {
        one = await inThisThread();
        many = await inWorkers();
      } else {
        many = await inWorkers();
        one = await inThisThread();
      }
      oneThread.push(one);
      spread.push(many);
      process.stdout.write(`${api} pass ${pass}: one thread ${one.toFixed(0)} req/s | ${threads} threads ${many.toFixed(0)} req/s\n`);
    }
    // The first two passes pay the JIT's warm-up in every thread.
    const steady = (rates: number[]): string => median(rates.slice(2)).toFixed(0);
    process.stdout.write(`${api} medians of passes 3-${passes}: one thread ${steady(oneThread)} req/s, ${threads} threads ${steady(spread)} req/s\n`);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    await server.close();
    rmSync(eventsDir, { recursive: true, force: true });
  }
} else {
  const data = workerData as ThreadData;
  const model = await loadApi([BUILTIN_APIS[data.api].spec]);
  const port = parentPort;
  if (!port) throw new Error('pipeline-threads: a worker without a parent port');
  // A failed exploration is an unhandled rejection: the worker's 'error' event rejects the pass.
  port.on('message', () => void explore(data, model).then((requests) => port.postMessage(requests)));
  port.postMessage('ready');
}
