import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import { limitSuiteWorkerHeaps } from './suite-node-options.ts';
import { StreamingAllureReporter } from '../report/allure/streaming-reporter.ts';
import type { TestCase, TestModule, TestSuite } from 'vitest/node';
import { CHECK_ERROR_NAME, describeError } from '../errors.ts';
import { createVitest } from 'vitest/node';
import { RUN_SETTINGS_KEY, type ProvidedRunSettings } from '../run/run-settings.ts';
import { HANDED_APIS_KEY, type HandedApis } from '../run/api-handoff.ts';
import { builtSourcesExternal, builtSourcesPlugin, runningBuild } from './built-sources.ts';


/** vitest's own default place for its module cache, in conform's node_modules. */
export const MODULE_CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.experimental-vitest-cache');

/**
 * vitest keeps the suite files as vite transformed them (keyed by their text, vitest's version and
 * the plugins), so a later run does not transform them again on the main thread while the workers wait
 * for them: ~0.3 s of that thread's CPU at the start of `npm start`. Only where the folder can be
 * written: vitest fails the whole run when it cannot write there (a read-only install), while a run
 * without the cache is only slower.
 */
function moduleCache(dir: string): { fsModuleCache: boolean; fsModuleCachePath?: string } {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { fsModuleCache: true, fsModuleCachePath: dir };
  } catch {
    return { fsModuleCache: false };
  }
}

/** What the user sees while a run goes on: one line per finished test. */
export interface RunProgress {
  testFinished(name: string, state: TestState, note?: string): void;
}

/** A finished test as the user sees it: `error` is a check conform could not conclude. */
export type TestState = 'passed' | 'failed' | 'skipped' | 'error';

export interface VitestRunRequest {
  /** The settings of each API whose suites run, by API name. */
  readonly settings: ProvidedRunSettings;
  /**
   * Models loaded for the run, which the workers use instead of loading the documents (api-handoff.ts);
   * they may still be loading while vitest and its workers start, and a worker waits for the ones it needs.
   */
  readonly handedApis?: HandedApis;
  /** Absolute paths of the suite files to run. */
  readonly suiteFiles: readonly string[];
  /** Where allure-vitest writes its results; absent = no Allure. */
  readonly allureResultsDir?: string;
  /** `i/n`: vitest's own file-level shard (`conform run --shard` splits by operation instead, see run/shard.ts). */
  readonly shard?: string;
  /** Test files run in parallel: 1 when files share a target, more when each has its own. */
  readonly workers: number;
  readonly progress?: RunProgress;
  /** Aborting cancels the run: tests not started are skipped, the running ones finish and clean up. */
  readonly signal?: AbortSignal;
  /** Where vitest keeps the suite files' transforms between runs ({@link MODULE_CACHE_DIR} by default). */
  readonly moduleCacheDir?: string;
}

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** Tests that threw a CheckError: checks conform could not conclude. */
  errored: number;
  /** Errors outside tests (a suite file that failed to load, a crashed worker), one line each. */
  readonly errors: string[];
  /** When the file's last test ended (ms since the epoch). */
  finishedAt?: number;
}

export interface VitestRunResult {
  /** Counts per suite file (absolute path), for every file of the request. */
  readonly byFile: ReadonlyMap<string, Readonly<TestCounts>>;
  /** Errors no file can be blamed for (a crashed worker, an unhandled rejection). */
  readonly errors: readonly string[];
}

function fullName(testCase: TestCase): string {
  const parts: string[] = [];
  let parent: TestCase['parent'] | undefined = testCase.parent;
  while (parent && parent.type === 'suite') {
    parts.unshift(parent.name);
    parent = parent.parent;
  }
  return [...parts, testCase.name].join(' > ');
}

/**
 * Runs suite files through vitest's Node API with the run's settings provided to every worker.
 * vitest is the engine: the same files run under plain `npx vitest`, with the suites' defaults.
 */
