import type { ApiModel } from '../types.ts';
import type { RateLimitDeclaration } from './declaration.ts';
import { declaresHeader } from './schema-shape.ts';

/** A quota announced by response headers, with why. */
export interface InferredRateLimit {
  readonly operationId: string;
  readonly rateLimit: RateLimitDeclaration;
  readonly because: string;
}

const ANY_STATUS = /^(2|429)/;

/**
 * Quotas the document says its responses announce: IETF `RateLimit`/`RateLimit-Policy` (draft-ietf-
 * httpapi-ratelimit-headers) or the common `X-RateLimit-Limit`. The numbers are read from the target's
 * answers at run time, so only the header family is declared.
 */
export function inferRateLimits(model: ApiModel, taken: ReadonlySet<string>): InferredRateLimit[] {
  const found: InferredRateLimit[] = [];
  for (const operation of model.operations) {
    if (taken.has(operation.id)) continue;
    if (declaresHeader(operation, 'ratelimit-policy', ANY_STATUS) || declaresHeader(operation, 'ratelimit', ANY_STATUS)) {
      found.push({ operationId: operation.id, rateLimit: { headers: 'ietf' }, because: 'RateLimit headers in its responses' });
    } else if (declaresHeader(operation, 'x-ratelimit-limit', ANY_STATUS) || declaresHeader(operation, 'x-rate-limit-limit', ANY_STATUS)) {
      found.push({ operationId: operation.id, rateLimit: { headers: 'x-ratelimit' }, because: 'X-RateLimit-Limit in its responses' });
    }
  }
  return found;
}
