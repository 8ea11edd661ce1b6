import { numericQuotaGroups } from '../../src/run/semantic/declared-rate-limit.ts';
import { rateLimitPlan } from '../../src/run/semantic/rate-limit-plan.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ApiModel } from '../../src/openapi/types.ts';

/** IMG's quota: 100 requests per minute per live key, 10 per test key (`tiers`), on every operation. */
export function imgRateLimitPlan(model: ApiModel): SemanticPlan {
  // The quotas of the API's declaration (here its x-rate-limit), as a user's document's are read.
  return rateLimitPlan(model, { preferred: 'owner', groups: numericQuotaGroups(model), clause: 'IMG Rate Limiting: 100 requests/min per live key, 10 per test key; 429 with Retry-After' });
}
