import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToAllure } from '../report/allure/evidence.ts';
import { CheckError } from '../errors.ts';
import { recordExchange } from '../run/record-exchange.ts';
import { SuiteRuntime, type SuiteDefaults } from '../run/suite-runtime.ts';
import { runSemanticPlan, type PlanResult, type SemanticPlan } from '../run/semantic/semantic-plan.ts';
import { propertyKey, type PropertyOutcome, type SemanticProperty } from '../run/semantic/semantic-session.ts';

const BODY_CHARS = 400;

/** What a failing property's test prints: each finding, the response, a redacted curl and the seed. */
export function propertyFailureMessage(outcome: PropertyOutcome, runtime: Pick<SuiteRuntime, 'redactor' | 'curl'>, seed: number): string {
  const lines: string[] = [];
  for (const observed of outcome.findings) {
    const recorded = recordExchange(observed.exchange, runtime.redactor, BODY_CHARS);
    lines.push(`✗ ${observed.finding.message}`, `  clause: ${observed.finding.clause}`);
    if (recorded.response) lines.push(`  response: ${recorded.response.status} ${recorded.response.body.slice(0, BODY_CHARS)}`);
    lines.push(`  replay: ${runtime.curl(observed.exchange)}`);
  }
  lines.push(`seed: ${seed} (conform run --seed ${seed} replays this run)`);
  return lines.join('\n');
}

/** A semantic suite file's declaration: the API's defaults, a tag for its event/ledger files, and the plan. */
export interface SemanticSuiteOptions {
  readonly defaults: SuiteDefaults;
  readonly title: string;
  readonly fileTag: string;
  readonly plan: (runtime: SuiteRuntime) => SemanticPlan | Promise<SemanticPlan>;
  /** The property list, known at collection time (the plan may need the runtime to exist). */
  readonly properties: readonly SemanticProperty[];
}

/**
 * Registers a semantic suite as vitest blocks: the plan runs once in `beforeAll` (cleanup included),
 * then an `it` per property reports its verdict, or skips with the plan's reason.
 */
export function semanticSuite(options: SemanticSuiteOptions): void {
  let runtime: SuiteRuntime | undefined;
  let result: PlanResult | undefined;

  describe(options.title, () => {
    beforeAll(async () => {
      runtime = await SuiteRuntime.open(options.defaults, options.fileTag);
      result = await runSemanticPlan(await options.plan(runtime), runtime);
      if (result.leftBehind.length > 0) {
        process.stderr.write(`conform: could not delete what this suite created:\n  ${result.leftBehind.join('\n  ')}\n`);
      }
    }, 120_000);

    afterAll(async () => {
      await runtime?.close();
    });

    for (const property of options.properties) {
      it(`${property.checkId}: ${property.operationLabel}`, async (context) => {
        const outcome = result?.outcomes.get(propertyKey(property));
        if (runtime) await reportToAllure(runtime, property.operationLabel, property.checkId, outcome?.findings[0]?.finding.clause, outcome);
        if (!outcome) throw new CheckError(`error: ${property.checkId} on ${property.operationLabel} was never concluded (the suite's set-up failed; see the errors above)`);
        if (outcome.status === 'error') throw new CheckError(`error: ${outcome.reason ?? 'the property could not conclude'}`);
        if (outcome.status === 'skipped') {
          context.skip(outcome.reason ?? 'not applicable');
          return;
        }
        // An assertion failure (not a thrown Error) so reporters count it as failed, not broken.
        if (outcome.status === 'failed' && runtime) expect.fail(propertyFailureMessage(outcome, runtime, runtime.settings.seed));
      });
    }
  });
}
