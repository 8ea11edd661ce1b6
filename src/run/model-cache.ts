import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeWhole } from './write-whole.ts';

/**
 * Models loaded by earlier runs, kept for the next hand-over (api-handoff.ts): with the same sources
 * and the same build of conform, loading gives the same model, so a hit skips importing the loader
 * (YAML, swagger-parser, Markdown) and parsing the documents, ~0.4 s of CPU at the run's start for the
 * three built-in APIs, on a thread that then competes with the suite workers' own start.
 */
export interface ModelCache {
  readonly dir: string;
  /**
   * Names the code that loads: a new build (any change of conform's sources or dependencies rebuilds
   * it) makes every kept model a miss. Runs from the TypeScript sources keep no cache.
   */
  readonly stamp: string;
}

/** At most this many models are kept; the oldest go first. A document set is a few hundred KB. */
export const MODEL_CACHE_ENTRIES = 16;

function entryFile(cache: ModelCache, fingerprint: string): string {
  return join(cache.dir, `${createHash('sha256').update(`${cache.stamp}\n${fingerprint}`).digest('hex')}.model`);
}

/** The kept hand-over content (see handed-model-file.ts) for sources with this fingerprint, if any. */
export async function cachedModel(cache: ModelCache, fingerprint: string): Promise<Buffer | undefined> {
  try {
    return await readFile(entryFile(cache, fingerprint));
  } catch {
    return undefined;
  }
}

/** Keeps `content` for the next run; a cache that cannot be written only costs that run's speed. */
export async function keepModel(cache: ModelCache, fingerprint: string, content: Buffer): Promise<void> {
  try {
    mkdirSync(cache.dir, { recursive: true });
    await writeWhole(entryFile(cache, fingerprint), content);
    const entries = readdirSync(cache.dir)
      .filter((name) => name.endsWith('.model'))
      .map((name) => ({ path: join(cache.dir, name), at: statSync(join(cache.dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of entries.slice(MODEL_CACHE_ENTRIES)) rmSync(old.path, { force: true });
  } catch {
    // Read-only install, full disk: the next run loads the documents, as without a cache.
  }
}
