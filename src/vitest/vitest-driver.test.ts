import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.ts';
import { MODULE_CACHE_DIR, runSuitesWithVitest } from './vitest-driver.ts';

const MODULE_CACHE = MODULE_CACHE_DIR;

function cachedModulesContaining(text: string): string[] {
  if (!existsSync(MODULE_CACHE)) return [];
  return readdirSync(MODULE_CACHE)
    .map((name) => join(MODULE_CACHE, name))
    .filter((path) => !path.endsWith('.json') && readFileSync(path, 'utf8').includes(text));
}

/** A suite file named by `marker` whose one test holds where the driver runs suites: on worker threads. */
function probeSuite(marker: string): string {
  return `import { isMainThread } from 'node:worker_threads';\nimport { expect, it } from 'vitest';\nit(${JSON.stringify(marker)}, () => {\n  expect(isMainThread).toBe(false);\n});\n`;
}

describe('runSuitesWithVitest', () => {
  // Suite files must sit under conform's folder; this one is written for the test and never committed (*.tmp.*).
  const dir = join(PACKAGE_ROOT, 'test', 'fixtures', 'suite-cache');
  let marker = '';
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const path of cachedModulesContaining(marker)) rmSync(path, { force: true });
  });

  it('should keep the suite files as vite transformed them, for the next run', async () => {
    // Arrange: a suite file no earlier run has seen.
    marker = `cache probe ${randomUUID()}`;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `probe.tmp.${randomUUID()}.suite.ts`);
    writeFileSync(file, probeSuite(marker));
    // Act
    const result = await runSuitesWithVitest({ settings: {}, suiteFiles: [file], workers: 1 });
    // Assert
    expect(result.byFile.get(file)).toMatchObject({ passed: 1, failed: 0 });
    expect(cachedModulesContaining(marker)).toHaveLength(1);
  });

  it('should run without the cache where its folder cannot be written', async () => {
    // Arrange: a file where the cache's folder would be (as root, permissions would not stop a write).
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'not-a-folder'), '');
    const file = join(dir, `probe.tmp.${randomUUID()}.suite.ts`);
    marker = `cache probe ${randomUUID()}`;
    writeFileSync(file, probeSuite(marker));
    // Act
    const result = await runSuitesWithVitest({ settings: {}, suiteFiles: [file], workers: 1, moduleCacheDir: join(dir, 'not-a-folder', 'cache') });
    // Assert
    expect(result.errors).toEqual([]);
    expect(result.byFile.get(file)).toMatchObject({ passed: 1, failed: 0 });
  });
});
