import type { CaseMode } from '../generate/case.ts';
import { caseDrawsForOperation } from '../generate/cases.ts';
import type { ApiModel, Operation } from '../openapi/types.ts';
import type { Declaration } from '../openapi/declaration/declaration.ts';
import { contractLinks, type ResourceLinks } from './resource-links.ts';

/** The probes every explored operation sends besides its cases (credentials, methods, no Accept). */
const PROBES = 4;
/** Items an operation on one item creates for its cases, reads after creating and removes, whatever the size. */
const POOL_ITEMS = 4;
/** The share of boundary cases a target accepts, so the ones of a create operation that leave an item (0.5 to 0.8 on Glance and IMG). */
const ACCEPTED_BOUNDARY_SHARE = 0.6;
const PHASES: readonly CaseMode[] = ['positive', 'negative', 'boundary'];

/** The requests the contract suite is expected to send for one operation at a size. */
export type ContractEstimate = (operation: Operation, maxExamples: number) => number;

/**
 * The contract suite's expected requests per operation of `model`, for balancing shards and sizing a
 * run to a request budget. The cases are counted, not guessed: each phase's cases as the generator
 * draws them (a phase walks every way to break the request once, up to a bound, whatever the size,
 * so an operation with many constraints costs more than its size says). Around them, what the run's
 * resource handling adds, from the links between operations: a create operation's accepted cases
 * each leave an item that cleanup removes; a delete consumes an item it creates per case; an
 * operation on one item creates a few to act on. Removing an item costs `removalRequests` (Glance
 * lifts a protection first: 2). Measured against the reference servers at 6 and 25 examples: within
 * a sixth of each operation's requests.
 */
export function contractEstimator(model: ApiModel, removalRequests = 1, resources?: Declaration['resources']): ContractEstimate {
  const links = contractLinks(model.operations, resources);
  const counts = new Map<string, Readonly<Record<CaseMode, number>>>();
  const caseCounts = (operation: Operation, maxExamples: number): Readonly<Record<CaseMode, number>> => {
    const key = `${operation.id}\n${maxExamples}`;
    let found = counts.get(key);
    if (!found) {
      const entries = PHASES.map((mode) => [mode, phaseCases(model, operation, mode, maxExamples)] as const);
      found = Object.fromEntries(entries) as Record<CaseMode, number>;
      counts.set(key, found);
    }
    return found;
  };
  return (operation, maxExamples) => {
    const cases = caseCounts(operation, maxExamples);
    const generated = cases.positive + cases.negative + cases.boundary;
    return Math.ceil(generated + PROBES + resourceRequests(links, operation, cases, removalRequests));
  };
}

/** The cases one phase sends: 0 when no request satisfies the document (the operation is skipped). */
function phaseCases(model: ApiModel, operation: Operation, mode: CaseMode, count: number): number {
  try {
    return caseDrawsForOperation(model, operation, { mode, count, seed: 0 }).length;
  } catch {
    return 0;
  }
}

function resourceRequests(links: readonly ResourceLinks[], operation: Operation, cases: Readonly<Record<CaseMode, number>>, removalRequests: number): number {
  if (links.some((link) => link.create === operation && link.remove)) return (cases.positive + ACCEPTED_BOUNDARY_SHARE * cases.boundary) * removalRequests;
  // Each case deletes an item created for it; cleanup then tries to remove it again (already gone).
  if (links.some((link) => link.remove === operation)) return cases.positive * (1 + removalRequests);
  if (links.some((link) => link.actsOnItem.includes(operation))) return POOL_ITEMS * removalRequests;
  return 0;
}
