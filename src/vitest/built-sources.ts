import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Where conform's JavaScript build of `src/` sits beside the sources, when the running code is that
 * build (`bin/conform.js` runs it only when it is newer than every source file); undefined when conform
 * runs from its TypeScript sources, where suites must import those sources.
 */
export function runningBuild(moduleUrl: string, packageRoot: string): { readonly srcDir: string; readonly buildDir: string } | undefined {
  const buildDir = join(packageRoot, 'build', 'src');
  return moduleUrl.startsWith('file://') && moduleUrl.includes(`${buildDir}${sep}`) ? { srcDir: join(packageRoot, 'src'), buildDir } : undefined;
}

/** The part of a vite plugin {@link builtSourcesPlugin} uses. */
export interface ResolvingPlugin {
  readonly name: string;
  readonly enforce: 'pre';
  resolveId(source: string, importer: string | undefined): string | null;
}

/**
 * A vite plugin for the suites' vitest: a relative import of a `src/**.ts` file resolves to its build
 * (`build/src/**.js`) when that exists. With the build marked external ({@link builtSourcesExternal}),
 * workers load conform natively instead of having vite transform ~200 TypeScript modules for them in
 * the main process, which also serves the embedded targets: measured on `npm start`, 1.3 s of the main
 * process's CPU, and the first test 1.1–1.7 s sooner. The suite files themselves are still transformed.
 */
export function builtSourcesPlugin(srcDir: string, buildDir: string): ResolvingPlugin {
  return {
    name: 'conform-built-sources',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.ts')) return null;
      const absolute = resolve(dirname(importer), source);
      if (!absolute.startsWith(`${srcDir}${sep}`)) return null;
      const built = join(buildDir, relative(srcDir, absolute)).replace(/\.ts$/, '.js');
      // Test kits are not built: those stay sources (and their own imports come back here).
      return existsSync(built) ? built : null;
    },
  };
}

/** vitest's `server.deps.external` entry that hands the build to Node's own loader. */
export function builtSourcesExternal(buildDir: string): RegExp {
  return new RegExp(`^${`${buildDir}${sep}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`);
}
