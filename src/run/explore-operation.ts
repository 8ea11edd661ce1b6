import fc from 'fast-check';
import type { CheckContext, CheckDefinition, Probe } from '../checks/define-check.ts';
import type { FindingDraft } from '../checks/finding.ts';
import type { Case, CaseMode } from '../generate/case.ts';
import { drawn, type Draw } from '../generate/draw.ts';
import { isUnsatisfiableSchema } from '../generate/unsatisfiable-schema-error.ts';
import { describeError } from '../errors.ts';
import type { Principal } from '../principals.ts';
import type { Operation } from '../openapi/types.ts';
import type { Exchange } from '../transport/exchange.ts';
import { checkIdsIn } from '../checks/catalogue.ts';
import { documentedResponse } from '../checks/documented-response.ts';
import { mediaTypeMatches } from '../checks/media-type.ts';
import type { NegotiatedAnswer, NegotiationObservation } from './events.ts';
import { withInvalidHeaders, withMethod, withoutHeaders } from '../transport/case-request.ts';
import { openedWithRequiredOnly } from '../generate/required-only.ts';
import { CheckOutcomes, type CheckOutcome } from './check-outcomes.ts';
import type { DeferredWork } from './deferred-work.ts';
import { deriveSeed } from '../generate/derive-seed.ts';
import { mapInOrder } from './map-in-order.ts';

/** Sends a case and records the exchange (the runner's transport + event log). */
export type SendCase = (testCase: Case) => Promise<Exchange>;

/** Everything one operation's exploration needs. */
export interface OperationExploration {
  readonly operation: Operation;
  readonly checks: readonly CheckDefinition[];
  readonly seed: number;
  readonly maxExamples: number;
  /** The case arbitrary of a phase; undefined when the phase has nothing to offer (e.g. no constraint to break). */
  readonly arbitrary: (mode: CaseMode) => fc.Arbitrary<Case> | undefined;
  /**
   * The cases a phase sends, in order (the boundary phase puts its deterministic edges first), each
   * generated when first called; defaults to sampling `arbitrary`.
   */
  readonly draws?: (mode: CaseMode, seed: number, count: number) => Draw<Case>[];
  readonly principal?: Principal;
  /** The principal's headers that carry its credential (the auth probes drop or spoil only these). */
  readonly credentialHeaders?: readonly string[];
  /** Turns a generated case into the one to send (credentials, item ids the run owns); undefined = do not send. */
  readonly prepare: (testCase: Case, index: number) => Promise<Case | undefined>;
  /** Why `prepare` refused every case, for the skip reason. */
  readonly refusedReason?: () => string | undefined;
  readonly send: SendCase;
  readonly context: Omit<CheckContext, 'operation' | 'mode' | 'violates' | 'probe'>;
  /** Methods the document defines on this operation's path, when this operation probes the others. */
  readonly probeUnsupportedMethods?: readonly string[];
  /** Extra probes of the stateful checks (read after create, read after delete), run by the caller. */
  /** Read-after-create/delete probes; resolve to why they could not run, if they could not. */
  readonly statefulProbes?: (outcomes: StatefulRecorder) => Promise<string | undefined>;
  /** Why the stateful checks do not run here (e.g. they run on the item's read operation). */
  readonly statefulSkipReason?: string;
  /** Requests shrinking may spend per failing check. */
  readonly shrinkBudget: number;
  /**
   * Generated cases of a safe operation (GET, HEAD, OPTIONS) sent at once (`--workers`). State-changing
   * operations always send one at a time, so a stateful sequence keeps its order. @defaultValue 1
   */
  readonly concurrency?: number;
  /**
   * Where judging an exchange waits for the next request to be in flight; without it each exchange
   * is judged as soon as it and those before it have come back.
   */
  readonly deferred?: DeferredWork;
  /**
   * Told what the target answers when one request (a refused one, where any was) is sent again
   * without its Accept header; absent: that probe is not sent.
   */
  readonly observeNegotiation?: (observation: NegotiationObservation) => void;
}

