import { inject } from 'vitest';
import type { ApiModel } from '../openapi/types.ts';
import { HANDED_APIS_KEY, handoverKey, loadApiLazily, loadHandedApi, type HandedApis } from './api-handoff.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    [HANDED_APIS_KEY]: HandedApis | undefined;
  }
}

const loaded = new Map<string, Promise<ApiModel>>();

/** The models `conform run` handed this worker; none outside a vitest worker (a benchmark driving a suite plan), where `inject` throws. */
function handedApis(): HandedApis | undefined {
  try {
    return inject(HANDED_APIS_KEY);
  } catch {
    return undefined;
  }
}

/**
 * The documents of a run, once per worker: a worker runs several suite files (vitest's
 * `isolate: false`), loading a document costs 0.2–0.5 s of CPU, and every stage treats the model as
 * read-only. Its per-operation caches (arbitraries, compiled schemas) are then shared by those files too.
 * Under `conform run` with several workers a thread of the main process has loaded them already (api-handoff.ts),
 * and its models are used instead of loading the documents again in every worker.
 */
export function loadSuiteApi(sources: readonly string[]): Promise<ApiModel> {
  const key = handoverKey(sources);
  let model = loaded.get(key);
  if (!model) {
    const handed = handedApis()?.[key];
    model = handed ? loadHandedApi(sources, handed) : loadApiLazily(sources);
    loaded.set(key, model);
    // A failed load is not cached: the next file reports the same error from a fresh attempt.
    model.catch(() => loaded.delete(key));
  }
  return model;
}
