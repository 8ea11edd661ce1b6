import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToAllure, reportUntestedToAllure } from '../report/allure/evidence.ts';
import { CheckError } from '../errors.ts';
import { SuiteRuntime, type SuiteDefaults } from '../run/suite-runtime.ts';
import { VisibilityRun, visibilityFailureMessage, type VisibilityDefinition, type VisibilityRunOptions } from '../run/semantic/visibility-run.ts';
import type { VisibilitySuiteId } from '../checks/suite-catalogue.ts';

/** An API's visibility model with its defaults and run knobs, shared by its visibility suite files. */
export interface VisibilitySuiteOptions<Model extends object> extends SuiteDefaults, VisibilityRunOptions {
  readonly definition: VisibilityDefinition<Model>;
}

/**
 * Registers one of an API's visibility suites as a vitest block whose `it` runs its model-based
 * property (failing with the shrunk sequence), skipped with the reason when a principal it needs is
 * missing or the target may not be changed. One file per suite id: each walks its own sequences, as
 * many requests as the other, and a sharded run (`--shard`) can then put them on different machines.
 */
export function visibilitySuite<Model extends object>(options: VisibilitySuiteOptions<Model>, suiteId: VisibilitySuiteId): void {
  let runtime: SuiteRuntime | undefined;
  let run: VisibilityRun<Model> | undefined;
  let pending: Promise<unknown> | undefined;

  describe(`${options.api} visibility`, () => {
    beforeAll(async () => {
      runtime = await SuiteRuntime.open(options, `${options.api}-${suiteId.replace('_', '-')}`);
      run = new VisibilityRun(runtime, options.definition, options);
    });

    afterAll(async () => {
      // An interrupted run aborts the test while its sequence goes on: stop and wait for it first.
      await run?.settle(pending);
      const left = (await run?.cleanup()) ?? [];
      if (left.length > 0) process.stderr.write(`conform: could not undo what the visibility suite changed:\n  ${left.join('\n  ')}\n`);
      await runtime?.close();
    });

    it(suiteId, async (context) => {
      if (!run || !runtime) throw new CheckError('error: the visibility run did not start (see the errors above)');
      const running = run.run(suiteId);
      pending = running;
      const outcome = await running;
      const evidence = outcome.finding && outcome.exchange ? [{ finding: outcome.finding, exchange: outcome.exchange }] : [];
      await reportToAllure(runtime, run.operationLabel, suiteId, outcome.finding?.clause, { findings: evidence });
      await reportUntestedToAllure(runtime, run.untested);
      if (outcome.status === 'error') throw new CheckError(`error: ${outcome.reason ?? 'the suite could not conclude'}`);
      if (outcome.status === 'skipped') {
        context.skip(outcome.reason ?? 'not run');
        return;
      }
      // An assertion failure (not a thrown Error) so reporters count it as failed, not broken.
      if (outcome.status === 'failed') expect.fail(visibilityFailureMessage(outcome, runtime));
    });
  });
}
