import { afterAll, describe, expect, it } from 'vitest';
import { checkCatalogue } from '../src/checks/catalogue.ts';
import { listFaults, startReferenceServer } from '../src/reference/index.ts';
import { REFERENCE_API_NAMES, type ReferenceApiName } from '../src/reference/apis.ts';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import { ContractRun } from '../src/run/contract-run.ts';
import type { RunSettings } from '../src/run/run-settings.ts';
import { SuiteRuntime } from '../src/run/suite-runtime.ts';
import { loadApi } from '../src/openapi/load-api.ts';

const CHECK_IDS = new Set<string>(checkCatalogue.map((check) => check.id));
const table: string[] = [];

/** Runs every contract check over every operation; resolves to the checks that failed and the requests sent. */
/** The budget max_response_time gets; the slow fault stalls for longer by construction. */
const RESPONSE_TIME_BUDGET_MS = 1_000;

async function contractVerdict(api: ReferenceApiName, faults: readonly string[]): Promise<{ failed: Set<string>; requests: number; messages: string[] }> {
  // A short quota window: the documented 100/min would otherwise throttle a run of a few hundred requests.
  const server = await startReferenceServer({ api, faults, seedData: 2, rateWindowMs: 1 });
  const config = BUILTIN_APIS[api];
  // Each request of a slow fault costs its stall: a handful of requests prove the budget check.
  const isSlowFault = faults.some((fault) => fault.startsWith('max_response_time/'));
  const settings: RunSettings = {
    api,
    sources: [config.spec],
    target: `${server.url}${config.basePath}`,
    ownsTarget: true,
    principals: config.defaultPrincipals,
    seed: 1234,
    maxExamples: isSlowFault ? 2 : 25,
    include: isSlowFault ? ['GET'] : [],
    exclude: [],
    // max_response_time is judged only where its fault is on: on a clean server its verdict would hang on the machine's load.
    checks: [...CHECK_IDS].filter((id) => id !== 'max_response_time' || faults.some((fault) => fault.startsWith('max_response_time/'))),
    maxResponseTimeMs: RESPONSE_TIME_BUDGET_MS,
    requestTimeoutMs: 5_000,
    maxResponseBytes: 1024 * 1024,
    rateLimitProbe: false,
  };
  const runtime = SuiteRuntime.forSettings(settings, `faults-${api}`);
  try {
    const run = new ContractRun(await loadApi(settings.sources), runtime, { ...config.contractOptions, shrinkBudget: 5 });
    const failed = new Set<string>();
    const messages: string[] = [];
    for (const operation of run.operations) {
      for (const outcome of await run.explore(operation)) {
        if (outcome.status !== 'failed') continue;
        failed.add(outcome.checkId);
        messages.push(...outcome.findings.map((observed) => `${outcome.checkId}: ${observed.finding.message}`));
      }
    }
    await run.cleanup();
    return { failed, requests: runtime.requests, messages };
  } finally {
    await runtime.close();
    await server.close();
  }
}

describe.each(REFERENCE_API_NAMES)('contract checks against the %s reference server', (api) => {
  it('should report nothing when no fault is switched on', async () => {
    const { messages } = await contractVerdict(api, []);
    // positive_data_acceptance is opt-in because vendors' documents under-constrain what servers validate.
    expect(messages.filter((message) => !message.startsWith('positive_data_acceptance'))).toEqual([]);
  });

  const faults = listFaults(api).filter((fault) => CHECK_IDS.has(fault.caughtBy));
  it.each(faults.map((fault) => [fault.id, fault.caughtBy] as const))('should catch %s with %s', async (faultId, checkId) => {
    const { failed, requests } = await contractVerdict(api, [faultId]);
    table.push(`${api.padEnd(6)} ${faultId.padEnd(64)} ${failed.has(checkId) ? 'caught' : 'MISSED'} (${requests} requests)`);
    expect([...failed]).toContain(checkId);
  });
});

afterAll(() => {
  process.stdout.write(`\nfault → caught by its check\n${table.join('\n')}\n`);
});
