import { BUILTIN_APIS } from '../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../src/reference/apis.ts';
import type { SemanticPlan } from '../src/run/semantic/semantic-plan.ts';
import { loadApi } from '../src/openapi/load-api.ts';
import { glanceAttributeRulesPlan } from './glance/attribute-rules-plan.ts';
import { glanceExactErrorsPlan } from './glance/exact-errors-plan.ts';
import { glanceImageDataPlan } from './glance/image-data-plan.ts';
import { glanceLifecyclePlan } from './glance/lifecycle-plan.ts';
import { glanceListQueriesPlan } from './glance/list-queries-plan.ts';
import { glanceMalformedPlan } from './glance/malformed-plan.ts';
import { glancePaginationPlan } from './glance/pagination-plan.ts';
import { glanceSharingPlan } from './glance/sharing-plan.ts';
import { imgLifecyclePlan } from './img/lifecycle-plan.ts';
import { imgPaginationPlan } from './img/pagination-plan.ts';
import { imgRateLimitPlan } from './img/rate-limit-plan.ts';
import { primeLifecyclePlan } from './prime/lifecycle-plan.ts';
import { primeRateLimitPlan } from './prime/rate-limit-plan.ts';

/**
 * Several suite files' plans run as one, where more than one file reports the same suite id (the
 * Glance list suites: the random walks and the fixed list queries).
 */
function together(...plans: readonly SemanticPlan[]): SemanticPlan {
  const beforeRemove = plans.find((plan) => plan.beforeRemove)?.beforeRemove;
  return {
    properties: plans.flatMap((plan) => plan.properties),
    async run(session) {
      for (const plan of plans) await plan.run(session);
    },
    ...(beforeRemove ? { beforeRemove } : {}),
  };
}

const glanceLists = (): SemanticPlan => together(glancePaginationPlan(), glanceListQueriesPlan(), glanceImageDataPlan());
const glanceErrors = (): SemanticPlan => together(glanceExactErrorsPlan(), glanceListQueriesPlan());

/** How to run one non-visibility semantic suite directly, without vitest. */
export interface PlanSetup {
  readonly plan: () => SemanticPlan | Promise<SemanticPlan>;
  /** A short quota window for the rate-limit probes (their waits are bounded by it). */
  readonly rateWindowMs?: number;
}

/**
 * The pagination, filter, rate-limit and lifecycle suites of each API, by suite id: one table for the
 * fault proofs (test/suite-faults.test.ts) and the detection benchmark (bench/detection.ts).
 */
export const SUITE_PLANS: Readonly<Record<ReferenceApiName, Readonly<Record<string, PlanSetup>>>> = {
  glance: {
    pagination_complete: { plan: glanceLists },
    pagination_order: { plan: glanceLists },
    list_filters: { plan: glanceLists },
    lifecycle_semantics: { plan: () => glanceLifecyclePlan() },
    malformed_input_refused: { plan: () => glanceMalformedPlan() },
    sharing_rules: { plan: () => glanceSharingPlan() },
    exact_errors: { plan: glanceErrors },
    image_data: { plan: () => glanceImageDataPlan() },
    attribute_rules: { plan: () => glanceAttributeRulesPlan() },
  },
  img: {
    pagination_complete: { plan: () => imgPaginationPlan() },
    pagination_order: { plan: () => imgPaginationPlan() },
    rate_limit_enforced: { plan: async () => imgRateLimitPlan(await loadApi([BUILTIN_APIS.img.spec])), rateWindowMs: 1000 },
    lifecycle_semantics: { plan: () => imgLifecyclePlan() },
  },
  prime: {
    rate_limit_enforced: { plan: async () => primeRateLimitPlan(await loadApi([BUILTIN_APIS.prime.spec])), rateWindowMs: 1000 },
    lifecycle_semantics: { plan: () => primeLifecyclePlan() },
  },
};
