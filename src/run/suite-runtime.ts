import { inject } from 'vitest';
import { join } from 'node:path';
import { parsePrincipals, principalSecrets, type Principals, type PrincipalsInput } from '../principals.ts';
import { PLAIN_VITEST_MAX_EXAMPLES, resolveConfig } from '../config.ts';
import { Redactor } from '../redact.ts';
import { HttpTransport } from '../transport/http-transport.ts';
import type { Exchange, OutgoingRequest } from '../transport/exchange.ts';
import type { QuotaHold, QuotaPacer } from '../transport/quota-pacer.ts';
import { countedSender, holdNote, pacedSender, quotaPacerFor, type RequestSender } from '../transport/quota-pacing.ts';
import { formatWait, postProgress } from '../transport/progress-channel.ts';
import { retryAfterDefaults, type RetryAfterPolicy } from '../transport/honour-retry-after.ts';
import { loadSuiteApi } from './suite-api.ts';
import { curlCommand } from '../transport/curl-command.ts';
import { EventLog } from './event-log.ts';
import { harEntryJson } from './har-entry.ts';
import type { RunEvent } from './events.ts';
import type { Finding } from '../checks/finding.ts';
import { Ledger } from './ledger.ts';
import { recordExchange } from './record-exchange.ts';
import { DeferredWork } from './deferred-work.ts';
import { onRequestWritten } from '../transport/request-written.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { RUN_SETTINGS_KEY, type ProvidedRunSettings, type RunSettings } from './run-settings.ts';
import { tmpdir } from 'node:os';
import type { Verdict } from './events.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    [RUN_SETTINGS_KEY]: ProvidedRunSettings | undefined;
  }
}

/** A finding with the exchange that shows it. */
export interface FindingEvidence {
  readonly finding: Finding;
  readonly exchange: Exchange;
  readonly occurrences?: number;
  /** When the property ran from its own seed (a model-based sequence), that seed and fast-check's path. */
  readonly seed?: number;
  readonly path?: string;
}

/** One check's or suite property's verdict on one operation (or suite). */
export interface CheckResult extends Verdict {
  readonly operationId: string;
  readonly operationLabel: string;
  readonly checkId: string;
  /** A skip because the document gives it nothing to test (see the `check-result` event). */
  readonly notApplicable?: true;
  readonly findings: readonly FindingEvidence[];
  /** Position in an unsharded run, for merging shards back into one run's order. */
  readonly ordinal?: number;
}


const pacers = new Map<string, Promise<QuotaPacer>>();

/**
 * One pacer per target and documents in a worker: the files of a run against a user's target
 * run one after another in one worker, and the target's quota counts all of them.
 */
function sharedQuotaPacer(settings: RunSettings, target: string): Promise<QuotaPacer> {
  const key = `${target}\u0000${JSON.stringify(settings.sources)}`;
  let pacer = pacers.get(key);
  if (!pacer) {
    const onHold = (hold: QuotaHold): void => {
      const text = holdNote(hold);
      if (text) postProgress({ api: settings.api, text });
    };
    pacers.set(
      key,
      (pacer = loadSuiteApi(settings.sources).then((model) => {
        const created = quotaPacerFor(model, target, onHold);
        countPriorRequests(created, settings);
        return created;
      })),
    );
  }
  return pacer;
}

/** The requests sent before the suites (the fixtures' preflight), each with its principal's credentials, counted once. */
function countPriorRequests(pacer: QuotaPacer, settings: RunSettings): void {
  if (!settings.priorRequests?.length) return;
  const principals = parsePrincipals(settings.principals, 'principals', {});
  for (const prior of settings.priorRequests) {
    const headers = Object.fromEntries(Object.entries(principals.get(prior.principal)?.headers ?? {}).map(([name, secret]) => [name, secret.reveal()]));
    pacer.count({ method: prior.method, url: prior.url, headers }, prior.at);
  }
}


/** A target a suite starts for itself when run by plain vitest (the embedded reference server). */
export interface DefaultTarget {
  readonly url: string;
  close(): Promise<void>;
}

