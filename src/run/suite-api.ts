import { loadApi } from '../spec/load-api.ts';
import type { ApiModel } from '../spec/types.ts';

const loaded = new Map<string, Promise<ApiModel>>();

/**
 * The documents of a run, loaded once per worker process: a worker runs several suite files (vitest's
 * `isolate: false`), loading a document costs 0.2–0.5 s of CPU, and every stage treats the model as
 * read-only. Its per-operation caches (arbitraries, compiled schemas) are then shared by those files too.
 */
export function loadSuiteApi(sources: readonly string[]): Promise<ApiModel> {
  const key = JSON.stringify(sources);
  let model = loaded.get(key);
  if (!model) {
    model = loadApi(sources);
    loaded.set(key, model);
    // A failed load is not cached: the next file reports the same error from a fresh attempt.
    model.catch(() => loaded.delete(key));
  }
  return model;
}
