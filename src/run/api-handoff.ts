import { extname, join } from 'node:path';
import { decodeHandedModel, encodeHandedModel, markHandoverDone, readHandedModel } from './handed-model-file.ts';
import { cachedModel, keepModel, type ModelCache } from './model-cache.ts';
import { startModuleThread } from './module-thread.ts';
import { writeWhole } from './write-whole.ts';
import { deserializeModel, serializeModel } from '../openapi/portable-model.ts';
import type { SourceText } from '../openapi/read-source.ts';
import { readSources, sourcesFingerprint } from '../openapi/read-sources.ts';
import type { ApiModel } from '../openapi/types.ts';

/** Where a model `conform run` loads for its suite workers goes (see {@link planHandover}). */
export interface HandedApi {
  /** Written by the loading thread, whole, with the fingerprint of the texts it was loaded from (handed-model-file.ts). */
  readonly file: string;
}

/** The handed-over models, by {@link handoverKey} of their sources. */
export type HandedApis = Readonly<Record<string, HandedApi>>;

/** The key under which `conform run` provides {@link HandedApis} to vitest workers. */
export const HANDED_APIS_KEY = 'conformHandedApis';

/** How a list of sources is named in {@link HandedApis}. */
export function handoverKey(sources: readonly string[]): string {
  return JSON.stringify(sources);
}

/**
 * The loader, imported when a document must really be loaded: it brings YAML, swagger-parser and
 * swagger2openapi (~0.5 s of CPU to import), which a worker whose models are handed over never needs.
 */
function loader(): Promise<typeof import('../openapi/load-api.ts')> {
  return import('../openapi/load-api.ts');
}

/** `loadApi`, without importing the loader before it is needed. */
export async function loadApiLazily(sources: readonly string[]): Promise<ApiModel> {
  return (await loader()).loadApi(sources);
}

/**
 * Where each set of sources will be handed over, known before anything loads: the workers get this
 * when they start and wait for the files they need (handed-model-file.ts).
 */
export function planHandover(sourceSets: readonly (readonly string[])[], dir: string): HandedApis {
  const planned = new Map<string, HandedApi>();
  for (const sources of sourceSets) {
    const key = handoverKey(sources);
    if (!planned.has(key)) planned.set(key, { file: join(dir, `${planned.size}.model`) });
  }
  return Object.fromEntries(planned);
}

/**
 * Loads each set of sources once, here, and writes its model where {@link planHandover} put it for
 * the suite workers: each worker would otherwise load every document itself (~1 s of CPU per worker
 * for the three built-in APIs: importing the loader, YAML, meta-schema validation, dereferencing). A
 * set that cannot be read or loaded is left out, so the workers load it and report the problem exactly
 * as without a hand-over. With a `cache`, a model an earlier run of the same build loaded from the
 * same texts is handed over instead of loading again, and a model loaded here is kept for the next.
 * Resolves to what it wrote, once it has marked the hand-over done.
 */
export async function handOverApis(sourceSets: readonly (readonly string[])[], dir: string, cache?: ModelCache): Promise<HandedApis> {
  const written: Record<string, HandedApi> = {};
  const planned = planHandover(sourceSets, dir);
  // Each distinct set once: one that fails to load is not tried again for a later copy of it.
  const distinct = new Map(sourceSets.map((sources) => [handoverKey(sources), sources]));
  try {
    for (const [key, sources] of distinct) {
      const handed = planned[key];
      if (!handed) continue;
      let texts: SourceText[];
      try {
        texts = await readSources(sources);
      } catch {
        continue;
      }
      const fingerprint = sourcesFingerprint(texts);
      const kept = cache ? await cachedModel(cache, fingerprint) : undefined;
      if (kept && decodeHandedModel(kept)?.fingerprint === fingerprint) {
        await writeWhole(handed.file, kept);
        written[key] = handed;
        continue;
      }
      let model: ApiModel;
      try {
        model = await (await loader()).loadApiFromTexts(texts);
      } catch {
        continue;
      }
      const bytes = serializeModel(model);
      if (!bytes) continue;
      const content = encodeHandedModel({ fingerprint, bytes });
      await writeWhole(handed.file, content);
      if (cache) await keepModel(cache, fingerprint, content);
      written[key] = handed;
    }
  } finally {
    await markHandoverDone(dir);
  }
  return written;
}

/** What {@link handOverApisAside} gives its thread. */
export interface HandoverRequest {
  readonly sourceSets: readonly (readonly string[])[];
  readonly dir: string;
  readonly cache?: ModelCache;
}

/** {@link handOverApis} running on a thread of its own. */
export interface HandoverThread {
  /** Where each model goes, for the workers, who wait for theirs: given at once. */
  readonly planned: HandedApis;
  /** What the thread wrote, once it is over; empty when it failed or was stopped. */
  readonly handed: Promise<HandedApis>;
  /** Ends the thread if it still runs (a run that failed before it needed the models); a worker still waiting then loads for itself. */
  stop(): Promise<void>;
}

/**
 * {@link handOverApis} on a thread of its own, so that loading the documents (~0.6 s of CPU for the
 * three built-in APIs, plus ~0.3 s importing the loader) overlaps what this thread does meanwhile:
 * starting the targets and vitest, whose workers then start without waiting for it. A thread that
 * fails hands nothing over, and the workers load the documents themselves, as without a hand-over.
 */
export function handOverApisAside(sourceSets: readonly (readonly string[])[], dir: string, cache?: ModelCache): HandoverThread {
  const request: HandoverRequest = { sourceSets, dir, ...(cache ? { cache } : {}) };
  const thread = startModuleThread(new URL(`./api-handoff-thread${extname(import.meta.url)}`, import.meta.url).href, request);
  const ended = new Promise<HandedApis>((resolve) => {
    thread.once('message', (answer: HandedApis) => resolve(answer));
    thread.once('error', () => resolve({}));
    thread.once('exit', () => resolve({}));
  });
  // A thread that died or was stopped never marks the hand-over done; the workers must not wait it out.
  const handed = ended.then(async (answer) => {
    await markHandoverDone(dir).catch(() => undefined);
    return answer;
  });
  return {
    planned: planHandover(sourceSets, dir),
    handed,
    stop: async () => {
      await thread.terminate();
      await handed;
    },
  };
}

/**
 * The model of `sources` in a suite worker: the handed-over one, once the loading thread has written
 * it, when the sources still read exactly as they did for it (same texts, same model); else loaded
 * here as without a hand-over.
 */
export async function loadHandedApi(sources: readonly string[], handed: HandedApi): Promise<ApiModel> {
  let texts: SourceText[];
  try {
    texts = await readSources(sources);
  } catch {
    // A plain load fails the same way, with the error it has always given.
    return loadApiLazily(sources);
  }
  const file = await readHandedModel(handed.file);
  if (file && file.fingerprint === sourcesFingerprint(texts)) {
    try {
      return deserializeModel(file.bytes);
    } catch {
      // An unreadable model: loading is only slower.
    }
  }
  return (await loader()).loadApiFromTexts(texts);
}
