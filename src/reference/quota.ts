/**
 * A fixed-window request quota per key, as the Prime Intellect and IMG documents describe
 * ("100 requests per 60 s"): the window opens at a key's first request and resets when it ends.
 */
export interface QuotaDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  readonly remaining: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
}

interface WindowState {
  startedAtMs: number;
  count: number;
}

export class FixedWindowQuota {
  readonly #windows = new Map<string, WindowState>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Counts one request for `key` against `limit` per `windowMs` and says whether it may proceed. */
  take(key: string, limit: number, windowMs: number): QuotaDecision {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.startedAtMs >= windowMs) {
      window = { startedAtMs: now, count: 0 };
      this.#windows.set(key, window);
    }
    const resetMs = Math.max(0, window.startedAtMs + windowMs - now);
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetMs };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetMs };
  }

  /** Forgets every window (tests and `--seed-data` resets). */
  clear(): void {
    this.#windows.clear();
  }
}

/**
 * The headers a refused or counted request carries: `Retry-After` (RFC 9110 §10.2.3, whole seconds)
 * and the IETF draft `RateLimit-Limit/Remaining/Reset` fields.
 */
export function quotaHeaders(decision: QuotaDecision, options: { withRetryAfter: boolean }): Record<string, string> {
  const resetSeconds = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
  const headers: Record<string, string> = {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': resetSeconds,
  };
  if (options.withRetryAfter) headers['retry-after'] = resetSeconds;
  return headers;
}