function attempt(draw: Draw<Case>): void {
  try {
    draw();
  } catch {
    // See the caller: taken again, and thrown, when the case is needed.
  }
}

/** Methods that change nothing on the target: their cases may be in flight together. */
const SAFE_METHODS = new Set(['get', 'head', 'options']);

/** Lets a stateful step record a probe's exchange under this operation's checks. */
export type StatefulRecorder = (exchange: Exchange, testCase: Case, probe: Probe) => void;

const PHASES: readonly CaseMode[] = ['positive', 'boundary', 'negative'];
const METHODS_TO_PROBE = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const;
/** Checks that judge probes; the response checks would only repeat what the generated cases showed. */
/** The checks that judge a probe's exchange; of them, those that judge any answer, and those that judge the reads after a create or delete. */
const PROBE_CHECKS = checkIdsIn('any', 'probe', 'stateful');
const ANY_EXCHANGE_CHECKS = checkIdsIn('any');
const STATEFUL_CHECKS = checkIdsIn('stateful');

/** The check context of every exchange of one exploration, built from contexts made once per mode. */
type ContextOf = (testCase: Case, probe?: Probe) => CheckContext;

/**
 * Checks read the context of every exchange: the contexts of plain cases (no violation, no probe)
 * are made once per mode and shared, and every context has the same keys (unset ones undefined), so
 * the checks' property reads stay monomorphic.
 */
function contextsFor(base: OperationExploration): ContextOf {
  const plain = (mode: CheckContext['mode']): CheckContext => ({ ...base.context, operation: base.operation, mode, violates: undefined, probe: undefined });
  const positive = plain('positive');
  const boundary = plain('boundary');
  const negative = plain('negative');
  return function contextOf(testCase: Case, probe?: Probe): CheckContext {
    const isNegative = testCase.violates !== undefined || testCase.mode === 'negative';
    const shared = isNegative ? negative : testCase.mode === 'boundary' ? boundary : positive;
    const broken = testCase.violates;
    if (!broken && !probe) return shared;
    // A copy of the shared context with two keys set: a spread with overriding keys leaves V8's fast path.
    const context: { -readonly [K in keyof CheckContext]: CheckContext[K] } = Object.assign({}, shared);
    if (broken) {
      const { keyword, description } = broken;
      context.violates = broken.location ? { keyword, location: `${broken.location}:${broken.parameter ?? ''}`, description } : { keyword, description };
    }
    context.probe = probe;
    return context;
  };
}

/** A bare arbitrary's cases, opened as the generator's draws are (a positive phase only). */
function openedFallback(phase: CaseMode, draws: Draw<Case>[], operation: Operation): Draw<Case>[] {
  return phase === 'positive' ? openedWithRequiredOnly(draws, operation.parameters) : draws;
}

/**
 * Explores one operation: generated cases of every phase, then the probes, every applicable check
 * on every exchange; then, for each failing check, fast-check replays the phase with the same seed
 * and shrinks to the smallest request that still fails it.
 */
