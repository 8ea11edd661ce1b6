import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange, OutgoingRequest } from './exchange.ts';
import { retryAfterMs } from './retry-after.ts';

/** How long conform waits for a target's quota before giving up on a request. */
export interface RetryAfterPolicy {
  /** 429s answered by waiting, per request. */
  readonly maxRetries: number;
  /** The longest single wait; a longer Retry-After ends the retries. */
  readonly maxWaitMs: number;
  /** Told before each wait, so a long one can be shown. */
  readonly onWait?: (waitMs: number, exchange: Exchange) => void;
}

export const retryAfterDefaults: RetryAfterPolicy = { maxRetries: 3, maxWaitMs: 61_000 };


/**
 * Sends, and while the target answers 429 with a Retry-After within the policy, waits and sends
 * again: a documented quota is the target's right, not a finding. A 429 was not processed, so a
 * non-idempotent request may be repeated. Every attempt is handed to `record`.
 */
export async function sendHonouringRetryAfter(
  send: (request: OutgoingRequest) => Promise<Exchange>,
  request: OutgoingRequest,
  record: (exchange: Exchange) => void,
  policy: RetryAfterPolicy = retryAfterDefaults,
): Promise<Exchange> {
  let exchange = await send(request);
  record(exchange);
  for (let attempt = 0; attempt < policy.maxRetries && exchange.response?.status === 429; attempt += 1) {
    const waitMs = retryAfterMs(exchange);
    if (waitMs === undefined || waitMs > policy.maxWaitMs) break;
    policy.onWait?.(waitMs, exchange);
    await sleep(waitMs);
    exchange = await send(request);
    record(exchange);
  }
  return exchange;
}
