import type { Principal } from '../../principals.ts';
import type { Exchange, OutgoingRequest } from '../../transport/exchange.ts';
import { sendHonouringRetryAfter } from '../../transport/honour-retry-after.ts';
import type { SuiteRuntime } from '../suite-runtime.ts';
import { suiteAccept } from './semantic-session.ts';
import type { VisibilitySuiteId } from '../../checks/suite-catalogue.ts';
import { VisibilityViolation, type VisibilityMismatch } from './visibility-violation.ts';

/** A request of a visibility step: a path below the target (or an absolute URL) and what to send. */
export interface VisibilityRequest {
  readonly method: string;
  /** `/images/...` appended to the target, or an absolute URL (a CDN link). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/**
 * The "real system" of the visibility sequences: sends requests as a named principal (or
 * anonymously) through the run's transport, records every exchange, keeps a readable trace of the
 * current sequence, and turns a mismatch into a {@link VisibilityViolation} when it belongs to the
 * suite under test. A mismatch of the other suite is tolerated (kept, not thrown): the command then
 * follows the target's actual state, so each suite shrinks to its own minimal sequence.
 */
export class VisibilityClient {
  readonly runtime: SuiteRuntime;
  readonly operationId: string;
  /** The suite whose mismatches fail the sequence. */
  target: VisibilitySuiteId = 'visibility_isolation';
  /** Requests sent since the current property started. */
  requests = 0;
  /** Requests sent until the first violation of the current property; undefined while none. */
  requestsUntilCaught: number | undefined;
  /** Set once shrinking has spent its budget: remaining sequences run nothing. */
  exhausted = false;
  readonly tolerated: VisibilityMismatch[] = [];
  /** Answers in the 5xx range the sequences met (the first of each status): no model step judges a server failing. */
  readonly serverErrors: Exchange[] = [];
  /** Set while the suite's cleanup waits for an aborted property: no sequence may send after it. */
  #halted = false;
  #trace: string[] = [];
  #shrinkBudget: number;

  constructor(runtime: SuiteRuntime, operationId: string, shrinkBudget: number) {
    this.runtime = runtime;
    this.operationId = operationId;
    this.#shrinkBudget = shrinkBudget;
  }

  /** Starts a property for `suiteId`: counters and trace reset. */
  startProperty(suiteId: VisibilitySuiteId): void {
    this.target = suiteId;
    this.requests = 0;
    this.requestsUntilCaught = undefined;
    this.exhausted = false;
    this.tolerated.length = 0;
    this.#trace = [];
  }

  /** Starts a sequence: its trace begins empty. */
  startSequence(): void {
    this.#trace = [];
  }

  /** True when the principal is configured for this run. */
  has(principal: string): boolean {
    return this.runtime.principals.has(principal);
  }

  /** Adds a line to the current sequence's trace. */
  step(line: string): void {
    this.#trace.push(`${this.#trace.length + 1}. ${line}`);
  }

  /** Sends as `principal` (null = no credentials), honouring the target's Retry-After. */
  /** Refuses every further request of the sequences (they throw), so an aborted property winds down. */
  halt(): void {
    this.#halted = true;
  }

  /** Lets requests through again (the cleanup's own). */
  resume(): void {
    this.#halted = false;
  }

  async send(principal: string | null, request: VisibilityRequest): Promise<Exchange> {
    if (this.#halted) throw new Error('the run was stopped');
    const identity: Principal | undefined = principal === null ? undefined : this.runtime.principals.get(principal);
    if (principal !== null && !identity) throw new Error(`principal '${principal}' is not configured`);
    const absolute = /^[a-z]+:\/\//i.test(request.path);
    const url = new URL(absolute ? request.path : `${this.runtime.target.replace(/\/+$/, '')}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.append(name, value);
    const headers: Record<string, string> = {};
    // Credentials go to the API only: a CDN link is fetched as anybody would.
    if (identity && !absolute) {
      for (const [name, secret] of Object.entries(identity.headers)) headers[name.toLowerCase()] = secret.reveal();
      for (const [name, secret] of Object.entries(identity.query ?? {})) url.searchParams.set(name, secret.reveal());
      const cookies = Object.entries(identity.cookies ?? {}).map(([name, secret]) => `${name}=${secret.reveal()}`);
      if (cookies.length > 0) headers.cookie = cookies.join('; ');
    }
    // The API is asked for JSON as the suites' other requests are; a CDN link is fetched as a browser would.
    const accept = absolute ? undefined : suiteAccept(this.runtime.settings.accept);
    if (accept !== undefined) headers.accept = accept;
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    const outgoing: OutgoingRequest = {
      method: request.method,
      url: url.toString(),
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    };
    const exchange = await sendHonouringRetryAfter(
      (sent) => this.runtime.transport.send(sent),
      outgoing,
      (attempt) => {
        this.requests += 1;
        this.runtime.recordExchange(this.operationId, attempt);
      },
      this.runtime.retryAfter,
    );
    if (!exchange.response) {
      throw new Error(`${outgoing.method} ${this.runtime.redactor.text(outgoing.url)}: ${exchange.failure?.message ?? 'no response'}`);
    }
    const status = exchange.response.status;
    if (status >= 500 && !this.serverErrors.some((seen) => seen.response?.status === status)) this.serverErrors.push(exchange);
    if (this.requestsUntilCaught !== undefined && this.requests - this.requestsUntilCaught > this.#shrinkBudget) this.exhausted = true;
    return exchange;
  }

  /** A step's answer differs from the model: throws for the suite under test, else keeps it. */
  mismatch(mismatch: VisibilityMismatch): void {
    this.step(`✗ expected ${mismatch.expected}, got ${mismatch.got}`);
    if (mismatch.suiteId !== this.target) {
      this.tolerated.push(mismatch);
      return;
    }
    this.requestsUntilCaught ??= this.requests;
    throw new VisibilityViolation(mismatch, [...this.#trace]);
  }
}

/** The JSON body of an exchange, or undefined when it is not JSON. */
export function jsonBody(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.response?.body.toString('utf8') ?? '') as unknown;
  } catch {
    return undefined;
  }
}

/** The status of an exchange (0 when none came). */
export function statusOf(exchange: Exchange): number {
  return exchange.response?.status ?? 0;
}
