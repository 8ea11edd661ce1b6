import { FixedWindowQuota, quotaHeaders, type QuotaDecision } from '../quota.ts';
import { IMG_FAULT } from './faults.ts';
import type { ImgPrincipal } from './principals.ts';

/** The documented limits: 100 requests per minute per live key, 10 per test key. */
export const IMG_RATE_LIMITS = { live: 100, test: 10, windowMs: 60_000 } as const;

/** The outcome of counting one request. */
export interface RateLimitOutcome {
  readonly allowed: boolean;
  /** Headers for the response: RateLimit-* always, Retry-After on a refusal. */
  readonly headers: Record<string, string>;
}

/** Per-key fixed-window quota, with the rate-limit faults wired in. */
export class ImgRateLimiter {
  readonly #quota = new FixedWindowQuota();
  /** Keys refused once, for the never-recovers fault. */
  readonly #locked = new Set<string>();
  readonly #faults: ReadonlySet<string>;
  readonly #windowMs: number;

  constructor(faults: ReadonlySet<string>, windowMs: number = IMG_RATE_LIMITS.windowMs) {
    this.#faults = faults;
    this.#windowMs = windowMs;
  }

  /** Counts one request of `principal` and says whether it may proceed. */
  take(principal: ImgPrincipal): RateLimitOutcome {
    if (this.#faults.has(IMG_FAULT.rateLimitNotEnforced)) return { allowed: true, headers: {} };
    const liveLimit = principal.stage === 'live' || this.#faults.has(IMG_FAULT.testKeyLiveLimit);
    const limit = liveLimit ? IMG_RATE_LIMITS.live : IMG_RATE_LIMITS.test;
    let decision: QuotaDecision = this.#quota.take(principal.key, limit, this.#windowMs);
    if (this.#faults.has(IMG_FAULT.neverRecovers) && this.#locked.has(principal.key)) {
      decision = { allowed: false, limit, remaining: 0, resetMs: this.#windowMs };
    }
    if (!decision.allowed) this.#locked.add(principal.key);
    const withRetryAfter = !decision.allowed && !this.#faults.has(IMG_FAULT.noRetryAfter);
    return { allowed: decision.allowed, headers: quotaHeaders(decision, { withRetryAfter }) };
  }
}
