import { numericQuotaGroups } from '../../src/run/semantic/declared-rate-limit.ts';
import { rateLimitPlan } from '../../src/run/semantic/rate-limit-plan.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ApiModel } from '../../src/openapi/types.ts';

/** Prime's quota: 100 requests per 60 s per client IP and token, on every operation. */
export function primeRateLimitPlan(model: ApiModel): SemanticPlan {
  // The quotas of the API's declaration (here its x-rate-limit), as a user's document's are read.
  return rateLimitPlan(model, { preferred: 'owner', groups: numericQuotaGroups(model), clause: 'Prime x-rate-limit: 100 requests per 60 s per IP and token; 429 with Retry-After' });
}
