import fc from 'fast-check';
import { describeError } from '../../errors.ts';
import type { Finding } from '../../checks/finding.ts';
import { notAServerError } from '../../checks/not-a-server-error.ts';
import type { Exchange } from '../../transport/exchange.ts';
import { deriveSeed } from '../../generate/derive-seed.ts';
import { recordExchange } from '../record-exchange.ts';
import { visibilitySequences, type RunSettings } from '../run-settings.ts';
import type { SuiteRuntime } from '../suite-runtime.ts';
import { VisibilityClient } from './visibility-client.ts';
import { VISIBILITY_SUITE_IDS, VISIBILITY_SUITES, type VisibilitySuiteId } from '../../checks/suite-catalogue.ts';
import { VisibilityViolation } from './visibility-violation.ts';
import { failureMessage } from '../failure-message.ts';
import type { Verdict } from '../events.ts';

/** A command of a visibility sequence: a step by one principal, checked against the model. */
export type VisibilityCommand<Model extends object> = fc.AsyncCommand<Model, VisibilityClient>;

/** What an API's visibility model gives the runner once it knows the target. */
export interface VisibilityProgram<Model extends object> {
  readonly commands: readonly fc.Arbitrary<VisibilityCommand<Model>>[];
  /**
   * Sequences run first in every run whatever the seed (fast-check `examples`), so the steps the model
   * judges are each reached at least once; the random sequences explore on top of them.
   */
  readonly tours?: readonly (readonly VisibilityCommand<Model>[])[];
  /**
   * At the start of every sequence (shrinking replays many): undoes what earlier sequences changed
   * where the API allows it, and resolves to the model of the target's state the sequence starts from.
   */
  reset(client: VisibilityClient): Promise<Model>;
  /** After the last sequence: restores or deletes what the run changed or created; resolves to what is left. */
  cleanup(client: VisibilityClient): Promise<string[]>;
  /**
   * Rules the sequences cannot reach on this target, each with why (a principal the principals file
   * lacks): reported beside the suite's result as skipped, so the verdict says incomplete.
   */
  readonly untested?: readonly { readonly label: string; readonly reason: string }[];
}

/** An API's visibility suites: the principals they need and how to build the model-based program. */
export interface VisibilityDefinition<Model extends object> {
  readonly api: string;
  /** Shown in reports: `visibility (<label>)`. */
  readonly label: string;
  /** Principals every sequence needs; a missing one skips the suites with that reason. */
  readonly requiredPrincipals: readonly string[];
  /** Why the sequences may not run against this target (beyond principals), if so. */
  skipReason?(settings: RunSettings): string | undefined;
  /** Learns from the target what the sequences need; a string is why they cannot run. */
  prepare(client: VisibilityClient): Promise<VisibilityProgram<Model> | string>;
}

/** Knobs of a visibility run. */
export interface VisibilityRunOptions {
  /** Sequences per suite, tours included. @defaultValue settings.sequences, else settings.maxExamples and at least 30 */
  readonly numRuns?: number;
  /** Steps per sequence. @defaultValue 16 */
  readonly maxCommands?: number;
  /** Requests fast-check may spend shrinking a failing sequence. @defaultValue 400 */
  readonly shrinkBudget?: number;
}

/** What one visibility suite concluded. */
export interface VisibilityOutcome extends Verdict {
  readonly checkId: VisibilitySuiteId;
  readonly finding?: Finding;
  /** The failing exchange of the shrunk sequence. */
  readonly exchange?: Exchange;
  /** The shrunk sequence, one readable line per request-level step. */
  readonly sequence?: readonly string[];
  /** fast-check's form of the shrunk command sequence. */
  readonly commands?: string;
  /** fast-check's counterexample path, replayable with the seed. */
  readonly path?: string;
  readonly seed: number;
  /** Requests sent before the first failing step was seen (before shrinking). */
  readonly requestsUntilCaught?: number;
}

/**
 * Walks that ran to the end in this thread, by {@link VisibilityRun#walkKey}: which suite walked, and
 * the suites whose rules no step broke. The two suite files of an API run one after another in one
 * worker on a user's target (its quota counts every request), so the second reads the first's walk.
 */
