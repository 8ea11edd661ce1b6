import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module at `moduleUrl`, with `workerData`. From conform's build the module
 * is plain JavaScript; from the TypeScript sources (a stale build, the tests) the thread imports it
 * through tsx, whose loader a thread's own entry does not get from `--import`.
 */
export function startModuleThread(moduleUrl: string, workerData: unknown): Worker {
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(moduleUrl), { workerData });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const shim = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(moduleUrl)}, ${JSON.stringify(moduleUrl)}))`;
  return new Worker(shim, { eval: true, workerData });
}
