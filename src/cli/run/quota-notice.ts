import { quotaGroups } from '../../openapi/extensions/rate-limit.ts';
import { visibilitySequences, type RunSize } from '../../run/run-settings.ts';
import type { ApiModel } from '../../openapi/types.ts';
import type { BudgetedSize, SizedEstimate } from './request-budget.ts';

function minutes(seconds: number): string {
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

/** The document's strictest quota (`x-rate-limit`): the fewest requests per second. */
export function strictestQuota(model: ApiModel): { readonly limit: number; readonly windowSeconds: number; readonly scope: readonly string[] } | undefined {
  return quotaGroups(model.operations)
    .map((group) => group.spec)
    .sort((a, b) => a.limit / a.windowSeconds - b.limit / b.windowSeconds)[0];
}

/** How a run of this size reads: `contract at --max-examples 4, 5 sequences a visibility suite`. */
function describeSize(size: RunSize, estimate: SizedEstimate): string {
  return `contract ~${estimate.contract} at --max-examples ${size.maxExamples}, ${visibilitySequences(size)} sequences a visibility suite`;
}

/**
 * Said before a run on a target whose document states a quota (`x-rate-limit`), or one sized to a
 * budget: the request budget the run was sized to (if any), about how many requests it sends, and the
 * least time the quota allows for them, counted as if one credential sent them all (the contract
 * suite's do). Undefined when the document states no quota and no budget sized the run.
 */
export function quotaNotice(api: string, model: ApiModel, size: RunSize, estimate: SizedEstimate, budgeted: BudgetedSize | undefined, pacing: boolean): string | undefined {
  const strictest = strictestQuota(model);
  if (!strictest && !budgeted) return undefined;
  const budget = budgeted
    ? budgeted.fits
      ? `request budget ${budgeted.budget} (--budget N or none): `
      : `request budget ${budgeted.budget} is below the smallest run that still runs every suite, so it runs that: `
    : '';
  if (!strictest) return `${api}: ${budget}~${estimate.total} requests (${describeSize(size, estimate)})`;
  const seconds = (estimate.total / strictest.limit) * strictest.windowSeconds;
  const scope = strictest.scope.length > 0 ? ` per ${strictest.scope.join(' and ')}` : '';
  const quota = `${strictest.limit} requests per ${strictest.windowSeconds} s${scope}`;
  const paced = pacing ? `, at least ~${minutes(seconds)} under the document's quota of ${quota}; conform paces under it` : ` (quota pacing off: the document's quota of ${quota} may answer 429s, which are waited out)`;
  return `${api}: ${budget}~${estimate.total} requests (${describeSize(size, estimate)})${paced}`;
}
