import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import type { Exchange, OutgoingRequest, ReceivedResponse } from './exchange.ts';
import { classifyFailure } from './classify-failure.ts';
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

/**
 * The abort signal of one request's overall deadline, as the EventEmitter undici also accepts:
 * AbortSignal.timeout's timer outlives the request, and an AbortSignal's listener bookkeeping costs
 * ~10 µs a request against ~1 µs for an emitter. The reason is the TimeoutError AbortSignal.timeout gives.
 */
class Deadline extends EventEmitter {
  aborted = false;
  reason: DOMException | undefined;

  abort(): void {
    this.aborted = true;
    this.reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    this.emit('abort');
  }
}

/**
 * Sends fully serialized requests over pooled keep-alive connections and records each as an
 * `Exchange`. It never throws for a target's misbehaviour: refusals, resets, timeouts and oversized
 * bodies are data on the exchange, because a check or the runner decides what they mean.
 */
export class HttpTransport {
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #intervalMs: number;
  readonly #send: SendRequest;
  #nextStartMs = 0;

  constructor(options: TransportOptions = {}) {
    this.#timeoutMs = options.requestTimeoutMs ?? transportDefaults.requestTimeoutMs;
    this.#maxBodyBytes = options.maxBodyBytes ?? transportDefaults.maxBodyBytes;
    this.#intervalMs = options.maxRequestsPerSecond ? 1000 / options.maxRequestsPerSecond : 0;
    this.#agent = new Agent({
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
    await this.#pace();
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const progress = { headersReceived: false };
    try {
      const response = await this.#roundTrip(outgoing, progress);
      return { request: outgoing, response, startedAt, durationMs: performance.now() - started };
    } catch (error: unknown) {
      return {
        request: outgoing,
        failure: classifyFailure(error, outgoing.url, this.#timeoutMs, !progress.headersReceived),
        startedAt,
        durationMs: performance.now() - started,
      };
    }
  }

  /** Spaces request starts `1 / maxRequestsPerSecond` apart; concurrent callers queue in order. */
  async #pace(): Promise<void> {
    if (this.#intervalMs === 0) return;
    const now = performance.now();
    const startAt = Math.max(now, this.#nextStartMs);
    this.#nextStartMs = startAt + this.#intervalMs;
    if (startAt > now) await sleep(startAt - now);
  }

  async #roundTrip(outgoing: OutgoingRequest, progress: { headersReceived: boolean }): Promise<ReceivedResponse> {
    // bodyTimeout resets on every chunk, so a trickling body needs this overall deadline too.
    const signal = new Deadline();
    const deadline = setTimeout(() => signal.abort(), this.#timeoutMs);
    try {
      const { statusCode, headers, body } = await request(outgoing.url, {
        dispatcher: this.#agent,
        method: outgoing.method as 'GET',
        headers: outgoing.headers,
        body: outgoing.body ?? null,
        signal,
      });
      progress.headersReceived = true;
      const { chunks, truncated } = await this.#readBody(body);
      const normalized: Record<string, string | readonly string[]> = {};
      for (const name in headers) {
        const value = headers[name];
        if (value !== undefined) normalized[name.toLowerCase()] = value;
      }
      // A lone chunk is kept as is, not copied: undici hands each response a socket read of its own.
      return { status: statusCode, headers: normalized, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), truncated };
    } finally {
      clearTimeout(deadline);
    }
  }

  /** Reads at most maxBodyBytes; listeners rather than an async iterator, which costs more than a small body's read. */
  #readBody(body: Dispatcher.ResponseData['body']): Promise<{ chunks: Buffer[]; truncated: boolean }> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      body.on('data', (chunk: Buffer) => {
        const room = this.#maxBodyBytes - kept;
        if (chunk.length > room) {
          if (room > 0) chunks.push(chunk.subarray(0, room));
          kept += Math.max(room, 0);
          // Stop reading: a huge body must cost at most maxBodyBytes of memory.
          body.destroy();
          resolve({ chunks, truncated: true });
          return;
        }
        chunks.push(chunk);
        kept += chunk.length;
      });
      body.on('end', () => resolve({ chunks, truncated: false }));
      body.on('error', reject);
    });
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.#agent.close();
  }
}
