import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckError } from '../errors.ts';
import { reportToAllure } from '../report/allure/evidence.ts';
import { loadSuiteApi } from '../run/suite-api.ts';
import type { CheckOutcome } from '../run/check-outcomes.ts';
import { ContractRun, type ContractRunOptions } from '../run/contract-run.ts';
import { failureMessage, replayLine } from '../run/failure-message.ts';
import { selectOperations } from '../run/operation-filter.ts';
import { operationsOfShard } from '../run/shard.ts';
import { SuiteRuntime, suiteSettings, type SuiteDefaults } from '../run/suite-runtime.ts';

/** A contract suite's declaration: the API's defaults plus API-specific knobs. */
export interface ContractSuiteOptions extends SuiteDefaults, ContractRunOptions {}

/**
 * Registers the contract suite of an API as plain vitest blocks: a `describe` per operation, an `it`
 * per check. Each operation is explored once (in its `beforeAll`); each `it` reports its check's
 * verdict, so a user can filter, shard and rerun them like any vitest test.
 */
export async function contractSuite(options: ContractSuiteOptions): Promise<void> {
  const { settings } = suiteSettings(options);
  // Loaded at collection time: the describe/it tree mirrors the document.
  const model = await loadSuiteApi(settings.sources);
  // A shard (`--shard i/n`) declares only its operations; the other shards declare the rest.
  const operations = operationsOfShard(selectOperations(model.operations, settings), settings.shard);
  const checks = ContractRun.selectedChecks(settings.checks);
  let runtime: SuiteRuntime | undefined;
  let run: ContractRun | undefined;

  // `--checks` naming only suites: exploring the operations would send requests no check judges.
  if (checks.length === 0) {
    describe(`${options.api} contract`, () => {
      it('contract checks', (context) => context.skip('no contract check selected (--checks names only suites)'));
    });
    return;
  }

  describe(`${options.api} contract`, () => {
    beforeAll(async () => {
      runtime = await SuiteRuntime.open(options, `${options.api}-contract`);
      run = new ContractRun(model, runtime, options);
    });

    afterAll(async () => {
      const left = (await run?.cleanup()) ?? [];
      if (left.length > 0) process.stderr.write(`conform: could not delete what this run created:\n  ${left.join('\n  ')}\n`);
      await runtime?.close();
    });

    for (const operation of operations) {
      describe(operation.label, () => {
        let outcomes = new Map<string, CheckOutcome>();

        beforeAll(async () => {
          if (!run) return;
          outcomes = new Map((await run.explore(operation)).map((outcome) => [outcome.checkId, outcome]));
        });

        for (const check of checks) {
          it(check.id, async (context) => {
            const outcome = outcomes.get(check.id);
            if (runtime) await reportToAllure(runtime, operation.label, check.id, check.clause, outcome);
            // No outcome means the exploration never reported this check: not a pass, not a skip.
            if (!outcome) throw new CheckError(`error: ${check.id} on ${operation.label} was never concluded (the suite's set-up failed; see the errors above)`);
            if (outcome.status === 'error') throw new CheckError(`error: ${outcome.reason ?? 'the check could not conclude'}`);
            if (outcome.status === 'skipped') {
              context.skip(outcome.reason ?? 'not applicable');
              return;
            }
            // An assertion failure (not a thrown Error) so reporters count it as failed, not broken.
            if (outcome.status === 'failed' && runtime) expect.fail(failureMessage(outcome.findings, runtime, replayLine(settings.seed)));
          });
        }
      });
    }
  });
}
