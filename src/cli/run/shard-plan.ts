import { basename } from 'node:path';
import { contractEstimator, type ContractEstimate } from '../../run/contract-estimate.ts';
import { declaredResourcesOf } from '../../run/contract-run.ts';
import { selectOperations, type OperationFilter } from '../../run/operation-filter.ts';
import { planShard, type Shard, type ShardPart } from '../../run/shard.ts';
import { visibilitySequences, type RunSize } from '../../run/run-settings.ts';
import { BUILTIN_APIS, isBuiltinApi } from '../builtin-apis.ts';
import type { SuiteRequestEstimate } from '../../vitest/api-definition.ts';
import type { ApiModel } from '../../openapi/types.ts';
import type { Declaration } from '../../openapi/declaration/declaration.ts';
import { loadApiCached } from './load-api-cached.ts';

/** A semantic suite file with no declared size: about what a plan of set steps sends. */
const UNDECLARED_SUITE_REQUESTS = 50;

/** A built-in API's declared size of one of its suite files (see `SuiteRequestEstimate`). */
function declaredSize(api: string, file: string): SuiteRequestEstimate | undefined {
  return isBuiltinApi(api) ? BUILTIN_APIS[api].suiteRequests[basename(file)] : undefined;
}

/**
 * The contract suite's expected requests per operation of an API: removing an item costs the delete
 * and what unblocks it first (a built-in API's `unblock`, e.g. Glance's unprotect).
 */
export function contractEstimateOf(api: string, model: ApiModel, resources?: Declaration['resources']): ContractEstimate {
  const unblock = isBuiltinApi(api) ? BUILTIN_APIS[api].unblock : undefined;
  const unblocking = unblock ? unblock({ operationId: '', url: 'http://127.0.0.1/item', principal: '', createdAt: '' }).length : 0;
  // A built-in API links by its declaration as its contract suite does (its contract options).
  const declared = resources ?? (isBuiltinApi(api) ? declaredResourcesOf(BUILTIN_APIS[api].contractOptions?.resources, model) : undefined);
  return contractEstimator(model, 1 + unblocking, declared);
}

/** The shard unit of a suite file: the visibility pair of an API is one (it walks once in one process). */
export function suiteUnit(api: string, file: string): string {
  const declared = declaredSize(api, file);
  return declared?.scale === 'sequences' ? [basename(file), declared.walksWith].sort().join('+') : basename(file);
}

/** Whether a semantic suite file's requests grow with the run's size (a visibility suite's sequences). */
export function suiteScalesWithSize(api: string, file: string): boolean {
  return declaredSize(api, file)?.scale === 'sequences';
}

/**
 * What an estimate is for: a budget must hold whatever the seed (`longest`: every sequence long), a
 * shard split must put the requests a run typically sends evenly (`typical`).
 */
export type EstimateBasis = 'longest' | 'typical';

/**
 * The requests a semantic suite file of a built-in API is expected to send at `size`. Given the files
 * that run with it in one process, a visibility file whose partner walks first (by name; the pair is
 * counted once) costs nothing: on a clean target it reads the partner's walk.
 */
export function estimatedSuiteRequests(api: string, file: string, size: RunSize, alongside: readonly string[] = [], basis: EstimateBasis = 'longest'): number {
  const declared = declaredSize(api, file);
  if (!declared) return UNDECLARED_SUITE_REQUESTS;
  if (declared.scale === 'fixed') return declared.requests;
  const partnerFirst = declared.walksWith < basename(file) && alongside.some((other) => basename(other) === declared.walksWith);
  const perSequence = basis === 'typical' ? (declared.typicalPerSequence ?? declared.perSequence) : declared.perSequence;
  return partnerFirst ? 0 : declared.prepare + perSequence * visibilitySequences(size);
}

/** What one API of a run needs for its estimate. */
export interface ShardedPlan {
  readonly api: string;
  readonly sources: readonly string[];
  readonly suiteFiles: readonly string[];
  /** A user's target; absent for conform's own servers. */
  readonly target?: string;
  /** The resolved declaration's resources of a custom document: the contract's resource links. */
  readonly resources?: Declaration['resources'];
}

/**
 * This shard's part of one API's run, planned from the document (the contract suite's selected
 * operations) and the suite files' declared sizes. Every shard plans the whole split and keeps its
 * part, so shards on different machines agree without talking to each other.
 */
export async function shardPartOf(plan: ShardedPlan, options: OperationFilter & RunSize, shard: Shard): Promise<ShardPart> {
  const model = await loadApiCached(plan.sources);
  const estimate = contractEstimateOf(plan.api, model, plan.resources);
  const operations = selectOperations(model.operations, options).map((operation) => ({ key: operation.id, estimate: estimate(operation, options.maxExamples) }));
  return planShard({
    shard,
    suiteFiles: plan.suiteFiles,
    operations,
    estimateFile: (file, unitFiles) => estimatedSuiteRequests(plan.api, file, options, unitFiles, 'typical'),
    // On a user's target the files run one after another in one worker, where the visibility pair
    // walks once; on conform's own servers each file has a server (and often a worker) of its own.
    ...(plan.target === undefined ? {} : { unitOf: (file: string) => suiteUnit(plan.api, file) }),
  });
}
