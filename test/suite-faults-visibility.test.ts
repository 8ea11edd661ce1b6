import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import { listFaults, startReferenceServer } from '../src/reference/index.ts';
import type { ReferenceApiName } from '../src/reference/apis.ts';
import type { PrincipalsInput } from '../src/principals.ts';
import { VisibilityRun, type VisibilityDefinition, type VisibilityOutcome } from '../src/run/semantic/visibility-run.ts';
import { VISIBILITY_SUITE_IDS, type VisibilitySuiteId } from '../src/checks/suite-catalogue.ts';
import { referenceRunSettings } from './support/reference-settings.ts';
import { SuiteRuntime } from '../src/run/suite-runtime.ts';
import { glanceVisibilityOptions } from '../suites/glance/visibility-options.ts';
import { imgVisibilityOptions } from '../suites/img/visibility-options.ts';
import { primeVisibilityOptions } from '../suites/prime/visibility-options.ts';

/** Each API's visibility model (the one its visibility suite files run). */
const MODELS: Record<ReferenceApiName, VisibilityDefinition<object>> = {
  glance: glanceVisibilityOptions.definition as unknown as VisibilityDefinition<object>,
  prime: primeVisibilityOptions.definition as unknown as VisibilityDefinition<object>,
  img: imgVisibilityOptions.definition as unknown as VisibilityDefinition<object>,
};
const SUITE_IDS = new Set<string>(VISIBILITY_SUITE_IDS);
const table: string[] = [];

interface Verdict {
  readonly outcomes: readonly VisibilityOutcome[];
  /** Requests from the start of the run until each suite's first failing step. */
  readonly caughtAfter: ReadonlyMap<VisibilitySuiteId, number>;
  readonly left: readonly string[];
}

/** Runs both visibility suites of an API, in the vitest suite's order, against its reference server. */
async function visibilityVerdict(api: ReferenceApiName, faults: readonly string[], principals?: PrincipalsInput): Promise<Verdict> {
  // A short quota window: the documented 100/min would otherwise throttle a few hundred requests.
  const server = await startReferenceServer({ api, faults, rateWindowMs: 1 });
  const settings = referenceRunSettings(api, server.url, { principals: principals ?? BUILTIN_APIS[api].defaultPrincipals, maxExamples: 10 });
  const runtime = SuiteRuntime.forSettings(settings, `visibility-faults-${api}`);
  try {
    const run = new VisibilityRun(runtime, MODELS[api], { shrinkBudget: 150 });
    const outcomes: VisibilityOutcome[] = [];
    const caughtAfter = new Map<VisibilitySuiteId, number>();
    let before = 0;
    for (const suiteId of VISIBILITY_SUITE_IDS) {
      const outcome = await run.run(suiteId);
      outcomes.push(outcome);
      if (outcome.requestsUntilCaught !== undefined) caughtAfter.set(suiteId, before + outcome.requestsUntilCaught);
      before += outcome.requests;
    }
    return { outcomes, caughtAfter, left: await run.cleanup() };
  } finally {
    await runtime.close();
    await server.close();
  }
}

describe.each(Object.keys(MODELS) as ReferenceApiName[])('visibility suites against the %s reference server', (api) => {
  it('should pass both suites and undo everything when no fault is switched on', async () => {
    const { outcomes, left } = await visibilityVerdict(api, []);
    // The first suite walks; the second, finding no step of the walk broke its rules, is judged on it.
    const [first, second] = VISIBILITY_SUITE_IDS;
    expect(outcomes.map((outcome) => [outcome.checkId, outcome.status, outcome.reason ?? ''])).toEqual([
      [first, 'passed', ''],
      [second, 'passed', `judged on the sequences ${first} walked (the same seed and sequences; one walk checks both suites' rules)`],
    ]);
    expect(outcomes.every((outcome) => outcome.requests > 0)).toBe(true);
    expect(left).toEqual([]);
  });

  it("should skip both suites, naming the principal, when 'other' is not configured", async () => {
    const { other: _dropped, ...withoutOther } = BUILTIN_APIS[api].defaultPrincipals as Record<string, { headers: Record<string, string> }>;
    const { outcomes } = await visibilityVerdict(api, [], withoutOther);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('skipped');
      expect(outcome.reason).toContain("'other'");
      expect(outcome.requests).toBe(0);
    }
  });

  const faults = listFaults(api).filter((fault) => SUITE_IDS.has(fault.caughtBy));
  it.each(faults.map((fault) => [fault.id, fault.caughtBy as VisibilitySuiteId] as const))('should catch %s with %s', async (faultId, suiteId) => {
    const { outcomes, caughtAfter } = await visibilityVerdict(api, [faultId]);
    const outcome = outcomes.find((candidate) => candidate.checkId === suiteId);
    table.push(`${api.padEnd(6)} ${faultId.padEnd(52)} ${suiteId.padEnd(20)} ${outcome?.finding ? String(caughtAfter.get(suiteId) ?? '?') : 'MISSED'}`);
    expect(outcome?.status).toBe('failed');
    expect(outcome?.finding?.checkId).toBe(suiteId);
    // The minimal sequence is reported, ending at the failing step.
    expect(outcome?.sequence?.at(-1)).toMatch(/^\d+\. ✗ expected /);
  });
});

afterAll(() => {
  process.stdout.write(`\nfault → caught by → requests until caught\n${table.join('\n')}\n`);
});