/** What a suite file declares about its API, used when no `conform run` settings are provided. */
export interface SuiteDefaults {
  readonly api: string;
  /** Document paths relative to the package root, or absolute, or URLs. */
  readonly sources: readonly string[];
  /** Starts the reference server; the resolved URL plus `basePath` is the target. */
  readonly startDefaultTarget: () => Promise<DefaultTarget>;
  /** Where the document's paths live on the default target, e.g. `/v2` for Glance. */
  readonly basePath?: string;
  readonly defaultPrincipals: PrincipalsInput;
  readonly maxExamples?: number;
  /** The rate-limit suite: under `conform run` it probes the short-window instance, when there is one. */
  readonly usesRateLimitTarget?: boolean;
  /** The quota window of the default target when it is shorter than documented. */
  readonly rateLimitWindowMs?: number;
}


function absolute(source: string): string {
  return /^[a-z]+:\/\//i.test(source) || source.startsWith('/') ? source : join(PACKAGE_ROOT, source);
}

/** The settings of this worker: those `conform run` provided, else the suite's defaults (plain vitest). */
export function suiteSettings(defaults: SuiteDefaults): { settings: RunSettings; needsDefaultTarget: boolean } {
  const provided = inject(RUN_SETTINGS_KEY)?.[defaults.api];
  if (provided) return { settings: provided, needsDefaultTarget: false };
  const seed = Number.parseInt(process.env.CONFORM_SEED ?? '', 10);
  // A smaller size than the CLI's (its embedded server is the target and `npm test` runs every suite);
  // the server is conform's own, so its quotas are measured.
  const resolved = resolveConfig({ maxExamples: defaults.maxExamples ?? PLAIN_VITEST_MAX_EXAMPLES, rateLimitProbe: true });
  return {
    settings: {
      api: defaults.api,
      sources: defaults.sources.map(absolute),
      target: '',
      ownsTarget: true,
      principals: defaults.defaultPrincipals,
      seed: Number.isFinite(seed) ? seed : 20_261_123,
      maxExamples: resolved.maxExamples,
      include: [],
      exclude: [],
      checks: [],
      requestTimeoutMs: resolved.requestTimeoutMs,
      maxResponseBytes: resolved.maxResponseBytes,
      retries: resolved.retries,
      rateLimitProbe: resolved.rateLimitProbe,
      ...(defaults.rateLimitWindowMs === undefined ? {} : { rateLimitWindowMs: defaults.rateLimitWindowMs }),
    },
    needsDefaultTarget: true,
  };
}

/**
 * The per-file services of a suite: transport, redaction, event log, ledger. Created in `beforeAll`
 * (the target may need starting), closed in `afterAll`.
 */
export class SuiteRuntime {
  readonly settings: RunSettings;
  readonly principals: Principals;
  readonly redactor: Redactor;
  /** Sends the suites' requests, paced under the document's quotas when the run asks for it. */
  readonly transport: RequestSender;
  /**
   * Sends without pacing: only the rate-limit probe, which must exceed the quota to measure it. Its
   * requests still count in the pacer, so the paced requests after the probe wait for the quota.
   */
  readonly unpacedTransport: RequestSender;
  readonly #http: HttpTransport;
  readonly #pacer: QuotaPacer | undefined;
  readonly ledger: Ledger;
  readonly target: string;
  readonly #events: EventLog | undefined;
  readonly #defaultTarget: DefaultTarget | undefined;
  /**
   * Recording and judging exchanges, done while the next request is in flight. Every event goes to the
   * log after the records deferred before it, so the log's order is the order of the sends.
   */
  readonly deferred = new DeferredWork(onRequestWritten);
  requests = 0;
  /** How the suites wait out a target's 429: each wait is said to the `conform run` that prints progress. */
  readonly retryAfter: RetryAfterPolicy;

