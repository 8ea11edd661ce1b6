import { FixedWindowQuota, quotaHeaders } from '../quota.ts';
import type { QuotaDecision } from '../quota.ts';
import { PRIME_FAULT } from './faults.ts';
import type { PrimeFaults } from './faults.ts';

/** The documented quota: 100 requests per 60 s per client IP and token. */
export const PRIME_RATE_LIMIT = { limit: 100, windowMs: 60_000 } as const;

/** Whether a request may proceed, and the quota headers its response carries. */
export interface Admission {
  readonly allowed: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly decision: QuotaDecision;
}

/**
 * The Prime quota wiring: every request is counted, keyed by client IP plus bearer token; requests
 * without a valid token share one anonymous bucket per IP, so inventing tokens buys no extra quota.
 */
export class PrimeRateLimiter {
  readonly #quota = new FixedWindowQuota();
  readonly #refusedOnce = new Set<string>();
  readonly #windowMs: number;
  readonly #faults: PrimeFaults;

  constructor(windowMs: number, faults: PrimeFaults) {
    this.#windowMs = windowMs;
    this.#faults = faults;
  }

  /** Counts one request from `clientIp` with a valid `token` (undefined: anonymous). */
  admit(clientIp: string, token: string | undefined): Admission {
    const key = this.#faults.has(PRIME_FAULT.perIpOnly) ? clientIp : `${clientIp} ${token ?? '-'}`;
    let decision = this.#quota.take(key, PRIME_RATE_LIMIT.limit, this.#windowMs);
    if (this.#faults.has(PRIME_FAULT.neverRecovers)) {
      if (this.#refusedOnce.has(key)) decision = { ...decision, allowed: false, remaining: 0 };
      if (!decision.allowed) this.#refusedOnce.add(key);
    }
    if (decision.allowed || this.#faults.has(PRIME_FAULT.never429)) {
      const headers = this.#faults.has(PRIME_FAULT.noRateLimitHeaders) ? {} : quotaHeaders(decision, { withRetryAfter: false });
      return { allowed: true, headers, decision };
    }
    const headers = quotaHeaders(decision, { withRetryAfter: !this.#faults.has(PRIME_FAULT.noRetryAfter) });
    return { allowed: false, headers, decision };
  }

  /** The `details` of a 429's ErrorResponse. */
  refusalDetails(decision: QuotaDecision): string {
    const seconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
    return `quota of ${decision.limit} requests per ${this.#windowMs / 1000} s per client IP and token exceeded; retry in ${seconds} s`;
  }
}