const SERVER_ERRORS_REPORTED = new Set<string>();

const CLEAN_WALKS = new Map<string, { readonly by: VisibilitySuiteId; readonly clean: ReadonlySet<VisibilitySuiteId>; readonly requests: number; readonly untested?: VisibilityProgram<object>['untested'] }>();

/** The operation id visibility exchanges and findings are filed under. */
export const VISIBILITY_OPERATION_ID = 'visibility';

/**
 * Runs an API's visibility suites against one target: model-based sequences (fast-check
 * `asyncModelRun` over `fc.commands`, seeded from the run's seed), one property per suite id, each
 * failing only on its own suite's mismatches. Emits check results and findings like the contract
 * run. The vitest suite and the fault proofs both drive it.
 */
export class VisibilityRun<Model extends object> {
  readonly definition: VisibilityDefinition<Model>;
  readonly #runtime: SuiteRuntime;
  readonly #options: VisibilityRunOptions;
  readonly #client: VisibilityClient;
  #program: Promise<VisibilityProgram<Model> | string> | undefined;
  /** What the walk this run judged by could not reach (VisibilityProgram.untested). */
  #untested: VisibilityProgram<Model>['untested'];

  constructor(runtime: SuiteRuntime, definition: VisibilityDefinition<Model>, options: VisibilityRunOptions = {}) {
    this.#runtime = runtime;
    this.definition = definition;
    this.#options = options;
    this.#client = new VisibilityClient(runtime, VISIBILITY_OPERATION_ID, options.shrinkBudget ?? runtime.settings.shrinkRequests ?? 400);
  }

  /** What the walk this run judged by could not reach here (empty before a run, or when it reached every rule). */
  get untested(): NonNullable<VisibilityProgram<Model>['untested']> {
    return this.#untested ?? [];
  }

  get operationLabel(): string {
    return `visibility (${this.definition.label})`;
  }

