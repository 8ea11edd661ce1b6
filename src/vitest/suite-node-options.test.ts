import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.ts';
import { SUITE_OLD_SPACE_MB, suiteNodeOptions } from './suite-node-options.ts';
import { runSuitesWithVitest } from './vitest-driver.ts';

describe('suiteNodeOptions', () => {
  it('should set the old-space limit when the user has not', () => {
    expect(suiteNodeOptions({}, [])).toEqual([`--max-old-space-size=${SUITE_OLD_SPACE_MB}`]);
  });

  it("should keep the user's own limit, from NODE_OPTIONS or the command line", () => {
    expect(suiteNodeOptions({ NODE_OPTIONS: '--enable-source-maps --max-old-space-size=8192' }, [])).toEqual([]);
    expect(suiteNodeOptions({}, ['--max-old-space-size=512'])).toEqual([]);
  });
});

describe('the suite workers', () => {
  it('are threads with the suite limit', async () => {
    // The fixture asserts the limit inside the worker. (This process's own heap cannot change: V8
    // sizes an isolate's heap when it creates it, so there is nothing to assert about it here.)
    const fixture = join(PACKAGE_ROOT, 'test', 'fixtures', 'suite-heap', 'heap-limit.suite.ts');
    const result = await runSuitesWithVitest({ settings: {}, suiteFiles: [fixture], workers: 1 });
    expect(result.byFile.get(fixture)).toMatchObject({ passed: 1, failed: 0 });
  });
});