  private constructor(settings: RunSettings, target: string, defaultTarget: DefaultTarget | undefined, fileTag: string, pacer?: QuotaPacer) {
    this.settings = settings;
    this.target = target;
    this.#defaultTarget = defaultTarget;
    this.principals = parsePrincipals(settings.principals, 'principals', {});
    this.redactor = new Redactor(principalSecrets(this.principals));
    this.#http = new HttpTransport({
      requestTimeoutMs: settings.requestTimeoutMs,
      maxBodyBytes: settings.maxResponseBytes,
      ...(settings.rateLimit === undefined ? {} : { maxRequestsPerSecond: settings.rateLimit }),
      ...(settings.concurrency === undefined ? {} : { connections: settings.concurrency }),
      ...(settings.retries === undefined ? {} : { retries: settings.retries }),
    });
    this.transport = pacer?.active ? pacedSender(this.#http, pacer) : this.#http;
    this.unpacedTransport = pacer?.active ? countedSender(this.#http, pacer) : this.#http;
    this.#pacer = pacer?.active ? pacer : undefined;
    this.retryAfter = {
      ...retryAfterDefaults,
      onWait: (waitMs, exchange) => postProgress({ api: settings.api, text: `the target answered 429 to ${exchange.request.method} ${this.redactor.text(new URL(exchange.request.url).pathname)}: waiting ${formatWait(waitMs)} as its Retry-After asks` }),
    };
    const dir = settings.eventsDir ?? join(tmpdir(), `conform-${process.pid}`);
    this.#events = settings.eventsDir ? new EventLog(join(dir, `${fileTag}-${process.pid}.ndjson`)) : undefined;
    this.ledger = new Ledger(join(dir, `${fileTag}-${process.pid}.ledger.ndjson`));
  }

  /** A runtime for explicit settings (programmatic runs, tests, benchmarks). */
  static forSettings(settings: RunSettings, fileTag: string): SuiteRuntime {
    return new SuiteRuntime(settings, settings.target, undefined, fileTag);
  }

  /** Resolves the target (starting the default one if needed) and opens the sinks. */
  static async open(defaults: SuiteDefaults, fileTag: string): Promise<SuiteRuntime> {
    const { settings, needsDefaultTarget } = suiteSettings(defaults);
    if (!needsDefaultTarget) {
      const target = defaults.usesRateLimitTarget && settings.rateLimitTarget ? settings.rateLimitTarget : (settings.fileTargets?.[fileTag] ?? settings.target);
      const pacer = settings.quotaPacing ? await sharedQuotaPacer(settings, target) : undefined;
      return new SuiteRuntime({ ...settings, target }, target, undefined, fileTag, pacer);
    }
    const started = await defaults.startDefaultTarget();
    const target = `${started.url}${defaults.basePath ?? ''}`;
    return new SuiteRuntime({ ...settings, target }, target, started, fileTag);
  }

  emit(event: RunEvent): void {
    this.deferred.settle();
    this.#events?.emit(event);
  }

  /**
   * Emits one check's (or suite property's) verdict and its findings, each with the exchange that
   * shows it (redacted, capped) and a replay command: the one way every suite reports.
   */
  emitResult(result: CheckResult): void {
    this.emit({
      type: 'check-result',
      operationId: result.operationId,
      operationLabel: result.operationLabel,
      checkId: result.checkId,
      status: result.status,
      requests: result.requests,
      ...(result.reason === undefined ? {} : { reason: result.reason }),
      ...(result.notApplicable ? { notApplicable: true as const } : {}),
      ...(result.ordinal === undefined ? {} : { ordinal: result.ordinal }),
    });
    for (const evidence of result.findings) {
      this.emit({
        type: 'finding',
        finding: evidence.finding,
        exchange: recordExchange(evidence.exchange, this.redactor),
        curl: this.curl(evidence.exchange),
        seed: evidence.seed ?? this.settings.seed,
        ...(evidence.path ? { path: evidence.path } : {}),
        ...(evidence.occurrences === undefined ? {} : { occurrences: evidence.occurrences }),
      });
    }
  }

  /**
   * Records an exchange as the run's evidence (redacted, capped): of the API operation it called, and,
   * when a result of another operation (a semantic suite's property) is what it decides, of that one.
   */
  recordExchange(operationId: string, exchange: Exchange, evidenceFor?: string): void {
    this.requests += 1;
    const events = this.#events;
    if (events) this.deferred.defer(() => events.emit({ type: 'exchange', operationId, har: harEntryJson(operationId, recordExchange(exchange, this.redactor), evidenceFor) }));
  }

  /** On a paced run: the requests of `request`'s key its quotas counted in the window that ends now; 0 unpaced. */
  countedInWindow(request: OutgoingRequest): number {
    return this.#pacer?.countedInWindow(request) ?? 0;
  }

  curl(exchange: Exchange): string {
    return curlCommand(exchange.request, this.redactor);
  }

  async close(): Promise<void> {
    await this.#http.close();
    try {
      this.deferred.close();
    } finally {
      await this.#events?.close();
      await this.#defaultTarget?.close();
    }
  }
}
