import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.ts';
import { loadApi } from '../openapi/load-api.ts';
import { serializeModel } from '../openapi/portable-model.ts';
import { readSources, sourcesFingerprint } from '../openapi/read-sources.ts';
import { encodeHandedModel } from './handed-model-file.ts';
import { writeWhole } from './write-whole.ts';
import type { ApiModel } from '../openapi/types.ts';
import { handOverApis, handOverApisAside, handoverKey, loadHandedApi, planHandover } from './api-handoff.ts';

const PETS = 'test/fixtures/specs/pets-3.0.yaml';
const STORE = 'test/fixtures/specs/store-2.0.json';

function dataOf(model: ApiModel): Omit<ApiModel, 'resolveRef'> {
  const { resolveRef: _resolveRef, ...data } = model;
  return data;
}

describe('handOverApis / loadHandedApi', () => {
  let dir: string;
  let scratch: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'conform-handoff-test-'));
    scratch = mkdtempSync(join(tmpdir(), 'conform-handoff-docs-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('should hand over each set of sources once and give back the model a plain load gives', async () => {
    // Act
    const handed = await handOverApis([[PETS], [STORE], [PETS]], dir);
    const pets = handed[handoverKey([PETS])];
    const revived = pets ? await loadHandedApi([PETS], pets) : undefined;
    // Assert
    expect(Object.keys(handed)).toEqual([handoverKey([PETS]), handoverKey([STORE])]);
    expect(readdirSync(dir).sort()).toEqual(['0.model', '1.model', 'done']);
    expect(revived && isDeepStrictEqual(dataOf(revived), dataOf(await loadApi([PETS])))).toBe(true);
  });

  it('should use the handed-over model while the sources read as they did', async () => {
    // Arrange: the file now holds another document's model; only a worker that reads it returns that.
    const handed = await handOverApis([[PETS]], dir);
    const pets = handed[handoverKey([PETS])];
    if (!pets) throw new Error('nothing handed over');
    const fingerprint = sourcesFingerprint(await readSources([PETS]));
    await writeWhole(pets.file, encodeHandedModel({ fingerprint, bytes: serializeModel(await loadApi([STORE])) ?? Buffer.alloc(0) }));
    // Act
    const model = await loadHandedApi([PETS], pets);
    // Assert
    expect(model.sources).toEqual([STORE]);
  });

  it('should load the document again when it changed after the hand-over', async () => {
    // Arrange
    const source = join(scratch, 'pets.yaml');
    copyFileSync(PETS, source);
    const handed = await handOverApis([[source]], dir);
    const entry = handed[handoverKey([source])];
    if (!entry) throw new Error('nothing handed over');
    writeFileSync(source, readFileSync(PETS, 'utf8').replace(/operationId: showPet/, 'operationId: fetchPet'));
    // Act
    const model = await loadHandedApi([source], entry);
    // Assert
    expect(model.operations.map((operation) => operation.id)).toEqual(['listPets', 'fetchPet']);
  });

  it('should load the document when the handed-over file is gone', async () => {
    // Arrange
    const handed = await handOverApis([[PETS]], dir);
    const pets = handed[handoverKey([PETS])];
    if (!pets) throw new Error('nothing handed over');
    rmSync(pets.file);
    // Act
    const model = await loadHandedApi([PETS], pets);
    // Assert
    expect(model.operations.map((operation) => operation.id)).toEqual(['listPets', 'showPet']);
  });

  it('should leave out sources that cannot be loaded, for the workers to report as before', async () => {
    // Act
    const handed = await handOverApis([['test/fixtures/specs/absent.yaml'], ['test/fixtures/specs/not-openapi.yaml'], [PETS]], dir);
    // Assert
    expect(Object.keys(handed)).toEqual([handoverKey([PETS])]);
  });

  it('should fail as a plain load does when a source became unreadable', async () => {
    // Arrange
    const source = join(scratch, 'pets.yaml');
    copyFileSync(PETS, source);
    const handed = await handOverApis([[source]], dir);
    const entry = handed[handoverKey([source])];
    if (!entry) throw new Error('nothing handed over');
    rmSync(source);
    // Act
    const attempt = loadHandedApi([source], entry);
    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'CONFORM_SPEC_UNREADABLE', message: `${source}: no such file` });
  });

  it('should hand over the same on a thread of its own', async () => {
    // Act
    const thread = handOverApisAside([[PETS], [STORE], [PETS]], dir);
    const handed = await thread.handed;
    await thread.stop();
    const pets = handed[handoverKey([PETS])];
    const revived = pets ? await loadHandedApi([PETS], pets) : undefined;
    // Assert
    expect(Object.keys(handed)).toEqual([handoverKey([PETS]), handoverKey([STORE])]);
    expect(readFileSync(pets?.file ?? '')).toEqual(readFileSync((await handOverApis([[PETS]], scratch))[handoverKey([PETS])]?.file ?? ''));
    expect(revived && isDeepStrictEqual(dataOf(revived), dataOf(await loadApi([PETS])))).toBe(true);
  });

  it('should hand over nothing when its thread is stopped first, and a waiting worker loads for itself', async () => {
    // Arrange
    const thread = handOverApisAside([[PETS]], dir);
    const pets = thread.planned[handoverKey([PETS])];
    if (!pets) throw new Error('nothing planned');
    // Act
    const waiting = loadHandedApi([PETS], pets);
    await thread.stop();
    // Assert
    expect(await thread.handed).toEqual({});
    expect((await waiting).operations.map((operation) => operation.id)).toEqual(['listPets', 'showPet']);
    expect(existsSync(join(dir, 'done'))).toBe(true);
  });

  it('should make a worker that asks before the model is written wait for it', async () => {
    // Arrange: the plan is all a worker gets when it starts; the model comes later. The file then holds
    // another document's model under the sources' fingerprint: only a worker that waited and read it returns that.
    const pets = planHandover([[PETS]], dir)[handoverKey([PETS])];
    if (!pets) throw new Error('nothing planned');
    const fingerprint = sourcesFingerprint(await readSources([PETS]));
    const bytes = serializeModel(await loadApi([STORE])) ?? Buffer.alloc(0);
    // Act
    const waiting = loadHandedApi([PETS], pets);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writeWhole(pets.file, encodeHandedModel({ fingerprint, bytes }));
    // Assert
    expect((await waiting).sources).toEqual([STORE]);
  });

  it('should make a worker load for itself when the hand-over ended without its model', async () => {
    // Arrange: the thread could not load this set (handOverApis leaves it out and marks the hand-over done).
    const absent = join(scratch, 'pets.yaml');
    copyFileSync(PETS, absent);
    const planned = planHandover([[absent]], dir)[handoverKey([absent])];
    if (!planned) throw new Error('nothing planned');
    rmSync(absent);
    await handOverApis([[absent]], dir);
    copyFileSync(PETS, absent);
    // Act
    const model = await loadHandedApi([absent], planned);
    // Assert
    expect(existsSync(planned.file)).toBe(false);
    expect(model.operations.map((operation) => operation.id)).toEqual(['listPets', 'showPet']);
  });

  it('should hand over on its thread from the build too, where the thread runs plain JavaScript', async () => {
    // Arrange: conform's build, as `conform run` uses it (bin/conform.js runs the build when it is fresh).
    const built = join(PACKAGE_ROOT, 'build', 'src', 'run', 'api-handoff.js');
    expect(existsSync(built), 'run `npm run build` first').toBe(true);
    const { handOverApisAside: fromBuild } = (await import(pathToFileURL(built).href)) as { handOverApisAside: typeof handOverApisAside };
    // Act
    const thread = fromBuild([[join(PACKAGE_ROOT, PETS)]], dir);
    const handed = await thread.handed;
    await thread.stop();
    // Assert
    expect(Object.keys(handed)).toEqual([handoverKey([join(PACKAGE_ROOT, PETS)])]);
  });
});
