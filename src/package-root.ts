import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findPackageRoot(start: string): string {
  let directory = start;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) return join(start, '..');
    directory = parent;
  }
  return directory;
}

/**
 * The folder of conform's `package.json`, where `specs/` and `suites/` live. Found by walking up rather
 * than by a fixed `../..`, because the CLI runs from `src/` (through tsx) or from its build in `build/src/`.
 */
export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);
