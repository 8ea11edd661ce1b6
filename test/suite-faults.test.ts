import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_APIS, type BuiltinApi } from '../src/cli/builtin-apis.ts';
import { listFaults, startReferenceServer } from '../src/reference/index.ts';
import { REFERENCE_API_NAMES, type ReferenceApiName } from '../src/reference/apis.ts';
import type { RunSettings } from '../src/run/run-settings.ts';
import { runSemanticPlan } from '../src/run/semantic/semantic-plan.ts';
import { SuiteRuntime } from '../src/run/suite-runtime.ts';
import { SUITE_PLANS, type PlanSetup } from '../suites/plans.ts';


/** Each API's definition, with the plans of its non-visibility semantic suites. */
const APIS = Object.fromEntries(Object.entries(BUILTIN_APIS).map(([name, api]) => [name, { ...api, suites: SUITE_PLANS[name as ReferenceApiName] }])) as Record<
  ReferenceApiName,
  BuiltinApi & { readonly suites: Readonly<Record<string, PlanSetup>> }
>;
const table: string[] = [];

/** Runs one suite plan against a fresh reference server; resolves to its findings by suite id and when the first came. */
async function suiteVerdict(api: ReferenceApiName, suiteId: string, faults: readonly string[]) {
  const config = APIS[api];
  const setup = config.suites[suiteId];
  if (!setup) throw new Error(`no plan for ${api} ${suiteId}`);
  const server = await startReferenceServer({ api, faults, ...(setup.rateWindowMs ? { rateWindowMs: setup.rateWindowMs } : {}) });
  const settings: RunSettings = {
    api,
    sources: [config.spec],
    target: `${server.url}${config.basePath}`,
    ownsTarget: true,
    principals: config.defaultPrincipals,
    seed: 1234,
    maxExamples: 10,
    include: [],
    exclude: [],
    checks: [],
    requestTimeoutMs: 5_000,
    maxResponseBytes: 1024 * 1024,
    rateLimitProbe: true,
    // As conform run tells its suites the window of its own probe server.
    ...(setup.rateWindowMs ? { rateLimitWindowMs: setup.rateWindowMs } : {}),
  };
  const runtime = SuiteRuntime.forSettings(settings, `suite-faults-${api}`);
  try {
    const result = await runSemanticPlan(await setup.plan(), runtime);
    const messages: string[] = [];
    const firstAt = new Map<string, number>();
    const skipped: string[] = [];
    for (const outcome of result.outcomes.values()) {
      if (outcome.status === 'skipped') skipped.push(`${outcome.property.checkId}: ${outcome.reason ?? ''}`);
      for (const observed of outcome.findings) messages.push(`${observed.finding.checkId}: ${observed.finding.message}`);
      if (outcome.requestsUntilFirstFinding !== undefined) {
        const id = outcome.property.checkId;
        firstAt.set(id, Math.min(firstAt.get(id) ?? Infinity, outcome.requestsUntilFirstFinding));
      }
    }
    return { messages, firstAt, skipped, leftBehind: result.leftBehind, requests: result.requests };
  } finally {
    await runtime.close();
    await server.close();
  }
}

describe.each(REFERENCE_API_NAMES)('semantic suites against the %s reference server', (api) => {
  const suiteIds = [...new Set(Object.keys(APIS[api].suites))];
  const plans = [...new Set(suiteIds.map((id) => APIS[api].suites[id]?.plan))];

  it.each(plans.map((plan) => [suiteIds.filter((id) => APIS[api].suites[id]?.plan === plan).join(', ')] as const))('should report nothing, skip nothing and leave nothing behind when no fault is on (%s)', async (ids) => {
    const first = ids.split(', ')[0] ?? '';
    const { messages, skipped, leftBehind } = await suiteVerdict(api, first, []);
    expect(messages).toEqual([]);
    expect(skipped.filter((line) => !line.startsWith('list_filters'))).toEqual([]);
    expect(leftBehind).toEqual([]);
  });

  const faults = listFaults(api).filter((fault) => fault.caughtBy in APIS[api].suites);
  it.each(faults.map((fault) => [fault.id, fault.caughtBy] as const))('should catch %s with %s', async (faultId, suiteId) => {
    const { messages, firstAt, leftBehind } = await suiteVerdict(api, suiteId, [faultId]);
    const at = firstAt.get(suiteId);
    table.push(`${api.padEnd(6)} ${faultId.padEnd(52)} ${suiteId.padEnd(20)} ${at === undefined ? 'MISSED' : `${at} requests`}`);
    expect(messages.filter((message) => message.startsWith(`${suiteId}:`)).length, messages.join('\n')).toBeGreaterThan(0);
    expect(leftBehind).toEqual([]);
  });

  // A suite with no defect of its own is proven by the defects it also meets (a fault's alsoCaughtBy).
  const alsoCaught = listFaults(api).flatMap((fault) => (fault.alsoCaughtBy ?? []).filter((suiteId) => suiteId in APIS[api].suites).map((suiteId) => [fault.id, suiteId] as const));
  if (alsoCaught.length > 0) it.each(alsoCaught)('should catch %s with %s too', async (faultId, suiteId) => {
    const { messages, leftBehind } = await suiteVerdict(api, suiteId, [faultId]);
    expect(messages.filter((message) => message.startsWith(`${suiteId}:`)).length, messages.join('\n')).toBeGreaterThan(0);
    expect(leftBehind).toEqual([]);
  });
});

afterAll(() => {
  process.stdout.write(`\nfault → caught by → requests until caught\n${table.join('\n')}\n`);
});