  /** Why the suites cannot run here, before any request: a missing principal or the target's rules. */
  skipReason(): string | undefined {
    const missing = this.definition.requiredPrincipals.filter((name) => !this.#runtime.principals.has(name));
    if (missing.length > 0) {
      return `needs the principal${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(', ')} (add ${missing.length > 1 ? 'them' : 'it'} to the principals file)`;
    }
    return this.definition.skipReason?.(this.#runtime.settings);
  }

  /** Runs one suite's property; emits its check result and finding. */
  async run(suiteId: VisibilitySuiteId): Promise<VisibilityOutcome> {
    let outcome: VisibilityOutcome;
    try {
      outcome = await this.#run(suiteId);
    } catch (error: unknown) {
      const seed = deriveSeed(this.#runtime.settings.seed, this.definition.api, 'visibility');
      outcome = { checkId: suiteId, status: 'error', requests: this.#client.requests, reason: `the suite stopped: ${describeError(error)}`, seed };
    }
    this.#emit(outcome);
    this.#emitUntested(suiteId);
    this.#emitServerErrors();
    return outcome;
  }

  /** What the program could not reach here, as skipped results of the suite beside its own. */
  #emitUntested(suiteId: VisibilitySuiteId): void {
    for (const { label, reason } of this.#untested ?? []) {
      this.#runtime.emitResult({ operationId: VISIBILITY_OPERATION_ID, operationLabel: `visibility (${label})`, checkId: suiteId, status: 'skipped', requests: 0, reason, findings: [] });
    }
  }

  /**
   * A 5xx the sequences met is the server failing, whatever the model expected: reported once per walk
   * as `not_a_server_error` under the suites' label (no visibility rule judges it, and a 5xx nobody
   * reports is evidence lost).
   */
  #emitServerErrors(): void {
    const [first] = this.#client.serverErrors;
    const key = this.#walkKey();
    if (!first?.response || SERVER_ERRORS_REPORTED.has(key)) return;
    SERVER_ERRORS_REPORTED.add(key);
    const statuses = this.#client.serverErrors.map((exchange) => exchange.response?.status ?? 0);
    const finding: Finding = {
      checkId: notAServerError.id,
      title: notAServerError.title,
      clause: notAServerError.clause,
      severity: notAServerError.severity,
      operationId: VISIBILITY_OPERATION_ID,
      operationLabel: this.operationLabel,
      message: `${this.operationLabel}: ${first.request.method} ${this.#runtime.redactor.text(new URL(first.request.url).pathname)} answered ${first.response.status}${statuses.length > 1 ? ` (also ${statuses.slice(1).join(', ')})` : ''}`,
      key: String(first.response.status),
      evidence: { status: first.response.status },
    };
    const seed = deriveSeed(this.#runtime.settings.seed, this.definition.api, 'visibility');
    this.#runtime.emitResult({
      operationId: VISIBILITY_OPERATION_ID,
      operationLabel: this.operationLabel,
      checkId: notAServerError.id,
      status: 'failed',
      requests: this.#client.requests,
      reason: finding.message,
      findings: [{ finding, exchange: first, seed }],
    });
  }

  async #run(suiteId: VisibilitySuiteId): Promise<VisibilityOutcome> {
    const settings = this.#runtime.settings;
    const seed = deriveSeed(settings.seed, this.definition.api, 'visibility');
    const skip = this.skipReason();
    if (skip) return { checkId: suiteId, status: 'skipped', requests: 0, reason: skip, seed };
    const walkKey = this.#walkKey();
    const walked = CLEAN_WALKS.get(walkKey);
    if (walked?.clean.has(suiteId)) {
      this.#untested = walked.untested;
      return { checkId: suiteId, status: 'passed', requests: walked.requests, reason: `judged on the sequences ${walked.by} walked (the same seed and sequences; one walk checks both suites' rules)`, seed };
    }
    const client = this.#client;
    client.startProperty(suiteId);
    this.#program ??= this.definition.prepare(client);
    let program: VisibilityProgram<Model> | string;
    try {
      program = await this.#program;
    } catch (error: unknown) {
      // What the model learns of the target may already break a rule (a declared image gone).
      if (error instanceof VisibilityViolation) return this.#failed(suiteId, error, seed, {});
      throw error;
    }
    if (typeof program === 'string') return { checkId: suiteId, status: 'skipped', requests: client.requests, reason: program, seed };
    this.#untested = program.untested;
    const maxCommands = this.#options.maxCommands ?? 16;
    const property = fc.asyncProperty(fc.commands([...program.commands], { maxCommands, size: 'max' }), async (commands) => {
      if (client.exhausted) return;
      const setup = async (): Promise<{ model: Model; real: VisibilityClient }> => {
        client.startSequence();
        const model = await program.reset(client);
        return { model, real: client };
      };
      await fc.asyncModelRun(setup, commands);
    });
    // Same seed for both suites: they walk the same sequences and differ only in what fails them.
    const examples = (program.tours ?? []).map((tour): [Iterable<VisibilityCommand<Model>>] => [tour]);
    // fast-check counts `examples` among numRuns: a smaller run would drop tours, which every run must walk.
    const numRuns = Math.max(examples.length, this.#options.numRuns ?? visibilitySequences(settings));
    const details = await fc.check(property, { seed, numRuns, examples });
    const requests = client.requests;
    if (!details.failed) {
      // A walk that ran to the end judged the other suite's rules too: where it kept no mismatch of
      // theirs, the other suite's file needs no walk of its own (one walk, half the requests).
      const clean = new Set<VisibilitySuiteId>([suiteId, ...VISIBILITY_SUITE_IDS.filter((id) => !client.tolerated.some((mismatch) => mismatch.suiteId === id))]);
      CLEAN_WALKS.set(walkKey, { by: suiteId, clean, requests, ...(program.untested ? { untested: program.untested } : {}) });
      return { checkId: suiteId, status: 'passed', requests, seed };
    }
    const error = details.errorInstance;
    if (!(error instanceof VisibilityViolation)) {
      // Not a model mismatch (the target went away, a bug): the suite cannot conclude, which is no verdict on the target.
      return { checkId: suiteId, status: 'error', requests, reason: `the sequences stopped: ${describeError(error)}`, seed };
    }
    return this.#failed(suiteId, error, seed, details);
  }

  /** The outcome of a suite whose walk (or set-up) broke one of its rules. */
  #failed(suiteId: VisibilitySuiteId, error: VisibilityViolation, seed: number, details: { readonly counterexample?: readonly unknown[] | null; readonly counterexamplePath?: string | null }): VisibilityOutcome {
    const client = this.#client;
    const requests = client.requests;
    const { mismatch } = error;
    const meta = VISIBILITY_SUITES[suiteId];
    const message = `${mismatch.clause}: expected ${mismatch.expected}, got ${mismatch.got}`;
    const finding: Finding = {
      checkId: suiteId,
      title: meta.title,
      clause: mismatch.clause,
      severity: meta.severity,
      operationId: VISIBILITY_OPERATION_ID,
      operationLabel: this.operationLabel,
      message,
      key: mismatch.key,
      evidence: { expected: mismatch.expected, got: mismatch.got, sequence: error.trace },
    };
    return {
      checkId: suiteId,
      status: 'failed',
      requests,
      reason: message,
      finding,
      exchange: mismatch.exchange,
      sequence: error.trace,
      commands: String(details.counterexample?.[0] ?? ''),
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
      seed,
      ...(client.requestsUntilCaught === undefined ? {} : { requestsUntilCaught: client.requestsUntilCaught }),
    };
  }

