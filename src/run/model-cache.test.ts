import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadApi } from '../openapi/load-api.ts';
import { serializeModel } from '../openapi/portable-model.ts';
import { readSources, sourcesFingerprint } from '../openapi/read-sources.ts';
import { handOverApis, handoverKey, loadHandedApi } from './api-handoff.ts';
import { encodeHandedModel } from './handed-model-file.ts';
import { cachedModel, keepModel, MODEL_CACHE_ENTRIES, type ModelCache } from './model-cache.ts';

const PETS = 'test/fixtures/specs/pets-3.0.yaml';
const STORE = 'test/fixtures/specs/store-2.0.json';

describe('the model cache', () => {
  let root: string;
  let cache: ModelCache;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'conform-model-cache-'));
    cache = { dir: join(root, 'cache'), stamp: 'build of 2026-11-24T11:00:00Z' };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A hand-over of `sources` into a directory of its own, and the model a worker gets from it. */
  async function handOver(sources: string[], withCache: ModelCache): Promise<{ sources: readonly string[] }> {
    const dir = mkdtempSync(join(root, 'handover-'));
    const handed = (await handOverApis([sources], dir, withCache))[handoverKey(sources)];
    if (!handed) throw new Error('nothing handed over');
    return loadHandedApi(sources, handed);
  }

  /** Puts another document's model in the cache under PETS's fingerprint: only a hand-over that used the cache gives it. */
  async function poisonPets(): Promise<void> {
    const fingerprint = sourcesFingerprint(await readSources([PETS]));
    const bytes = serializeModel(await loadApi([STORE])) ?? Buffer.alloc(0);
    await keepModel(cache, fingerprint, encodeHandedModel({ fingerprint, bytes }));
  }

  it('should keep what a hand-over loaded, and hand it over the next time', async () => {
    // Act
    const first = await handOver([PETS], cache);
    await poisonPets();
    const second = await handOver([PETS], cache);
    // Assert
    expect(first.sources).toEqual([PETS]);
    expect(readdirSync(cache.dir).filter((name) => name.endsWith('.model'))).toHaveLength(1);
    expect(second.sources).toEqual([STORE]);
  });

  it('should load again under another build, or when the text changed', async () => {
    // Arrange
    await poisonPets();
    const source = join(root, 'pets.yaml');
    writeFileSync(source, (await readSources([PETS]))[0]?.text ?? '');
    // Act
    const otherBuild = await handOver([PETS], { ...cache, stamp: 'a later build' });
    const otherText = await handOver([source], cache);
    // Assert
    expect(otherBuild.sources).toEqual([PETS]);
    expect(otherText.sources).toEqual([source]);
  });

  it(`should keep at most ${MODEL_CACHE_ENTRIES} models, the newest`, async () => {
    // Act
    const start = Date.now() - 3_600_000;
    for (let index = 0; index < MODEL_CACHE_ENTRIES + 4; index += 1) {
      const before = new Set(readdirSync(root).includes('cache') ? readdirSync(cache.dir) : []);
      await keepModel(cache, `fingerprint ${index}`, Buffer.from(`fingerprint ${index}\nbytes`));
      // Distinct times, oldest first, whatever the file system's resolution.
      const added = readdirSync(cache.dir).find((name) => !before.has(name));
      if (added) utimesSync(join(cache.dir, added), new Date(start + index * 1000), new Date(start + index * 1000));
    }
    // Assert
    expect(readdirSync(cache.dir)).toHaveLength(MODEL_CACHE_ENTRIES);
    expect(await cachedModel(cache, 'fingerprint 0')).toBeUndefined();
    expect((await cachedModel(cache, `fingerprint ${MODEL_CACHE_ENTRIES + 3}`))?.toString()).toBe(`fingerprint ${MODEL_CACHE_ENTRIES + 3}\nbytes`);
  });

  it('should cost only speed when it cannot be written', async () => {
    // Arrange: a file where the cache's folder would be.
    writeFileSync(join(root, 'blocked'), '');
    const blocked = { dir: join(root, 'blocked', 'cache'), stamp: 'x' };
    // Act
    const model = await handOver([PETS], blocked);
    // Assert
    expect(model.sources).toEqual([PETS]);
    await expect(keepModel(blocked, 'fingerprint', Buffer.from('fingerprint\nbytes'))).resolves.toBeUndefined();
  });
});
