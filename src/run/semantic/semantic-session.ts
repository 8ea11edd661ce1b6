import { describeError } from '../../errors.ts';
import type { Finding, FindingDraft } from '../../checks/finding.ts';
import type { Principal } from '../../principals.ts';
import type { Exchange, OutgoingRequest } from '../../transport/exchange.ts';
import { joinUrl, NO_ACCEPT } from '../../transport/case-request.ts';
import { sendHonouringRetryAfter } from '../../transport/honour-retry-after.ts';
import { postProgress } from '../../transport/progress-channel.ts';
import { requestUrlOf, type LedgerEntry } from '../ledger.ts';
import type { SuiteRuntime } from '../suite-runtime.ts';
import { SEMANTIC_SUITES, type SemanticSuiteId } from '../../checks/suite-catalogue.ts';
import type { Verdict } from '../events.ts';

/** One `it` of a semantic suite: a suite id applied to one operation (or list, or lifecycle). */
export interface SemanticProperty {
  readonly checkId: SemanticSuiteId;
  readonly operationId: string;
  /** e.g. `GET /images (pagination)`. */
  readonly operationLabel: string;
}

/** A finding draft with the exchange that shows it and the rule it breaks. */
export interface ObservedDraft {
  readonly draft: FindingDraft;
  /** The rule, e.g. `Glance v2 list: next`. */
  readonly clause: string;
  readonly exchange: Exchange;
}

/**
 * A property's observations with the number of requests it took: for a property whose requests were
 * sent before its body ran, interleaved with another property's (rate-limit-plan.ts).
 */
export interface CountedObservations {
  readonly findings: readonly ObservedDraft[];
  readonly requests: number;
}

/** The verdict of one property. */
export interface PropertyOutcome extends Verdict {
  readonly property: SemanticProperty;
  /** A skip because the document gives the property nothing to test, not one it could not run. */
  readonly notApplicable?: true;
  readonly findings: readonly { readonly finding: Finding; readonly exchange: Exchange }[];
  /** The send order (1-based, whole session) of the earliest exchange that shows a finding. */
  readonly requestsUntilFirstFinding?: number;
}

/** A request in a suite's own words: path relative to the target (or an absolute URL), query pairs, JSON or raw body. */
export interface SuiteRequest {
  readonly method: string;
  /** `/images/{id}` (joined to the target) or an absolute URL (followed as given, e.g. a `next` link). */
  readonly path: string;
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly body?: string | Uint8Array;
}

/** Keys of a property in the outcome map. */
export function propertyKey(property: Pick<SemanticProperty, 'checkId' | 'operationLabel'>): string {
  return `${property.checkId} ${property.operationLabel}`;
}

/** What a suite's request asks for: JSON, or the user's override; undefined when that is `none`. */
export function suiteAccept(override: Readonly<Record<string, string>> | undefined, operationId?: string): string | undefined {
  const value = (operationId === undefined ? undefined : override?.[operationId]) ?? override?.['*'] ?? 'application/json';
  return value === NO_ACCEPT ? undefined : value;
}

/** Header names compared case-insensitively: the principal's identity replaces any given one. */
function mergeHeaders(given: Readonly<Record<string, string>>, principal: Principal | undefined): Record<string, string> {
  const headers: Record<string, string> = { ...given };
  for (const [name, secret] of Object.entries(principal?.headers ?? {})) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    headers[name] = secret.reveal();
  }
  return headers;
}

/**
 * What a semantic suite works with: requests sent (honouring Retry-After unless told not to) and
 * recorded as evidence, findings collected per property, events emitted like `ContractRun` does, and
 * the items the suite created, in the run's ledger, deleted by `cleanup`.
 */
export class SemanticSession {
  readonly runtime: SuiteRuntime;
  readonly #outcomes = new Map<string, PropertyOutcome>();
  readonly #created: LedgerEntry[] = [];
  /** The 1-based send order of each exchange, for "requests until caught". */
  readonly #order = new WeakMap<Exchange, number>();
  #sent = 0;
  /** The property whose body runs now: what its exchanges are evidence for. */
  #current: SemanticProperty | undefined;
  /**
   * What the exchanges sent outside any property (a plan's shared setup, cleanup) are evidence for:
   * the plan's first property, so they stay with the suite's results even when the operations they
   * call have none in this run (a shard, `--include`).
   */
  readonly #planEvidence: SemanticProperty | undefined;

  constructor(runtime: SuiteRuntime, properties: readonly SemanticProperty[] = []) {
    this.runtime = runtime;
    this.#planEvidence = properties[0];
  }

