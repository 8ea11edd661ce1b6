import { basename } from 'node:path';
import { selectOperations, type OperationFilter } from '../../run/operation-filter.ts';
import { visibilitySequences, type RunSize } from '../../run/run-settings.ts';
import { isContractSuite } from '../../run/shard.ts';
import type { ApiModel } from '../../openapi/types.ts';
import { loadApiCached } from './load-api-cached.ts';
import { contractEstimateOf, estimatedSuiteRequests, suiteScalesWithSize, type ShardedPlan } from './shard-plan.ts';

/**
 * The shares of a budget a sized run's varying parts aim at, the rest kept for what a seed adds: the
 * contract's requests are counted case by case (within a sixth per operation), the visibility
 * sequences at a long sequence's cost, but a seed's sequences all run long together (IMG: 27 to 94
 * requests over 7 sequences, seeds 21-40).
 */
const CONTRACT_SHARE = 0.85;
const SEQUENCE_SHARE = 0.8;

/** What a run at this estimate is planned to cost: the fixed plans as they are, the varying parts with their margins. */
export function plannedRequests(estimate: SizedEstimate): number {
  return estimate.fixed + estimate.contract / CONTRACT_SHARE + (estimate.semantic - estimate.fixed) / SEQUENCE_SHARE;
}
/**
 * Below these a run stops being a test: a visibility suite needs its tour and two random sequences;
 * the contract's negative phase breaks every constraint once whatever the count, so two examples
 * still reach each check (bench/detection.ts --at-budget: every Prime and IMG fault, every seed).
 */
export const SMALLEST_SIZE = { maxExamples: 2, sequences: 3 } as const;

/** One API's run in requests at some size: the contract suite's, the semantic suites', and both. */
export interface SizedEstimate {
  readonly contract: number;
  readonly semantic: number;
  /** The part no size changes: the semantic suites that are plans of set steps. */
  readonly fixed: number;
  readonly total: number;
}

/** What sizing needs of one API: its document and the requests of its suites at any size. */
export interface RunEstimator {
  readonly model: ApiModel;
  at(size: RunSize): SizedEstimate;
}

/**
 * The requests one API's run sends at a size: the contract suite on the selected operations, and each
 * semantic suite file that will run (the rate-limit suite only with the probe).
 */
export async function runEstimator(plan: ShardedPlan, options: OperationFilter & { readonly rateLimitProbe: boolean }): Promise<RunEstimator> {
  const model = await loadApiCached(plan.sources);
  const operations = selectOperations(model.operations, options);
  const semanticFiles = plan.suiteFiles.filter((file) => !isContractSuite(file) && (options.rateLimitProbe || !basename(file).startsWith('rate-limit')));
  const fixedFiles = semanticFiles.filter((file) => !suiteScalesWithSize(plan.api, file));
  const estimate = contractEstimateOf(plan.api, model, plan.resources);
  return {
    model,
    at(size) {
      const contract = operations.reduce((sum, operation) => sum + estimate(operation, size.maxExamples), 0);
      // A run's suite files share one worker on a user's target, where the visibility pair walks once.
      const alongside = plan.target === undefined ? [] : semanticFiles;
      const semantic = semanticFiles.reduce((sum, file) => sum + estimatedSuiteRequests(plan.api, file, size, alongside), 0);
      const fixed = fixedFiles.reduce((sum, file) => sum + estimatedSuiteRequests(plan.api, file, size), 0);
      return { contract, semantic, fixed, total: contract + semantic };
    },
  };
}

/** A run sized to a budget. */
export interface BudgetedSize {
  readonly budget: number;
  readonly size: RunSize;
  readonly estimate: SizedEstimate;
  /** False when even the smallest run is over the budget: the run goes ahead at that size. */
  readonly fits: boolean;
}

/**
 * The largest run at or under `budget` requests: `start` when it fits, else the contract's examples and
 * the visibility sequences scaled down together until their planned cost ({@link plannedRequests}) fits
 * beside the fixed plans (those cannot shrink), never below
 * {@link SMALLEST_SIZE}, since a run that skips a suite to save requests would read as coverage it has not.
 */
export function sizeToBudget(estimator: Pick<RunEstimator, 'at'>, budget: number, start: RunSize): BudgetedSize {
  const fullSequences = visibilitySequences(start);
  // A failure found is worth a smaller example, but not the run's budget again: a tenth of it each.
  const shrinkRequests = Math.max(10, Math.round(budget / 10));
  // The fixed plans send what they send; the margins are for what varies with the seed.
  const fits = (estimate: SizedEstimate, exact: boolean): boolean => (exact ? estimate.total : plannedRequests(estimate)) <= budget;
  for (let percent = 100; percent >= 1; percent -= 1) {
    const size: RunSize = {
      maxExamples: Math.max(Math.min(SMALLEST_SIZE.maxExamples, start.maxExamples), Math.round((start.maxExamples * percent) / 100)),
      sequences: Math.max(Math.min(SMALLEST_SIZE.sequences, fullSequences), Math.round((fullSequences * percent) / 100)),
    };
    const estimate = estimator.at(size);
    if (fits(estimate, percent === 100)) return { budget, size: { ...(percent === 100 ? start : size), shrinkRequests }, estimate, fits: true };
  }
  const smallest: RunSize = { maxExamples: Math.min(SMALLEST_SIZE.maxExamples, start.maxExamples), sequences: Math.min(SMALLEST_SIZE.sequences, fullSequences), shrinkRequests };
  return { budget, size: smallest, estimate: estimator.at(smallest), fits: false };
}