  /** What makes two walks the same: the API, target, run (its events), seed and number of sequences. */
  #walkKey(): string {
    const settings = this.#runtime.settings;
    return [this.definition.api, this.#runtime.target, settings.eventsDir ?? '', settings.seed, this.#options.numRuns ?? visibilitySequences(settings)].join('\u0000');
  }

  #emit(outcome: VisibilityOutcome): void {
    this.#runtime.emitResult({
      operationId: VISIBILITY_OPERATION_ID,
      operationLabel: this.operationLabel,
      checkId: outcome.checkId,
      status: outcome.status,
      requests: outcome.requests,
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      findings:
        outcome.finding && outcome.exchange
          ? [{ finding: outcome.finding, exchange: outcome.exchange, seed: outcome.seed, ...(outcome.path ? { path: outcome.path } : {}) }]
          : [],
    });
  }

  /**
   * Waits for a property vitest stopped awaiting (Ctrl-C aborts the test, not the sequence it runs):
   * its remaining requests are refused, so nothing changes the target once the cleanup has begun.
   */
  async settle(pending: Promise<unknown> | undefined): Promise<void> {
    if (!pending) return;
    this.#client.halt();
    await pending.catch(() => undefined);
    this.#client.resume();
  }

  /** Restores or deletes what the sequences changed or created; resolves to what could not be. */
  async cleanup(): Promise<string[]> {
    // A set-up that failed (its verdict already reported) changed nothing there is to undo.
    const program = await this.#program?.catch(() => undefined);
    if (!program || typeof program === 'string') return [];
    return program.cleanup(this.#client);
  }
}

/** What a failing visibility suite's test prints (failureMessage), with the shrunk sequence and the property's seed and path. */
export function visibilityFailureMessage(outcome: VisibilityOutcome, runtime: Pick<SuiteRuntime, 'redactor' | 'curl' | 'settings'>): string {
  const replay = `seed: ${runtime.settings.seed} (conform run --seed ${runtime.settings.seed} replays it; property seed ${outcome.seed}${outcome.path ? `, path ${outcome.path}` : ''})`;
  if (!outcome.finding || !outcome.exchange) return `${outcome.reason ?? 'failed'}\n${replay}`;
  const evidence = { finding: outcome.finding, exchange: outcome.exchange, sequence: outcome.sequence ?? [], ...(outcome.commands ? { commands: outcome.commands } : {}) };
  return failureMessage([evidence], runtime, replay);
}
