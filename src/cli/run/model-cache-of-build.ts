import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { runningBuild } from '../../vitest/built-sources.ts';
import type { ModelCache } from '../../run/model-cache.ts';

/**
 * Where models loaded by earlier commands of this build are kept (model-cache.ts), beside vitest's own
 * caches; none when conform runs from its TypeScript sources, which have no build to name the loader.
 */
export function modelCacheOfBuild(): ModelCache | undefined {
  if (!runningBuild(import.meta.url, PACKAGE_ROOT)) return undefined;
  try {
    return { dir: join(PACKAGE_ROOT, 'node_modules', '.cache', 'conform-models'), stamp: readFileSync(join(PACKAGE_ROOT, 'build', 'BUILT'), 'utf8') };
  } catch {
    return undefined;
  }
}
