import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHandedModel, encodeHandedModel } from '../../run/handed-model-file.ts';
import { loadApi } from '../../openapi/load-api.ts';
import { serializeModel } from '../../openapi/portable-model.ts';
import { loadApiCached } from './load-api-cached.ts';

const doc = (title: string, paths: string[]): string =>
  JSON.stringify({ openapi: '3.0.3', info: { title, version: '1' }, paths: Object.fromEntries(paths.map((path) => [path, { get: { responses: { '200': { description: 'ok' } } } }])) });

describe('loadApiCached', () => {
  it('should read back the model of the same texts, and load an edited document afresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-cached-'));
    const cache = { dir: join(dir, 'cache'), stamp: 'build-1' };
    const source = join(dir, 'api.json');
    writeFileSync(source, doc('First', ['/a']));
    const first = await loadApiCached([source], {}, cache);
    expect(first.title).toBe('First');
    const [entry] = readdirSync(cache.dir);
    expect(entry).toMatch(/\.model$/);

    // Forge the kept entry (same key and fingerprint, another model): a second call that returns it read the cache.
    const kept = decodeHandedModel(readFileSync(join(cache.dir, entry ?? '')));
    const other = serializeModel(await loadApi([join(dir, 'other.json')].map((path) => (writeFileSync(path, doc('Forged', ['/x', '/y'])), path))));
    if (!kept || !other) throw new Error('could not build the forged entry');
    writeFileSync(join(cache.dir, entry ?? ''), encodeHandedModel({ fingerprint: kept.fingerprint, bytes: other }));
    const second = await loadApiCached([source], {}, cache);
    expect(second.title).toBe('Forged');

    // An edit changes the content hash: loaded again, never the stale model.
    writeFileSync(source, doc('Edited', ['/a', '/b']));
    const edited = await loadApiCached([source], {}, cache);
    expect([edited.title, edited.operations.length]).toEqual(['Edited', 2]);
    // --strict always loads, so its errors are the loader's own.
    expect((await loadApiCached([source], { strict: true }, cache)).title).toBe('Edited');
  });
});