export async function runSuitesWithVitest(request: VitestRunRequest): Promise<VitestRunResult> {
  const byFile = new Map<string, TestCounts>(request.suiteFiles.map((file) => [file, { passed: 0, failed: 0, skipped: 0, errored: 0, errors: [] }]));
  const countsOf = (file: string): TestCounts => {
    let counts = byFile.get(file);
    if (!counts) byFile.set(file, (counts = { passed: 0, failed: 0, skipped: 0, errored: 0, errors: [] }));
    return counts;
  };
  const errors: string[] = [];
  const progressReporter = {
    onTestCaseResult(testCase: TestCase): void {
      const result = testCase.result();
      const state: TestState =
        result.state === 'passed' ? 'passed' : result.state === 'failed' ? (result.errors[0]?.name === CHECK_ERROR_NAME ? 'error' : 'failed') : 'skipped';
      const counts = countsOf(testCase.module.moduleId);
      if (state === 'error') counts.errored += 1;
      else counts[state] += 1;
      const note =
        result.state === 'skipped' ? result.note : result.state === 'failed' ? result.errors[0]?.message.split('\n', 1)[0] : undefined;
      request.progress?.testFinished(fullName(testCase), state, note);
    },
    // A hook that threw (a suite's set-up) leaves its tests unrun: that is an error of the run, never a quiet skip.
    onTestSuiteResult(testSuite: TestSuite): void {
      for (const error of testSuite.errors()) countsOf(testSuite.module.moduleId).errors.push(`${testSuite.fullName}: ${describeError(error)}`);
    },
    onTestModuleEnd(module: TestModule): void {
      countsOf(module.moduleId).finishedAt = Date.now();
      for (const error of module.errors()) countsOf(module.moduleId).errors.push(`${module.moduleId}: ${describeError(error)}`);
    },
  };
  const reporters: unknown[] = [progressReporter];
  if (request.allureResultsDir) {
    reporters.push(new StreamingAllureReporter({ resultsDir: request.allureResultsDir, reportMatchers: false }));
  }
  const build = runningBuild(import.meta.url, PACKAGE_ROOT);
  limitSuiteWorkerHeaps();
  const signalsBefore = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  const vitest = await createVitest(
    'test',
    {
      watch: false,
      config: false,
      root: PACKAGE_ROOT,
      include: request.suiteFiles.map((file) => file.replace(`${PACKAGE_ROOT}/`, '')),
      provide: { [RUN_SETTINGS_KEY]: request.settings, ...(request.handedApis ? { [HANDED_APIS_KEY]: request.handedApis } : {}) },
      reporters: reporters as never,
      // Threads, not processes: a thread starts without booting Node and talks to vitest over a
      // MessagePort, ~1 s less CPU for three workers; it also never sees a terminal's SIGINT, which
      // this process turns into a cancelled run that still deletes what it created.
      pool: 'threads',
      // A worker runs several suite files; importing conform and the documents' arbitraries once per
      // worker rather than once per file saves ~1 s a file. The suites keep no state across files.
      isolate: false,
      maxWorkers: Math.max(1, request.workers),
      fileParallelism: request.workers > 1,
      testTimeout: 30 * 60_000,
      hookTimeout: 30 * 60_000,
      passWithNoTests: true,
      experimental: moduleCache(request.moduleCacheDir ?? MODULE_CACHE_DIR),
      ...(request.shard ? { shard: request.shard } : {}),
      ...(build ? { server: { deps: { external: [builtSourcesExternal(build.buildDir)] } } } : {}),
    },
    build ? { plugins: [builtSourcesPlugin(build.srcDir, build.buildDir)] } : {},
    {},
  );
  // vitest's logger exits the process on SIGINT/SIGTERM; conform's caller owns interrupts (it must
  // delete what the run created first), so those listeners go. vitest's own close still restores the terminal.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) if (!signalsBefore.has(listener)) process.off(signal, listener);
  }
  // An interrupt that came while vitest was starting has already fired: no suite starts at all.
  if (request.signal?.aborted) {
    await vitest.close();
    return { byFile, errors };
  }
  const cancel = (): void => void vitest.cancelCurrentRun('keyboard-input');
  request.signal?.addEventListener('abort', cancel, { once: true });
  try {
    await vitest.start([...request.suiteFiles]);
  } finally {
    request.signal?.removeEventListener('abort', cancel);
  }
  const unhandled = vitest.state.getUnhandledErrors();
  for (const error of unhandled) errors.push(error instanceof Error ? error.message.split('\n', 1)[0] ?? '' : String(error));
  await vitest.close();
  return { byFile, errors };
}
