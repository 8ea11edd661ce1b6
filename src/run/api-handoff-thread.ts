// The thread of `handOverApisAside` (api-handoff.ts): loads the documents and answers with the hand-over.
import { parentPort, workerData } from 'node:worker_threads';
import { handOverApis, type HandoverRequest } from './api-handoff.ts';

const { sourceSets, dir, cache } = workerData as HandoverRequest;
parentPort?.postMessage(await handOverApis(sourceSets, dir, cache));
