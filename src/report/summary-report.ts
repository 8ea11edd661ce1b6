import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckStatus, NegotiationObservation, RecordedExchange, RunEvent } from '../run/events.ts';
import { SUITE_CATALOGUE } from '../checks/suite-catalogue.ts';
import type { ReportWriter } from './report-writer.ts';

const EXCERPT_CHARS = 2048;

export interface SummaryCheck {
  readonly id: string;
  readonly operation: string;
  /** The operation's id, as each of its exchanges carries it in `exchanges.har` (`_operationId`). */
  readonly operationId: string;
  readonly status: CheckStatus;
  readonly requests: number;
  readonly reason?: string;
  /** A skip because the document gives the check nothing to test; other skips of a suite leave the run incomplete. */
  readonly notApplicable?: true;
}

export interface SummaryFinding {
  readonly check: string;
  readonly operation: string;
  readonly message: string;
  readonly clause: string;
  readonly severity: string;
  readonly key: string;
  /** How many generated cases showed this same defect. */
  readonly occurrences: number;
  readonly request: { method: string; url: string; headers: RecordedExchange['request']['headers']; body?: string };
  readonly response?: { status: number; headers: NonNullable<RecordedExchange['response']>['headers']; body: string };
  readonly curl: string;
  readonly seed: number;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** What one operation answered with and without an Accept header (the no-Accept probe): information, not a finding. */
export type SummaryNegotiation = { readonly operation: string } & NegotiationObservation;

/** The shape of `summary.json`, the machine-readable verdict of a run. */
export interface Summary {
  readonly api: string;
  readonly target: string;
  readonly seed: number;
  /** The `--accept` override the run sent instead of the documented media types (`none`: no Accept). */
  readonly accept?: Readonly<Record<string, string>>;
  readonly ok: boolean;
  readonly unreachable?: string;
  /** Errors no check owns (a suite's set-up, a crashed worker); any makes `ok` false. */
  readonly errors?: readonly string[];
  /** How many checks ended in each status; `error` > 0 makes `ok` false. */
  readonly outcomes: Readonly<Record<CheckStatus, number>>;
  readonly checks: readonly SummaryCheck[];
  readonly findings: readonly SummaryFinding[];
  readonly stats: { readonly requests: number; readonly durationMs: number };
  /** The no-Accept probe's result per operation; absent when the run sent none. */
  readonly negotiation?: readonly SummaryNegotiation[];
  /**
   * What the semantic suites covered: how many results they concluded, and those skipped for a reason
   * other than "the document gives them nothing to test" (a principal, fixture or opt-in missing).
   */
  readonly coverage?: { readonly suitesRun: number; readonly suitesSkipped: readonly { readonly id: string; readonly operation: string; readonly reason: string }[] };
}

/** How many checks ended in each status. */
export function countOutcomes(checks: readonly Pick<SummaryCheck, 'status'>[]): Record<CheckStatus, number> {
  const outcomes: Record<CheckStatus, number> = { passed: 0, failed: 0, skipped: 0, error: 0 };
  for (const check of checks) outcomes[check.status] += 1;
  return outcomes;
}

function excerpt(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}… (${text.length - EXCERPT_CHARS} more chars)` : text;
}

/** What the semantic suites of a run covered (see {@link Summary.coverage}). */
export function coverageOf(checks: readonly SummaryCheck[]): NonNullable<Summary['coverage']> {
  const suites = checks.filter((check) => check.id in SUITE_CATALOGUE);
  return {
    suitesRun: suites.filter((check) => check.status !== 'skipped').length,
    suitesSkipped: suites.filter((check) => check.status === 'skipped' && !check.notApplicable).map((check) => ({ id: check.id, operation: check.operation, reason: check.reason ?? 'no reason given' })),
  };
}

/** Reduces the event stream to `summary.json`; findings of one defect collapse onto one entry. */
export class SummaryReport implements ReportWriter {
  readonly name = 'summary';
  readonly #outDir: string;
  #api = '';
  #target = '';
  #seed = 0;
  #accept: Readonly<Record<string, string>> | undefined;
  #durationMs = 0;
  #requests = 0;
  #unreachable: string | undefined;
  #errors: readonly string[] = [];
  readonly #checks = new Map<string, SummaryCheck>();
  readonly #findings = new Map<string, SummaryFinding>();
  readonly #negotiation: SummaryNegotiation[] = [];

  constructor(outDir: string) {
    this.#outDir = outDir;
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.#api = event.api;
        this.#target = event.target;
        this.#seed = event.seed;
        this.#accept = event.accept;
        return;
      case 'exchange':
        this.#requests += 1;
        return;
      case 'check-result':
        this.#checks.set(`${event.operationId}\u0000${event.operationLabel}\u0000${event.checkId}`, {
          id: event.checkId,
          operation: event.operationLabel,
          operationId: event.operationId,
          status: event.status,
          requests: event.requests,
          ...(event.reason === undefined ? {} : { reason: event.reason }),
          ...(event.notApplicable ? { notApplicable: true as const } : {}),
        });
        return;
      case 'finding': {
        const { finding, exchange } = event;
        const id = `${finding.checkId}\u0000${finding.operationId}\u0000${finding.key}`;
        const known = this.#findings.get(id);
        if (known) {
          this.#findings.set(id, { ...known, occurrences: known.occurrences + (event.occurrences ?? 1) });
          return;
        }
        this.#findings.set(id, {
          check: finding.checkId,
          operation: finding.operationLabel,
          message: finding.message,
          clause: finding.clause,
          severity: finding.severity,
          key: finding.key,
          occurrences: event.occurrences ?? 1,
          request: {
            method: exchange.request.method,
            url: exchange.request.url,
            headers: exchange.request.headers,
            ...(exchange.request.body === undefined ? {} : { body: excerpt(exchange.request.body) }),
          },
          ...(exchange.response
            ? { response: { status: exchange.response.status, headers: exchange.response.headers, body: excerpt(exchange.response.body) } }
            : {}),
          curl: event.curl,
          seed: event.seed,
          evidence: finding.evidence,
        });
        return;
      }
      case 'negotiation': {
        const { type: _type, operationId: _operationId, operationLabel, ...observation } = event;
        this.#negotiation.push({ operation: operationLabel, ...observation });
        return;
      }
      case 'run-finished':
        this.#durationMs = event.durationMs;
        this.#unreachable = event.unreachable;
        this.#errors = event.errors ?? [];
        return;
    }
  }

  /** The summary as built so far. */
  summary(): Summary {
    const checks = [...this.#checks.values()];
    const findings = [...this.#findings.values()];
    const outcomes = countOutcomes(checks);
    return {
      api: this.#api,
      target: this.#target,
      seed: this.#seed,
      ...(this.#accept === undefined ? {} : { accept: this.#accept }),
      ok: this.#unreachable === undefined && this.#errors.length === 0 && findings.length === 0 && outcomes.failed === 0 && outcomes.error === 0,
      ...(this.#unreachable === undefined ? {} : { unreachable: this.#unreachable }),
      ...(this.#errors.length === 0 ? {} : { errors: this.#errors }),
      outcomes,
      checks,
      findings,
      stats: { requests: this.#requests, durationMs: Math.round(this.#durationMs) },
      ...(this.#negotiation.length === 0 ? {} : { negotiation: this.#negotiation }),
      coverage: coverageOf(checks),
    };
  }

  async finish(): Promise<readonly string[]> {
    const path = join(this.#outDir, 'summary.json');
    await writeFile(path, `${JSON.stringify(this.summary(), null, 2)}\n`);
    return [path];
  }
}
