import { BUILTIN_APIS } from '../../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../../src/reference/apis.ts';
import type { RunSettings } from '../../src/run/run-settings.ts';

/**
 * Run settings for driving one API's checks or suites directly against a reference server conform
 * started (so its data is conform's to change): the fault proofs' and the detection benchmark's defaults.
 */
export function referenceRunSettings(api: ReferenceApiName, serverUrl: string, overrides: Partial<RunSettings> = {}): RunSettings {
  const builtin = BUILTIN_APIS[api];
  return {
    api,
    sources: [builtin.spec],
    target: `${serverUrl}${builtin.basePath}`,
    ownsTarget: true,
    principals: builtin.defaultPrincipals,
    seed: 1234,
    maxExamples: 25,
    include: [],
    exclude: [],
    checks: [],
    requestTimeoutMs: 5_000,
    maxResponseBytes: 1024 * 1024,
    rateLimitProbe: false,
    ...overrides,
  };
}
