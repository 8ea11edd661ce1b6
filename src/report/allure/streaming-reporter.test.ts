import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { runSuitesWithVitest } from '../../vitest/vitest-driver.ts';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'suite-allure');

describe('StreamingAllureReporter (through the vitest driver)', () => {
  let dir = '';
  afterEach(() => {
    delete process.env['CONFORM_TEST_ALLURE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  it("should write a suite file's Allure results when that file ends, while other files still run", async () => {
    // Arrange: two files side by side; one ends at once, the other waits (bounded) for the first one's result on disk.
    dir = mkdtempSync(join(tmpdir(), 'conform-allure-stream-'));
    const resultsDir = join(dir, 'allure-results');
    // Worker threads start with a copy of this process's environment.
    process.env['CONFORM_TEST_ALLURE_DIR'] = resultsDir;
    const files = [join(FIXTURES, 'quick.suite.ts'), join(FIXTURES, 'waits.suite.ts')];
    // Act
    const result = await runSuitesWithVitest({ settings: {}, suiteFiles: files, workers: 2, allureResultsDir: resultsDir });
    // Assert
    expect(result.byFile.get(files[1] ?? '')).toMatchObject({ passed: 1, failed: 0 });
    expect(result.byFile.get(files[0] ?? '')).toMatchObject({ passed: 1, failed: 0 });
    // Each test once: a file written when it ended is not written again at the end of the run.
    expect(readdirSync(resultsDir).filter((name) => name.endsWith('-result.json'))).toHaveLength(2);
  });
});
