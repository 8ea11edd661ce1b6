import { responseHeader, type Exchange } from '../../transport/exchange.ts';

/** A quota as one response announces it in its headers. */
export interface AnnouncedQuota {
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets, as of the response. */
  readonly resetSeconds?: number;
  /** The window the policy names (IETF `RateLimit-Policy: 100;w=60`), in seconds. */
  readonly windowSeconds?: number;
}

/** Which header family a declaration says the API announces its quota in. */
export type QuotaHeaders = 'ietf' | 'x-ratelimit';

const integer = (text: string | undefined): number | undefined => (text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined);

/** A structured-field parameter (`q=100`, `w=60`, `limit=100`) of a header value. */
function parameter(value: string | undefined, ...names: readonly string[]): number | undefined {
  if (value === undefined) return undefined;
  for (const name of names) {
    const match = new RegExp(`(?:^|[;,\\s])${name}\\s*=\\s*(\\d+)`, 'i').exec(value);
    if (match?.[1]) return Number(match[1]);
  }
  return undefined;
}

/**
 * `X-RateLimit-Reset` is epoch seconds at GitHub, Twitter and most who send it, delta seconds at a
 * few: a value past 2001-09 is taken as a time, anything smaller as a delta.
 */
function resetSeconds(raw: number | undefined, now: number): number | undefined {
  if (raw === undefined) return undefined;
  return raw > 1_000_000_000 ? Math.max(0, raw - Math.floor(now / 1000)) : raw;
}

/**
 * The quota a response announces, read from the header family the declaration names:
 * `x-ratelimit`: `X-RateLimit-Limit`, `-Remaining`, `-Reset`; `ietf` (draft-ietf-httpapi-ratelimit-headers,
 * each draft's form): `RateLimit-Limit`/`-Remaining`/`-Reset`, `RateLimit: limit=, remaining=, reset=`
 * or `RateLimit: "p";r=;t=`, with `RateLimit-Policy: 100;w=60` or `"p";q=100;w=60`. Undefined when the
 * limit or the remaining count is not there.
 */
export function announcedQuota(exchange: Exchange, headers: QuotaHeaders, now = Date.now()): AnnouncedQuota | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  const header = (name: string): string | undefined => responseHeader(response, name);
  if (headers === 'x-ratelimit') {
    const limit = integer(header('x-ratelimit-limit'));
    const remaining = integer(header('x-ratelimit-remaining'));
    if (limit === undefined || remaining === undefined) return undefined;
    const reset = resetSeconds(integer(header('x-ratelimit-reset')), now);
    return { limit, remaining, ...(reset === undefined ? {} : { resetSeconds: reset }) };
  }
  const combined = header('ratelimit');
  const policy = header('ratelimit-policy');
  const policyLimit = integer(policy?.split(/[;,]/)[0]) ?? parameter(policy, 'q');
  const limit = integer(header('ratelimit-limit')) ?? parameter(combined, 'limit') ?? policyLimit;
  const remaining = integer(header('ratelimit-remaining')) ?? parameter(combined, 'remaining', 'r');
  if (limit === undefined || remaining === undefined) return undefined;
  const reset = integer(header('ratelimit-reset')) ?? parameter(combined, 'reset', 't');
  const window = parameter(policy, 'w');
  return { limit, remaining, ...(reset === undefined ? {} : { resetSeconds: reset }), ...(window === undefined ? {} : { windowSeconds: window }) };
}
