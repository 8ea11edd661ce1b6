import { basename } from 'node:path';
import type { OperationFilter } from '../../run/operation-filter.ts';
import { quotaGroups } from '../../run/semantic/quota-probe.ts';
import { isContractSuite } from '../../run/shard.ts';
import { runEstimate, type ShardedPlan } from './shard-plan.ts';

function minutes(seconds: number): string {
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

/**
 * Said before a run on a target whose document states a quota (`x-rate-limit`), where conform holds
 * its requests under it: about how many requests the run sends (the same estimates the shards are
 * planned with) and the least time the quota allows for them, counted as if one credential sent them
 * all (the contract suite's do). Undefined when the document states no quota.
 */
export async function quotaNotice(plan: ShardedPlan, options: OperationFilter & { readonly maxExamples: number; readonly rateLimitProbe: boolean }): Promise<string | undefined> {
  const { model, operations, estimateFile } = await runEstimate(plan, options);
  const strictest = quotaGroups(model.operations)
    .map((group) => group.spec)
    .sort((a, b) => a.limit / a.windowSeconds - b.limit / b.windowSeconds)[0];
  if (!strictest) return undefined;
  const contract = operations.reduce((sum, operation) => sum + operation.estimate, 0);
  const semantic = plan.suiteFiles
    .filter((file) => !isContractSuite(file) && (options.rateLimitProbe || !basename(file).startsWith('rate-limit')))
    .reduce((sum, file) => sum + estimateFile(file), 0);
  const requests = contract + semantic;
  const seconds = (requests / strictest.limit) * strictest.windowSeconds;
  const scope = strictest.scope.length > 0 ? ` per ${strictest.scope.join(' and ')}` : '';
  return `${plan.api}: the document's quota is ${strictest.limit} requests per ${strictest.windowSeconds} s${scope}; this run sends ~${requests} requests (contract ~${contract} at --max-examples ${options.maxExamples}), at least ~${minutes(seconds)} at that rate; conform paces under it (--max-examples lowers the contract's share, --no-quota-pacing sends at once)`;
}
