import { setFlagsFromString } from 'node:v8';

/**
 * V8's old-space limit for the isolates that run suites (vitest's worker threads, the benchmarks' children), in MiB. Not a cap anyone should meet (a 10 MB
 * document loads with room to spare): it sits just under 2 GiB, where V8's heap-growing factor goes from
 * about 2 to 4. With no limit Node allows 4 GiB on a large machine, and the factor of 4 lets the old space
 * of a long run swell to several times its live size: peak RSS grew 1.47x from 10k to 200k requests with
 * nothing retained, and stays flat (1.05x) with this limit, at the same CPU per request (bench/RESULTS.md).
 */
export const SUITE_OLD_SPACE_MB = 2000;

/** The node flags for a suite process: the limit above, unless the user already chose one. */
export function suiteNodeOptions(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): string[] {
  const chosen = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) => flag.startsWith('--max-old-space-size'));
  return chosen ? [] : [`--max-old-space-size=${SUITE_OLD_SPACE_MB}`];
}

/**
 * Gives the suite workers vitest starts from now on the limit of {@link suiteNodeOptions}. They are
 * threads of this process: a thread's execArgv cannot carry V8 flags, but each new isolate reads V8's
 * flags as they stand when it is created. This process's own heap was sized at its start and keeps its limit.
 */
export function limitSuiteWorkerHeaps(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): void {
  for (const flag of suiteNodeOptions(env, execArgv)) setFlagsFromString(flag);
}
