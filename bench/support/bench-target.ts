import { BUILTIN_APIS } from '../../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../../src/reference/apis.ts';
import { loadApi } from '../../src/openapi/load-api.ts';
import type { ApiModel } from '../../src/openapi/types.ts';
import { startReferenceProcess, type ReferenceProcess } from './reference-process.ts';

/** A built-in API as a benchmark drives it: its loaded document and its reference server. */
export interface BenchTarget {
  readonly model: ApiModel;
  readonly server: ReferenceProcess;
}

/** Loads `api`'s document (start-up, never timed) and starts its reference server in a process of its own. */
export async function startBenchTarget(api: ReferenceApiName): Promise<BenchTarget> {
  const model = await loadApi([BUILTIN_APIS[api].spec]);
  const server = await startReferenceProcess(api);
  return { model, server };
}

/**
 * The command line of the small benchmark scripts, `[api] [n ...]`: the API (glance when absent) and
 * the whole numbers after it, each `defaults` entry standing in for a missing one.
 */
export function benchScriptArgs<const Defaults extends readonly number[]>(
  defaults: Defaults,
  argv: readonly string[] = process.argv.slice(2),
): { readonly api: ReferenceApiName; readonly numbers: { -readonly [Index in keyof Defaults]: number } } {
  const numbers = defaults.map((fallback, index) => {
    const given = argv[index + 1];
    return given === undefined ? fallback : Number.parseInt(given, 10);
  });
  return { api: (argv[0] ?? 'glance') as ReferenceApiName, numbers: numbers as { -readonly [Index in keyof Defaults]: number } };
}
