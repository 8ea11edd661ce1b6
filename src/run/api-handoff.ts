import { readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { startModuleThread } from './module-thread.ts';
import { deserializeModel, serializeModel } from '../spec/portable-model.ts';
import type { SourceText } from '../spec/read-source.ts';
import { readSources, sourcesFingerprint } from '../spec/read-sources.ts';
import type { ApiModel } from '../spec/types.ts';

/** A model `conform run` loaded before vitest started, for its suite workers. */
export interface HandedApi {
  /** {@link sourcesFingerprint} of the texts it was loaded from. */
  readonly fingerprint: string;
  /** The model as `serializeModel` wrote it. */
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
function loader(): Promise<typeof import('../spec/load-api.ts')> {
  return import('../spec/load-api.ts');
}

/** `loadApi`, without importing the loader before it is needed. */
export async function loadApiLazily(sources: readonly string[]): Promise<ApiModel> {
  return (await loader()).loadApi(sources);
}

/**
 * Loads each set of sources once, here, and writes its model into `dir` for the suite workers: each
 * worker would otherwise load every document itself (~1 s of CPU per worker for the three built-in
 * APIs: importing the loader, YAML, meta-schema validation, dereferencing). A set that cannot be read
 * or loaded is left out, so the workers load it and report the problem exactly as without a hand-over.
 */
export async function handOverApis(sourceSets: readonly (readonly string[])[], dir: string): Promise<HandedApis> {
  const handed = new Map<string, HandedApi>();
  for (const sources of sourceSets) {
    const key = handoverKey(sources);
    if (handed.has(key)) continue;
    let texts: SourceText[];
    let model: ApiModel;
    try {
      texts = await readSources(sources);
      model = await (await loader()).loadApiFromTexts(texts);
    } catch {
      continue;
    }
    const bytes = serializeModel(model);
    if (!bytes) continue;
    const file = join(dir, `${handed.size}.model`);
    await writeFile(file, bytes);
    handed.set(key, { fingerprint: sourcesFingerprint(texts), file });
  }
  return Object.fromEntries(handed);
}

/** What {@link handOverApisAside} gives its thread. */
export interface HandoverRequest {
  readonly sourceSets: readonly (readonly string[])[];
  readonly dir: string;
}

/** {@link handOverApis} running on a thread of its own. */
export interface HandoverThread {
  /** The hand-over; empty when the thread failed or was stopped. */
  readonly handed: Promise<HandedApis>;
  /** Ends the thread if it still runs (a run that failed before it needed the models). */
  stop(): Promise<void>;
}

/**
 * {@link handOverApis} on a thread of its own, so that loading the documents (~0.6 s of CPU for the
 * three built-in APIs, plus ~0.2 s importing the loader) overlaps what this thread does meanwhile:
 * starting the targets and vitest. A thread that fails hands nothing over, and the workers load the
 * documents themselves, as without a hand-over.
 */
export function handOverApisAside(sourceSets: readonly (readonly string[])[], dir: string): HandoverThread {
  const request: HandoverRequest = { sourceSets, dir };
  const thread = startModuleThread(new URL(`./api-handoff-thread${extname(import.meta.url)}`, import.meta.url).href, request);
  const handed = new Promise<HandedApis>((resolve) => {
    thread.once('message', (answer: HandedApis) => resolve(answer));
    thread.once('error', () => resolve({}));
    thread.once('exit', () => resolve({}));
  });
  return {
    handed,
    stop: async () => {
      await thread.terminate();
    },
  };
}

/**
 * The model of `sources` in a suite worker: the handed-over one when the sources still read exactly as
 * they did for it (same texts, same model), else loaded here as without a hand-over.
 */
export async function loadHandedApi(sources: readonly string[], handed: HandedApi): Promise<ApiModel> {
  let texts: SourceText[];
  try {
    texts = await readSources(sources);
  } catch {
    // A plain load fails the same way, with the error it has always given.
    return loadApiLazily(sources);
  }
  if (sourcesFingerprint(texts) === handed.fingerprint) {
    try {
      return deserializeModel(await readFile(handed.file));
    } catch {
      // The file is gone or unreadable: loading is only slower.
    }
  }
  return (await loader()).loadApiFromTexts(texts);
}
