import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.ts';
import { builtSourcesExternal, builtSourcesPlugin, runningBuild } from './built-sources.ts';
import type { runSuitesWithVitest } from './vitest-driver.ts';

const srcDir = join(PACKAGE_ROOT, 'src');
const buildDir = join(PACKAGE_ROOT, 'build', 'src');
const suite = join(PACKAGE_ROOT, 'suites', 'img', 'contract.test.ts');

describe('builtSourcesPlugin', () => {
  const plugin = builtSourcesPlugin(srcDir, buildDir);

  it('resolves a suite\'s import of a conform source to its build', () => {
    expect(existsSync(join(buildDir, 'run', 'suite-api.js')), 'run `npm run build` first').toBe(true);
    expect(plugin.resolveId('../../src/run/suite-api.ts', suite)).toBe(join(buildDir, 'run', 'suite-api.js'));
    expect(plugin.resolveId('./suite-api.ts', join(srcDir, 'run', 'x.ts'))).toBe(join(buildDir, 'run', 'suite-api.js'));
  });

  it('leaves everything else to vite', () => {
    expect(plugin.resolveId('./rate-limit-plan.ts', suite)).toBeNull(); // a suite's own module
    expect(plugin.resolveId('vitest', suite)).toBeNull();
    expect(plugin.resolveId('../../src/run/suite-api.js', suite)).toBeNull();
    expect(plugin.resolveId('../../src/run/suite-api.ts', undefined)).toBeNull();
    // Not built (test kits are excluded from the build): stays a source.
    expect(plugin.resolveId('../../src/reference/img/img-test-support.ts', suite)).toBeNull();
  });

  it('marks only the build external', () => {
    const external = builtSourcesExternal(buildDir);
    expect(external.test(join(buildDir, 'run', 'suite-api.js'))).toBe(true);
    expect(external.test(join(srcDir, 'run', 'suite-api.ts'))).toBe(false);
    expect(external.test(`/elsewhere${buildDir}/x.js`)).toBe(false);
  });
});

describe('runningBuild', () => {
  it('tells the build from the sources', () => {
    expect(runningBuild(pathToFileURL(join(buildDir, 'vitest', 'vitest-driver.js')).href, PACKAGE_ROOT)).toEqual({ srcDir, buildDir });
    expect(runningBuild(pathToFileURL(join(srcDir, 'vitest', 'vitest-driver.ts')).href, PACKAGE_ROOT)).toBeUndefined();
  });
});

describe('the vitest driver', () => {
  const fixture = join(PACKAGE_ROOT, 'test', 'fixtures', 'built-sources', 'loads-build.suite.ts');
  const run = async (driver: string): Promise<{ passed: number; failed: number } | undefined> => {
    const { runSuitesWithVitest: runSuites } = (await import(pathToFileURL(driver).href)) as { runSuitesWithVitest: typeof runSuitesWithVitest };
    const result = await runSuites({ settings: {}, suiteFiles: [fixture], workers: 1 });
    return result.byFile.get(fixture);
  };

  it('has workers load conform from the build when it runs from the build', async () => {
    const driver = join(buildDir, 'vitest', 'vitest-driver.js');
    expect(existsSync(driver), 'run `npm run build` first').toBe(true);
    expect(await run(driver)).toMatchObject({ passed: 1, failed: 0 });
  });

  it('has them load the sources when it runs from the sources (the fixture can fail)', async () => {
    expect(await run(join(srcDir, 'vitest', 'vitest-driver.ts'))).toMatchObject({ passed: 0, failed: 1 });
  });
});
