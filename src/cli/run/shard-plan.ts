import { basename } from 'node:path';
import { estimatedContractRequests } from '../../run/contract-estimate.ts';
import { selectOperations, type OperationFilter } from '../../run/operation-filter.ts';
import { planShard, type Shard, type ShardPart, type ShardUnit } from '../../run/shard.ts';
import type { ApiModel } from '../../spec/types.ts';
import { BUILTIN_APIS, isBuiltinApi } from '../builtin-apis.ts';
import { loadApiCached } from './load-api-cached.ts';

/** A semantic suite file with no declared size: about what a plan of set steps sends. */
const UNDECLARED_SUITE_REQUESTS = 50;

/** The requests a semantic suite file of a built-in API is expected to send at `maxExamples`. */
export function estimatedSuiteRequests(api: string, file: string, maxExamples: number): number {
  const declared = isBuiltinApi(api) ? BUILTIN_APIS[api].suiteRequests[basename(file)] : undefined;
  if (!declared) return UNDECLARED_SUITE_REQUESTS;
  // The visibility suites walk max(--max-examples, 30) sequences (see VisibilityRun).
  return declared.scale === 'sequences' ? Math.round((declared.requests * Math.max(maxExamples, 30)) / 30) : declared.requests;
}

/** What one API of a run needs for its estimate. */
export interface ShardedPlan {
  readonly api: string;
  readonly sources: readonly string[];
  readonly suiteFiles: readonly string[];
}

/** One API's run in estimated requests: its document, the contract suite's selected operations, each suite file's size. */
export interface RunEstimate {
  readonly model: ApiModel;
  readonly operations: readonly ShardUnit[];
  readonly estimateFile: (file: string) => number;
}

/** Estimates one API's run at `maxExamples`, for splitting it into shards and for the quota notice. */
export async function runEstimate(plan: ShardedPlan, options: OperationFilter & { readonly maxExamples: number }): Promise<RunEstimate> {
  const model = await loadApiCached(plan.sources);
  const operations = selectOperations(model.operations, options).map((operation) => ({ key: operation.id, estimate: estimatedContractRequests(operation, options.maxExamples) }));
  return { model, operations, estimateFile: (file) => estimatedSuiteRequests(plan.api, file, options.maxExamples) };
}

/**
 * This shard's part of one API's run, planned from the document (the contract suite's selected
 * operations) and the suite files' declared sizes. Every shard plans the whole split and keeps its
 * part, so shards on different machines agree without talking to each other.
 */
export async function shardPartOf(plan: ShardedPlan, options: OperationFilter & { readonly maxExamples: number }, shard: Shard): Promise<ShardPart> {
  const { operations, estimateFile } = await runEstimate(plan, options);
  return planShard({ shard, suiteFiles: plan.suiteFiles, operations, estimateFile });
}
