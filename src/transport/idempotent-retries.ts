import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange, OutgoingRequest, RetriedAttempt } from './exchange.ts';
import { retryAfterMs } from './retry-after.ts';

/** Sends one request and resolves to its exchange, also when the target failed. */
export type SendRequest = (request: OutgoingRequest) => Promise<Exchange>;

/** How far a transient failure is retried. */
export interface RetryPolicy {
  /** Extra attempts after the first; 0 disables retrying. */
  readonly retries: number;
  /** Wait before the first retry of a connection failure; doubles each time (no jitter: runs replay). */
  readonly backoffMs?: number;
  /** The longest Retry-After of a 503 that is waited out; a longer one ends the retries. */
  readonly maxRetryAfterMs?: number;
}

/** Backoff and the longest Retry-After waited, when a policy does not say. */
export const retryDefaults = { backoffMs: 100, maxRetryAfterMs: 61_000 } as const;

/** RFC 9110 §9.2.2: methods whose repetition has the effect of one request. POST and PATCH are not. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Failures where no byte of a response arrived, so the target cannot have answered (or acted, for a refusal). */
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);


/** The wait before sending `exchange`'s request again, or undefined when it must not be retried. */
export function retryDelayMs(exchange: Exchange, attempt: number, policy: RetryPolicy): number | undefined {
  if (!IDEMPOTENT_METHODS.has(exchange.request.method.toUpperCase())) return undefined;
  const { failure, response } = exchange;
  if (failure) {
    const connectionLevel = failure.beforeResponse === true && failure.errorCode !== undefined && CONNECTION_ERRORS.has(failure.errorCode);
    return connectionLevel ? (policy.backoffMs ?? retryDefaults.backoffMs) * 2 ** attempt : undefined;
  }
  // 429 is left to the caller (sendHonouringRetryAfter): the rate-limit suite must see a quota's 429s.
  if (response?.status !== 503) return undefined;
  const waitMs = retryAfterMs(exchange);
  if (waitMs === undefined) return undefined;
  return waitMs <= (policy.maxRetryAfterMs ?? retryDefaults.maxRetryAfterMs) ? waitMs : undefined;
}

function attemptOf(exchange: Exchange): RetriedAttempt {
  return {
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    ...(exchange.response ? { status: exchange.response.status } : {}),
    ...(exchange.failure ? { failure: exchange.failure } : {}),
  };
}

/**
 * Wraps a send with bounded retries of idempotent requests on transient failures only: a connection
 * reset or refusal before any response byte, or a 503 with Retry-After. POST and PATCH are never
 * repeated (the target may have acted). The returned exchange lists every earlier attempt in
 * `retried`, so a flaky target stays visible in the evidence even when the last attempt passed.
 */
export function withIdempotentRetries(send: SendRequest, policy: RetryPolicy): SendRequest {
  if (policy.retries <= 0) return send;
  return async (request) => {
    const earlier: RetriedAttempt[] = [];
    let exchange = await send(request);
    for (let attempt = 0; attempt < policy.retries; attempt += 1) {
      const waitMs = retryDelayMs(exchange, attempt, policy);
      if (waitMs === undefined) break;
      earlier.push(attemptOf(exchange));
      if (waitMs > 0) await sleep(waitMs);
      exchange = await send(request);
    }
    return earlier.length === 0 ? exchange : { ...exchange, retried: earlier };
  };
}