export async function exploreOperation(exploration: OperationExploration): Promise<CheckOutcome[]> {
  const { operation } = exploration;
  const outcomes = new CheckOutcomes(operation, exploration.checks);
  let firstSent: Case | undefined;
  // Probes start from a request the server accepted, so a probe's 2xx means the probe's change was ignored.
  let firstAccepted: Case | undefined;
  // Negotiation shows in error bodies: the no-Accept probe repeats the first refused request, else the first sent.
  let firstRefusedExchange: { readonly testCase: Case; readonly exchange: Exchange } | undefined;
  let firstExchange: { readonly testCase: Case; readonly exchange: Exchange } | undefined;
  const seeds = new Map<CaseMode, number>();
  const deferred = exploration.deferred;
  const contextFor = contextsFor(exploration);
  const later = (task: () => void): void => (deferred ? deferred.defer(task) : task());

  for (const phase of PHASES) {
    try {
      await explorePhase(phase);
    } catch (error: unknown) {
      // The document, not conform, is at fault: the caller skips the operation saying why.
      if (isUnsatisfiableSchema(error)) throw error;
      // Every check loses this phase's cases: none may pass on what it did not see. The other
      // phases still run, so what they find is not lost with it.
      outcomes.recordError(`the ${phase} phase stopped: ${describeError(error)}`);
    }
  }
  async function explorePhase(phase: CaseMode): Promise<void> {
    const arbitrary = exploration.arbitrary(phase);
    if (!arbitrary) {
      if (phase === 'negative') outcomes.explainSkip('negative_data_rejection', 'the document puts no constraint on this operation that a request could break');
      return;
    }
    const seed = deriveSeed(exploration.seed, operation.id, phase);
    seeds.set(phase, seed);
    // The generator's draws open the positive phase with the first case stripped to the required
    // parameters (generate/cases.ts), so `conform cases` prints what is sent; a bare arbitrary gets the same opener here.
    const cases = exploration.draws?.(phase, seed, exploration.maxExamples) ?? openedFallback(phase, fc.sample(arbitrary, { seed, numRuns: exploration.maxExamples }).map(drawn), operation);
    const concurrency = SAFE_METHODS.has(operation.method.toLowerCase()) ? (exploration.concurrency ?? 1) : 1;
    // Exchanges are judged in case order whatever order they come back in; undefined = not back yet,
    // null = not sent (prepare refused the case).
    const sent = new Array<{ testCase: Case; exchange: Exchange } | null | undefined>(cases.length);
    let judged = 0;
    const judgeReady = (): void => {
      while (judged < sent.length && sent[judged] !== undefined) {
        const item = sent[judged];
        judged += 1;
        if (!item) continue;
        const { testCase, exchange } = item;
        if (phase === 'positive' && !firstSent) firstSent = testCase;
        const status = exchange.response?.status ?? 0;
        if (phase !== 'negative' && !testCase.violates && !firstAccepted && status >= 200 && status < 300) firstAccepted = testCase;
        firstExchange ??= { testCase, exchange };
        if (status >= 400 && status < 500) firstRefusedExchange ??= { testCase, exchange };
        outcomes.observe(exchange, contextFor(testCase), testCase, phase);
      }
    };
    // Preparing may create or pick owned items: it stays sequential, in case order, so the same seed
    // addresses the same items; only the sends overlap.
    let preparing: Promise<unknown> = Promise.resolve();
    await mapInOrder(cases, concurrency, async (draw, index) => {
      const prepared = preparing.then(() => exploration.prepare(draw(), index));
      preparing = prepared.catch(() => undefined);
      const testCase = await prepared;
      if (!testCase) {
        sent[index] = null;
      } else {
        const exchange = exploration.send(testCase);
        // The next case is generated while this request is in flight. A draw that throws throws
        // again when its case is taken, in the sender's own stack.
        const next = cases[index + 1];
        if (next) later(() => attempt(next));
        sent[index] = { testCase, exchange: await exchange };
      }
      later(judgeReady);
    });
  }
  // A phase's last exchanges may still wait, judged while the next phase's first request is in
  // flight; every one is judged before the probes.
  try {
    deferred?.settle();
  } catch (error: unknown) {
    outcomes.recordError(`judging the generated cases stopped: ${describeError(error)}`);
  }

  const probeBase = firstAccepted ?? firstSent;
  try {
    if (probeBase) await runProbes(exploration, outcomes, probeBase, contextFor);
    else {
      const reason = exploration.refusedReason?.() ?? 'no request could be generated for this operation';
      for (const check of exploration.checks) outcomes.explainSkip(check.id, reason);
    }
  } catch (error: unknown) {
    outcomes.recordError(`the probes stopped: ${describeError(error)}`, PROBE_CHECKS);
  }
  const negotiationBasis = firstRefusedExchange ?? firstExchange;
  if (negotiationBasis && exploration.observeNegotiation) {
    try {
      await probeNegotiation(exploration, outcomes, negotiationBasis, contextFor);
    } catch (error: unknown) {
      outcomes.recordError(`the no-Accept probe stopped: ${describeError(error)}`, ANY_EXCHANGE_CHECKS);
    }
  }
  if (exploration.statefulProbes) {
    try {
      const unavailable = await exploration.statefulProbes((exchange, testCase, probe) => {
        outcomes.observe(exchange, contextFor(testCase, probe), testCase, 'stateful', PROBE_CHECKS);
      });
      if (unavailable) for (const id of STATEFUL_CHECKS) outcomes.explainSkip(id, unavailable);
    } catch (error: unknown) {
      outcomes.recordError(`the read-after-create/delete probes stopped: ${describeError(error)}`, STATEFUL_CHECKS);
    }
  }

  for (const check of exploration.checks) {
    for (const observed of outcomes.findingsOf(check.id)) {
      const seed = seeds.get(observed.phase as CaseMode);
      if (seed === undefined) continue;
      try {
        const minimal = await shrink(exploration, outcomes, contextFor, check, observed.finding.key, observed.phase as CaseMode, seed);
        if (minimal) outcomes.replaceWithMinimal(check.id, observed.finding.key, minimal.exchange, minimal.testCase, minimal.draft);
      } catch (error: unknown) {
        // The unshrunk exchange is evidence enough; the finding stands, and the error is told.
        outcomes.recordError(`shrinking its finding stopped: ${describeError(error)}`, [check.id]);
      }
      // One shrink per check: later keys keep their first exchange, which is already small enough to read.
      break;
    }
  }
  return outcomes.outcomes();
}

