import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToAllure } from '../report/allure/evidence.ts';
import { CheckError } from '../errors.ts';
import { failureMessage, replayLine } from '../run/failure-message.ts';
import { SuiteRuntime, type SuiteDefaults } from '../run/suite-runtime.ts';
import { runSemanticPlan, type PlanResult, type SemanticPlan } from '../run/semantic/semantic-plan.ts';
import { propertyKey, type SemanticProperty } from '../run/semantic/semantic-session.ts';

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
        if (outcome.status === 'failed' && runtime) expect.fail(failureMessage(outcome.findings, runtime, replayLine(runtime.settings.seed)));
      });
    }
  });
}
