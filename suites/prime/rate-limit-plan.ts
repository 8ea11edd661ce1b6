import { rateLimitPlan } from '../../src/run/semantic/rate-limit-plan.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ApiModel } from '../../src/openapi/types.ts';

/** Prime's quota: 100 requests per 60 s per client IP and token, on every operation. */
export function primeRateLimitPlan(model: ApiModel): SemanticPlan {
  return rateLimitPlan(model, { preferred: 'owner', clause: 'Prime x-rate-limit: 100 requests per 60 s per IP and token; 429 with Retry-After' });
}
