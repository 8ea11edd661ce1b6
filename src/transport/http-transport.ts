import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { Exchange, OutgoingRequest } from './exchange.ts';
import { classifyFailure } from './classify-failure.ts';
import { OriginPools } from './origin-pools.ts';
import { ResponseCollector } from './response-collector.ts';
import { withIdempotentRetries, type SendRequest } from './idempotent-retries.ts';

/** User-facing transport settings; see `transportDefaults`. */
export interface TransportOptions {
  /** Whole-request budget: headers and the complete body must arrive within it. */
  readonly requestTimeoutMs?: number;
  /** Bytes of a response body kept; more marks the response truncated and the rest is dropped. */
  readonly maxBodyBytes?: number;
  /** Connections per origin: the cap on requests in flight to one target (`--workers`). */
  readonly connections?: number;
  /** Extra attempts of an idempotent request after a connection reset/refusal or a 503 with Retry-After (`--retries`); 0 = none. */
  readonly retries?: number;
  /** Client-side cap: at most this many requests start per second (`--rate-limit N/s`). */
  readonly maxRequestsPerSecond?: number;
}

export const transportDefaults = {
  requestTimeoutMs: 10_000,
  maxBodyBytes: 10 * 1024 * 1024,
  connections: 10,
  retries: 0,
} as const satisfies Required<Omit<TransportOptions, 'maxRequestsPerSecond'>>;

/** The request as undici's dispatch takes it; the URL parsed as undici's request() parses it, so the same URL reaches the target. */
function dispatchOptions(outgoing: OutgoingRequest): Dispatcher.DispatchOptions & { readonly origin: string } {
  const url = new URL(outgoing.url);
  return {
    origin: url.origin,
    path: url.search ? `${url.pathname}${url.search}` : url.pathname,
    method: outgoing.method as Dispatcher.HttpMethod,
    headers: outgoing.headers,
    body: outgoing.body ?? null,
  };
}

/**
 * Sends fully serialized requests over pooled keep-alive connections and records each as an
 * `Exchange`. It never throws for a target's misbehaviour: refusals, resets, timeouts and oversized
 * bodies are data on the exchange, because a check or the runner decides what they mean.
 */
export class HttpTransport {
  readonly #pools: OriginPools;
  readonly #timeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #intervalMs: number;
  readonly #send: SendRequest;
  #nextStartMs = 0;

  constructor(options: TransportOptions = {}) {
    this.#timeoutMs = options.requestTimeoutMs ?? transportDefaults.requestTimeoutMs;
    this.#maxBodyBytes = options.maxBodyBytes ?? transportDefaults.maxBodyBytes;
    this.#intervalMs = options.maxRequestsPerSecond ? 1000 / options.maxRequestsPerSecond : 0;
    this.#pools = new OriginPools({
      connections: options.connections ?? transportDefaults.connections,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      connectTimeout: this.#timeoutMs,
    });
    // Each retry is a request of its own: it is paced like any other.
    this.#send = withIdempotentRetries((outgoing) => this.#sendOnce(outgoing), { retries: options.retries ?? transportDefaults.retries });
  }

  /** Sends one request (retried per `retries`); resolves to its exchange, also when the target failed. */
  send(outgoing: OutgoingRequest): Promise<Exchange> {
    return this.#send(outgoing);
  }

  async #sendOnce(outgoing: OutgoingRequest): Promise<Exchange> {
    if (this.#intervalMs !== 0) await this.#pace();
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const collector = new ResponseCollector(this.#maxBodyBytes, this.#timeoutMs);
    try {
      const options = dispatchOptions(outgoing);
      const response = await collector.collect(this.#pools.for(options.origin), options);
      return { request: outgoing, response, startedAt, durationMs: performance.now() - started };
    } catch (error: unknown) {
      return {
        request: outgoing,
        failure: classifyFailure(error, outgoing.url, this.#timeoutMs, !collector.headersReceived),
        startedAt,
        durationMs: performance.now() - started,
      };
    }
  }

  /** Spaces request starts `1 / maxRequestsPerSecond` apart; concurrent callers queue in order. */
  async #pace(): Promise<void> {
    const now = performance.now();
    const startAt = Math.max(now, this.#nextStartMs);
    this.#nextStartMs = startAt + this.#intervalMs;
    if (startAt > now) await sleep(startAt - now);
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.#pools.close();
  }
}