/** The Accept header a case carries (any spelling of the name), if any. */
function acceptOf(testCase: Case): string | undefined {
  for (const name of Object.keys(testCase.headers)) {
    const value = testCase.headers[name];
    if (name.toLowerCase() === 'accept' && typeof value === 'string') return value;
  }
  return undefined;
}

function answerOf(exchange: Exchange): NegotiatedAnswer {
  const contentType = exchange.response?.headers['content-type'];
  return { status: exchange.response?.status ?? 0, ...(typeof contentType === 'string' && contentType !== '' ? { contentType } : {}) };
}

/**
 * Sends `basis` again without its Accept and tells what came back, beside the answer with it. Only
 * `not_a_server_error` judges the probe: what a server answers a client that asks for nothing is
 * information about the deployment, not a failure of the document.
 */
async function probeNegotiation(exploration: OperationExploration, outcomes: CheckOutcomes, basis: { readonly testCase: Case; readonly exchange: Exchange }, contextFor: ContextOf): Promise<void> {
  const accept = acceptOf(basis.testCase);
  if (accept === undefined || !exploration.observeNegotiation) return;
  const probeCase = withoutHeaders(basis.testCase, ['accept']);
  const exchange = await exploration.send(probeCase);
  outcomes.observe(exchange, contextFor(probeCase, { kind: 'no-accept' }), probeCase, 'probe', ANY_EXCHANGE_CHECKS);
  if (!exchange.response) return;
  const withoutAccept = answerOf(exchange);
  const documented = documentedResponse(exploration.operation.responses, withoutAccept.status);
  const media = documented?.content ?? [];
  const inDocumentedType = media.length === 0 || (withoutAccept.contentType !== undefined && media.some((entry) => mediaTypeMatches(entry.mediaType, withoutAccept.contentType ?? '')));
  exploration.observeNegotiation({ accept, withAccept: answerOf(basis.exchange), withoutAccept, documented: inDocumentedType });
}

