/**
 * GitHub's primary rate limit as its responses announce it: `X-RateLimit-Limit`, `-Remaining`, `-Reset`
 * (epoch seconds) and `-Used` on every answer, per token (anonymous callers per address). Beyond the
 * limit: 429 with `Retry-After`, remaining 0 (GitHub answers 403 or 429; the reference keeps to 429).
 */
export interface QuotaOptions {
  readonly limit: number;
  readonly windowMs: number;
  readonly notEnforced: boolean;
  readonly remainingNeverDecreases: boolean;
  readonly sharedAcrossTokens: boolean;
}

interface Window {
  start: number;
  used: number;
}

/** What the quota says of one request: its headers, and whether it is over. */
export interface QuotaVerdict {
  readonly headers: Readonly<Record<string, string>>;
  readonly over: boolean;
}

export class GistsQuota {
  readonly #windows = new Map<string, Window>();

  constructor(readonly options: QuotaOptions) {}

  take(key: string, now = Date.now()): QuotaVerdict {
    const { limit, windowMs } = this.options;
    const bucket = this.options.sharedAcrossTokens ? '*' : key;
    let window = this.#windows.get(bucket);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, used: 0 };
      this.#windows.set(bucket, window);
    }
    const over = window.used >= limit && !this.options.notEnforced;
    if (!over) window.used += 1;
    const reset = Math.ceil((window.start + windowMs) / 1000);
    const remaining = this.options.remainingNeverDecreases ? limit : Math.max(0, limit - window.used);
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-used': String(Math.min(window.used, limit)),
      'x-ratelimit-resource': 'core',
    };
    if (over) headers['retry-after'] = String(Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)));
    return { headers, over };
  }
}