  /** Requests this session sent so far. */
  get requests(): number {
    return this.#sent;
  }

  principal(name: string): Principal | undefined {
    return this.runtime.principals.get(name);
  }

  /**
   * The outgoing form of `request` acting as `principal` (credentials revealed here, at the last
   * moment). It asks for JSON, as the suites' APIs document every answer, unless the request names its
   * own Accept or the user's `--accept` says otherwise (for `operationId`, else for every operation).
   */
  outgoing(request: SuiteRequest, principal: Principal | undefined, operationId?: string): OutgoingRequest {
    const base = /^https?:\/\//i.test(request.path) ? request.path : joinUrl(this.runtime.target, request.path);
    const query = (request.query ?? []).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
    let url = query ? `${base}${base.includes('?') ? '&' : '?'}${query}` : base;
    for (const [name, value] of Object.entries(principal?.query ?? {})) {
      url += `${url.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value.reveal())}`;
    }
    const extra: Record<string, string> = { ...(request.headers ?? {}) };
    const accept = suiteAccept(this.runtime.settings.accept, operationId);
    if (accept !== undefined && !Object.keys(extra).some((name) => name.toLowerCase() === 'accept')) extra.accept = accept;
    let body = request.body;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      if (!Object.keys(extra).some((name) => name.toLowerCase() === 'content-type')) extra['content-type'] = 'application/json';
    }
    return { method: request.method, url, headers: mergeHeaders(extra, principal), ...(body === undefined ? {} : { body }) };
  }

  /** Sends as `principal`, waiting out a 429 the target answers with a Retry-After (its quota is its right). */
  async send(operationId: string, request: SuiteRequest, principal: Principal | undefined): Promise<Exchange> {
    return sendHonouringRetryAfter(
      (outgoing) => this.runtime.transport.send(outgoing),
      this.outgoing(request, principal, operationId),
      (exchange) => this.#record(operationId, exchange),
      this.runtime.retryAfter,
    );
  }

  /** Says what the suite is waiting for, to the `conform run` that prints progress. */
  note(text: string): void {
    postProgress({ api: this.runtime.settings.api, text });
  }

  /** The requests of `outgoing`'s credential the run's pacer counted in the quota window that ends now (0 when unpaced). */
  countedInWindow(outgoing: OutgoingRequest): number {
    return this.runtime.countedInWindow(outgoing);
  }

  /** Sends once, unpaced, a 429 included: the rate-limit probe wants to see the quota. */
  async sendRaw(operationId: string, outgoing: OutgoingRequest): Promise<Exchange> {
    const exchange = await this.runtime.unpacedTransport.send(outgoing);
    this.#record(operationId, exchange);
    return exchange;
  }

  #record(operationId: string, exchange: Exchange): void {
    this.#sent += 1;
    this.#order.set(exchange, this.#sent);
    this.runtime.recordExchange(operationId, exchange, (this.#current ?? this.#planEvidence)?.operationId);
  }

  /** Records an item the suite created (before anything else can fail), so cleanup deletes it. */
  created(entry: Omit<LedgerEntry, 'createdAt'>): void {
    const full = { ...entry, createdAt: new Date().toISOString() };
    this.runtime.ledger.record(full);
    this.#created.push(full);
  }

  /** Marks an item deleted by a suite step. */
  removed(url: string): void {
    const index = this.#created.findIndex((entry) => entry.url === url);
    if (index < 0) return;
    this.#created.splice(index, 1);
    this.runtime.ledger.markRemoved(url);
  }

  /** What the suite created and has not seen deleted, newest first. */
  outstanding(): LedgerEntry[] {
    return [...this.#created].reverse();
  }

  /**
   * Deletes what the suite created (after `beforeRemove`'s requests, e.g. lifting a protection) and
   * restores the declared fixtures it changed; resolves to what could not be. Never touches anything else.
   */
  async cleanup(beforeRemove?: (entry: LedgerEntry) => readonly SuiteRequest[]): Promise<string[]> {
    const left: string[] = [];
    for (const entry of this.outstanding()) {
      const principal = this.principal(entry.principal);
      if (entry.restore) {
        // A declared fixture the suite changed: put back as it was, never deleted.
        const url = requestUrlOf(entry.url);
        const restored = await this.send(entry.operationId, { method: entry.restore.method, path: url, headers: { ...entry.restore.headers }, body: entry.restore.body }, principal);
        const status = restored.response?.status ?? 0;
        if (status >= 200 && status < 300) this.removed(entry.url);
        else left.push(`${url} (restoring it answered ${status || restored.failure?.message})`);
        continue;
      }
      if (!entry.removeMethod) {
        left.push(`${entry.url} (the API documents no delete)`);
        continue;
      }
      for (const step of beforeRemove?.(entry) ?? []) await this.send(entry.operationId, step, principal);
      const exchange = await this.send(entry.operationId, { method: entry.removeMethod, path: entry.url }, principal);
      const status = exchange.response?.status ?? 0;
      if ((status >= 200 && status < 300) || status === 404 || status === 410) this.removed(entry.url);
      else left.push(`${entry.url} (${entry.removeMethod} answered ${status || exchange.failure?.message})`);
    }
    return left;
  }

  /**
   * Runs one property: `body` returns the findings it observed (or a skip reason); the outcome is
   * recorded and emitted as `check-result` and `finding` events. Findings with the same key collapse.
   */
  async property(
    property: SemanticProperty,
    body: () => Promise<readonly ObservedDraft[] | CountedObservations | { readonly skip: string; readonly requests?: number; readonly notApplicable?: true }>,
  ): Promise<PropertyOutcome> {
    const before = this.#sent;
    const findings: { finding: Finding; exchange: Exchange }[] = [];
    let firstAt: number | undefined;
    let result: Awaited<ReturnType<typeof body>>;
    this.#current = property;
    try {
      result = await body();
    } catch (error: unknown) {
      // This property cannot conclude; the plan's other properties still run.
      return this.error(property, `stopped: ${describeError(error)}`, this.#sent - before);
    } finally {
      this.#current = undefined;
    }
    const requests = 'requests' in result && result.requests !== undefined ? result.requests : this.#sent - before;
    let outcome: PropertyOutcome;
    if ('skip' in result) {
      outcome = { property, status: 'skipped', reason: result.skip, requests, findings: [], ...('notApplicable' in result && result.notApplicable ? { notApplicable: true as const } : {}) };
    } else {
      const seen = new Set<string>();
      for (const observed of 'findings' in result ? result.findings : result) {
        if (seen.has(observed.draft.key)) continue;
        seen.add(observed.draft.key);
        const at = this.#order.get(observed.exchange) ?? this.#sent;
        firstAt = Math.min(firstAt ?? at, at);
        const meta = SEMANTIC_SUITES[property.checkId];
        findings.push({
          finding: {
            ...observed.draft,
            checkId: property.checkId,
            title: meta.title,
            clause: observed.clause,
            severity: meta.severity,
            operationId: property.operationId,
            operationLabel: property.operationLabel,
          },
          exchange: observed.exchange,
        });
      }
      outcome = {
        property,
        status: findings.length > 0 ? 'failed' : 'passed',
        ...(findings.length > 0 ? { reason: findings[0]?.finding.message ?? '' } : {}),
        requests,
        findings,
        ...(firstAt === undefined ? {} : { requestsUntilFirstFinding: firstAt }),
      };
    }
    this.#outcomes.set(propertyKey(property), outcome);
    this.#emit(outcome);
    return outcome;
  }

  /**
   * Records a skipped property without running anything. `notApplicable`: the document gives it
   * nothing to test; otherwise the skip leaves the run incomplete (a principal missing, a target
   * conform may not change), and the verdict says so.
   */
  skip(property: SemanticProperty, reason: string, options: { readonly notApplicable?: boolean } = {}): PropertyOutcome {
    const outcome: PropertyOutcome = { property, status: 'skipped', reason, requests: 0, findings: [], ...(options.notApplicable ? { notApplicable: true as const } : {}) };
    this.#outcomes.set(propertyKey(property), outcome);
    this.#emit(outcome);
    return outcome;
  }

  /** Records a property conform could not conclude (an exception, not the target's answer). */
  error(property: SemanticProperty, reason: string, requests = 0): PropertyOutcome {
    const outcome: PropertyOutcome = { property, status: 'error', reason, requests, findings: [] };
    this.#outcomes.set(propertyKey(property), outcome);
    this.#emit(outcome);
    return outcome;
  }

  /** Every outcome so far, by {@link propertyKey}. */
  outcomes(): ReadonlyMap<string, PropertyOutcome> {
    return this.#outcomes;
  }

  #emit(outcome: PropertyOutcome): void {
    this.runtime.emitResult({
      operationId: outcome.property.operationId,
      operationLabel: outcome.property.operationLabel,
      checkId: outcome.property.checkId,
      status: outcome.status,
      requests: outcome.requests,
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      ...(outcome.notApplicable ? { notApplicable: true as const } : {}),
      findings: outcome.findings,
    });
  }
}