async function runProbes(exploration: OperationExploration, outcomes: CheckOutcomes, base: Case, contextFor: ContextOf): Promise<void> {
  const { operation, principal, checks } = exploration;
  const wanted = new Set(checks.map((check) => check.id));
  const probe = async (testCase: Case, kind: Probe): Promise<void> => {
    const exchange = await exploration.send(testCase);
    outcomes.observe(exchange, contextFor(testCase, kind), testCase, 'probe', PROBE_CHECKS);
  };

  if (wanted.has('ignored_auth')) {
    if (operation.security.length === 0) {
      outcomes.explainSkip('ignored_auth', 'the operation requires no credentials');
    } else if (!principal || Object.keys(principal.headers).length === 0) {
      outcomes.explainSkip('ignored_auth', 'no principal with credentials is configured');
    } else {
      const names = exploration.credentialHeaders?.length ? exploration.credentialHeaders : Object.keys(principal.headers);
      await probe(withoutHeaders(base, names), { kind: 'no-credentials' });
      await probe(withInvalidHeaders(base, names), { kind: 'invalid-credentials' });
    }
  }

  if (wanted.has('missing_required_header')) {
    const principalHeaders = new Set(Object.keys(principal?.headers ?? {}).map((name) => name.toLowerCase()));
    const required = operation.parameters.filter(
      (parameter) => parameter.in === 'header' && parameter.required && !principalHeaders.has(parameter.name.toLowerCase()),
    );
    if (required.length === 0) outcomes.explainSkip('missing_required_header', 'the operation has no required header parameter');
    for (const parameter of required) await probe(withoutHeaders(base, [parameter.name]), { kind: 'missing-header', header: parameter.name });
  }

  if (wanted.has('unsupported_method')) {
    const documented = exploration.probeUnsupportedMethods;
    const method = documented ? METHODS_TO_PROBE.find((candidate) => !documented.includes(candidate)) : undefined;
    if (documented && method) {
      await probe(withMethod(base, method), { kind: 'unsupported-method', method, documented });
    } else {
      outcomes.explainSkip('unsupported_method', documented ? 'every common method is documented on this path' : 'probed once per path, on its first operation');
    }
  }
  // Where the probes run, they say themselves why they could not.
  if (!exploration.statefulProbes) {
    for (const id of STATEFUL_CHECKS) {
      outcomes.explainSkip(id, exploration.statefulSkipReason ?? 'no create operation of the document leads to this operation');
    }
  }
}

/**
 * Replays the phase with fast-check and shrinks towards the smallest case that still shows the
 * defect `key` of `check`; stops sending once the budget is spent.
 */
async function shrink(
  exploration: OperationExploration,
  outcomes: CheckOutcomes,
  contextFor: ContextOf,
  check: CheckDefinition,
  key: string,
  phase: CaseMode,
  seed: number,
): Promise<{ exchange: Exchange; testCase: Case; draft: FindingDraft } | undefined> {
  const arbitrary = exploration.arbitrary(phase);
  if (!arbitrary) return undefined;
  let budget = exploration.shrinkBudget;
  const failures = new WeakMap<Case, { exchange: Exchange; testCase: Case; draft: FindingDraft }>();
  const property = fc.asyncProperty(arbitrary, async (generated) => {
    if (budget <= 0) return true;
    const testCase = await exploration.prepare(generated, 0);
    if (!testCase) return true;
    budget -= 1;
    const exchange = await exploration.send(testCase);
    const context = contextFor(testCase);
    // A request sent while shrinking is evidence like any other: a server error it meets is reported
    // (found on real Glance: shrinking a body toward an array crashed POST /images, and nothing said so).
    const others = ANY_EXCHANGE_CHECKS.filter((id) => id !== check.id);
    if (others.length > 0) outcomes.observe(exchange, context, testCase, phase, others);
    if (!check.appliesTo(exchange, context)) return true;
    const draft = check.run(exchange, context).find((candidate) => candidate.key === key);
    if (draft) failures.set(generated, { exchange, testCase, draft });
    return draft === undefined;
  });
  const details = await fc.check(property, { seed, numRuns: exploration.maxExamples });
  const counterexample = details.counterexample?.[0];
  return counterexample ? failures.get(counterexample) : undefined;
}
