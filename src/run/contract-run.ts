import { isUnsatisfiableSchema } from '../generate/unsatisfiable-schema-error.ts';
import { describeError } from '../errors.ts';
import fc from 'fast-check';
import { selectChecks } from '../checks/catalogue.ts';
import type { CheckDefinition } from '../checks/define-check.ts';
import type { Case, CaseMode } from '../generate/case.ts';
import { caseDrawsForOperation } from '../generate/cases.ts';
import { requestCase } from '../generate/request-case.ts';
import type { FixtureRef } from '../fixtures.ts';
import type { Principal } from '../principals.ts';
import { SchemaValidator } from '../openapi/schema-validator.ts';
import { operationAsPrincipal, type PolicyRule } from '../openapi/principal-policy.ts';
import type { ApiModel, Operation } from '../openapi/types.ts';
import type { Declaration } from '../openapi/declaration/declaration.ts';
import type { Exchange } from '../transport/exchange.ts';
import { toOutgoingRequest, withAcceptOverride, withPathParams, withPrincipal } from '../transport/case-request.ts';
import { HarvestedValues } from './harvested-values.ts';
import { deriveSeed } from '../generate/derive-seed.ts';
import { credentialHeaders } from '../transport/credential-headers.ts';
import { sendHonouringRetryAfter } from '../transport/honour-retry-after.ts';
import type { CheckOutcome } from './check-outcomes.ts';
import { exploreOperation, type StatefulRecorder } from './explore-operation.ts';
import { selectOperations } from './operation-filter.ts';
import { operationsOfShard } from './shard.ts';
import { contractLinks, isDestructive, type ResourceLinks } from './resource-links.ts';
import { requestUrlOf } from './ledger.ts';
import { ResourcePool, type BeforeRemove } from './resource-pool.ts';
import type { SuiteRuntime } from './suite-runtime.ts';

/** API-specific knobs of a contract run. */
export interface ContractRunOptions {
  /** The principal whose credentials generated requests carry. @defaultValue 'owner' */
  readonly principal?: string;
  /** Requests to send before deleting an item the run created (e.g. unprotect a Glance image). */
  readonly beforeRemove?: BeforeRemove;
  /** Requests fast-check may spend shrinking one failing check. @defaultValue 40 */
  readonly shrinkBudget?: number;
  /**
   * What the API lets only some principals send (Glance: a public image, an owner): generated
   * requests keep to what the run's principal may do, so the API's policy refusals are never read
   * as valid data rejected.
   */
  readonly policy?: readonly PolicyRule[];
  /**
   * How the suite acts on declared fixtures (`--fixtures`) on a target conform did not start: which
   * path values address each, how to read its state first and how to put it back afterwards. Without
   * it, or without fixtures, requests that change something address only items the run created.
   */
  readonly fixtureState?: FixtureState;
  /**
   * The API's declared resources (its declaration, inferred parts included), or how to read them from
   * the loaded document: which create makes the items the other operations act on and where their ids
   * are. Creates it leaves out are linked by path shape (`POST /things` ↔ `/things/{id}`).
   */
  readonly resources?: DeclaredResources;
}

/** An API's declared resources, or how to read them from its loaded document (a built-in's declaration file). */
export type DeclaredResources = Declaration['resources'] | ((model: ApiModel) => Declaration['resources']);

/** The declared resources of `model`. */
export function declaredResourcesOf(resources: DeclaredResources | undefined, model: ApiModel): Declaration['resources'] | undefined {
  return typeof resources === 'function' ? resources(model) : resources;
}

/** A declared fixture read before an operation acts on it: its path values, the request that puts it back, its ledger entry. */
interface FixtureSnapshot {
  readonly values: Readonly<Record<string, string>>;
  readonly restore: Case;
  readonly url: string;
}

/** An API's way with its declared fixtures (Prime: images by name and tag, put back to their visibility). */
export interface FixtureState {
  /** The path values that address the fixture, or undefined when this suite cannot act on it. */
  pathValues(ref: FixtureRef): Readonly<Record<string, string>> | undefined;
  /** The request that reads the fixture's state before anything changes it. */
  read(values: Readonly<Record<string, string>>): Case;
  /** From that read's answer, the request that puts the fixture back; undefined if the answer shows no state. */
  restore(values: Readonly<Record<string, string>>, answer: Exchange): Case | undefined;
}

/**
 * One validator per loaded document, shared by every run over it: compiling a document's schemas
 * costs more CPU than validating hundreds of responses, and runs of the same model (pipelines side
 * by side, passes of a benchmark, suites of one worker) would each compile them again.
 */
const validators = new WeakMap<ApiModel, SchemaValidator>();

function validatorOf(model: ApiModel): SchemaValidator {
  let validator = validators.get(model);
  if (!validator) {
    validator = new SchemaValidator(model.dialect, model.document);
    validators.set(model, validator);
  }
  return validator;
}

function sampleOne<T>(arbitrary: fc.Arbitrary<T> | undefined, seed: number): T | undefined {
  return arbitrary ? fc.sample(arbitrary, { seed, numRuns: 1 })[0] : undefined;
}

/**
 * The contract checks of one API against one target: which operations and checks, the pools of
 * items the run creates, exploring an operation (and emitting its events), and cleaning up.
 * The vitest suite drives it a `describe` at a time; tests and benchmarks drive it directly.
 */
export class ContractRun {
  readonly model: ApiModel;
  readonly operations: readonly Operation[];
  readonly checks: readonly CheckDefinition[];
  readonly #runtime: SuiteRuntime;
  readonly #options: ContractRunOptions;
  readonly #links: readonly ResourceLinks[];
  /**
   * Owned items per (collection, operation): each operation works on items it created itself, so what
   * it sees never depends on which operations ran before it: a shard (`--shard`) or a reordering
   * explores an operation exactly as the whole run does.
   */
  readonly #pools = new Map<ResourceLinks, Map<Operation, ResourcePool>>();
  readonly #poolless = new Set<ResourceLinks>();
  /** Items an operation's cleanup could not delete, reported by `cleanup`. */
  readonly #left: string[] = [];
  readonly #firstOfPath = new Map<string, Operation>();
  readonly #validator: SchemaValidator;
  readonly #principal: Principal | undefined;
  readonly #harvested = new HarvestedValues();
  /** Each operation's place in the unsharded selection: verdicts carry it so shards merge in one run's order. */
  readonly #positions = new Map<Operation, number>();

  constructor(model: ApiModel, runtime: SuiteRuntime, options: ContractRunOptions = {}) {
    this.model = model;
    this.#runtime = runtime;
    this.#options = options;
    const selected = selectOperations(model.operations, runtime.settings);
    this.operations = operationsOfShard(selected, runtime.settings.shard);
    for (const [position, operation] of selected.entries()) this.#positions.set(operation, position);
    this.checks = selectChecks(runtime.settings.checks);
    this.#links = contractLinks(model.operations, declaredResourcesOf(options.resources, model));
    for (const operation of model.operations) if (!this.#firstOfPath.has(operation.path)) this.#firstOfPath.set(operation.path, operation);
    this.#validator = validatorOf(model);
    this.#principal = runtime.principals.get(options.principal ?? 'owner') ?? [...runtime.principals.values()][0];
  }

  /** Operations and checks as a plan: what `explore` will be asked for. */
  static selectedChecks(settingsChecks: readonly string[]): readonly CheckDefinition[] {
    return selectChecks(settingsChecks);
  }

  /** The operation as this run's principal may call it (see {@link ContractRunOptions.policy}). */
  #asPrincipal(operation: Operation): Operation {
    return operationAsPrincipal(operation, this.#options.policy ?? [], this.#principal?.name);
  }

  #arbitrary(operation: Operation, mode: CaseMode): fc.Arbitrary<Case> | undefined {
    return requestCase(this.#asPrincipal(operation), { mode, securitySchemes: this.model.securitySchemes, resolveRef: (ref) => this.model.resolveRef(ref) });
  }

  /**
   * Sends and records; a create operation's own successes go into `adoptInto` (the ledger), deleted at
   * the end. `evidenceFor` is the operation whose checks the exchange serves when it calls another
   * (an item created or deleted for it): its results hold the evidence even when the operation called
   * has none in this run (a shard, `--include`).
   */
  async #send(operation: Operation, testCase: Case, adoptInto: readonly ResourcePool[] = [], evidenceFor?: Operation): Promise<Exchange> {
    return sendHonouringRetryAfter(
      (request) => this.#runtime.transport.send(request),
      toOutgoingRequest(testCase, this.#runtime.target),
      (exchange) => {
        this.#runtime.recordExchange(operation.id, exchange, evidenceFor?.id);
        // Harvested ids are read at the start of the next operation (after `settle`), never sooner.
        if (this.#harvested.wants(exchange)) this.#runtime.deferred.defer(() => this.#harvested.observe(exchange));
        // Not deferred: an item the target created is in the ledger before anything else happens.
        for (const pool of adoptInto) pool.adopt(exchange);
      },
      this.#runtime.retryAfter,
    );
  }

  /** The pool of `link`'s items that `operation` works on, made on first use. */
  #poolFor(link: ResourceLinks, operation: Operation): ResourcePool | undefined {
    const known = this.#pools.get(link)?.get(operation);
    if (known || this.#poolless.has(link)) return known;
    const pool = this.#newPool(link, operation);
    if (!pool) {
      this.#poolless.add(link);
      return undefined;
    }
    const byOperation = this.#pools.get(link) ?? new Map<Operation, ResourcePool>();
    byOperation.set(operation, pool);
    this.#pools.set(link, byOperation);
    return pool;
  }

  #newPool(link: ResourceLinks, operation: Operation): ResourcePool | undefined {
    const createCases = this.#arbitrary(link.create, 'positive');
    if (!createCases) return undefined;
    const seed = this.#runtime.settings.seed;
    // The same seed samples the same delete case for every item: sampled once, addressed per item.
    let removeTemplate: { readonly value: Case | undefined } | undefined;
    return new ResourcePool({
      links: link,
      baseUrl: this.#runtime.target,
      // Each operation's items come from its own cases: a target that keeps a deleted item's id
      // reserved (Glance answers 409) must not make one operation's creates depend on another's.
      seed: deriveSeed(seed, operation.id),
      ...(this.#principal ? { principal: this.#principal } : {}),
      ledger: this.#runtime.ledger,
      send: (testCase) => this.#send(link.create, withAcceptOverride(testCase, this.#runtime.settings.accept), [], operation),
      createCases,
      removeCase: () => (removeTemplate ??= { value: link.remove ? sampleOne(this.#arbitrary(link.remove, 'positive'), seed) : undefined }).value,
      ...(this.#options.beforeRemove ? { beforeRemove: this.#options.beforeRemove } : {}),
    });
  }

  /** Explores one operation with every selected check; emits its check results and findings. */
  async explore(operation: Operation): Promise<CheckOutcome[]> {
    try {
      return await this.#explore(operation);
    } catch (error: unknown) {
      // The document, not the target, is at fault: every check of the operation is skipped, saying why.
      // Anything else is conform's failure to conclude: an error outcome of every check, never a pass.
      const unsatisfiable = isUnsatisfiableSchema(error);
      const reason = unsatisfiable ? `cannot generate requests: ${error.message}` : `exploring ${operation.label} stopped: ${describeError(error)}`;
      const status = unsatisfiable ? 'skipped' : 'error';
      const results = this.checks.map((check): CheckOutcome => ({ checkId: check.id, status, requests: 0, reason, findings: [] }));
      this.#emit(operation, results);
      return results;
    }
  }

  async #explore(operation: Operation): Promise<CheckOutcome[]> {
    // The earlier operations' exchanges are harvested before this one picks the ids it addresses.
    this.#runtime.deferred.settle();
    const settings = this.#runtime.settings;
    const link = this.#links.find((candidate) => candidate.actsOnItem.includes(operation));
    const pool = link ? this.#poolFor(link, operation) : undefined;
    // Whatever this (create) operation's own cases create is the run's: into the ledger, deleted at the end.
    const adoptInto = this.#links.filter((candidate) => candidate.create === operation).flatMap((candidate) => this.#poolFor(candidate, operation) ?? []);
    const destructive = isDestructive(operation);
    const principal = this.#principal;
    let refused: string | undefined;

    const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
    // Taken once per operation, before it sends: ids this operation's own responses reveal must not
    // change which item a later case addresses, or concurrent sends (whose completion order varies)
    // and deferred harvesting would change the run.
    const harvested = (!link || !pool) && pathParameters.length > 0 ? this.#harvested.candidates(pathParameters) : [];
    const restores = destructive && !link && !settings.ownsTarget ? await this.#snapshotFixtures(operation, this.#fixtureValues(pathParameters)) : [];
    const fixtures = restores.map((snapshot) => snapshot.values);
    const prepare = async (generated: Case, index: number): Promise<Case | undefined> => {
      const testCase = withAcceptOverride(withPrincipal(generated, principal), settings.accept);
      if (!link || !pool) {
        // No create leads here: address items the target itself listed, on every other case. Changing
        // them is allowed only on a target conform started (its seeded data is conform's).
        if (pathParameters.length === 0 || index % 2 === 1 || testCase.violates?.location === 'path') return testCase;
        if (destructive && !settings.ownsTarget) {
          // On a user's deployment only the declared fixtures, which are put back after this operation.
          const fixture = fixtures[(index / 2) % Math.max(fixtures.length, 1)];
          return fixture ? withPathParams(testCase, fixture) : testCase;
        }
        const values = harvested[(index / 2) % Math.max(harvested.length, 1)];
        if (!values) return testCase;
        return withPathParams(testCase, values);
      }
      // A malformed id names no item: the violation is the point of the case, keep it.
      if (testCase.violates?.location === 'path' && testCase.violates.parameter === link.idParameter) return testCase;
      // Destructive requests only ever address items this run created; reads mix owned items and random ids.
      if (!destructive && index % 2 === 1) return testCase;
      const resource = operation.method === 'delete' ? await pool.create() : await pool.acquire(index);
      if (!resource) {
        refused = `no ${link.create.path} item could be created to act on (${pool.failure ?? `no ${link.create.label} request was sent`})`;
        return destructive && !settings.ownsTarget ? undefined : testCase;
      }
      return pool.address(testCase, resource);
    };

    const statefulProbes =
      link && pool && link.read === operation && link.remove
        ? async (record: StatefulRecorder): Promise<string | undefined> => {
            const remove = link.remove;
            const resource = await pool.create();
            if (!resource) return `no ${link.create.path} item could be created to read and delete (${pool.failure ?? `no ${link.create.label} request was sent`})`;
            const readCase = sampleOne(this.#arbitrary(operation, 'positive'), settings.seed);
            const removeCase = remove ? sampleOne(this.#arbitrary(remove, 'positive'), settings.seed) : undefined;
            if (!readCase || !removeCase || !remove) return 'no valid read or delete request could be generated';
            const read = pool.address(withAcceptOverride(withPrincipal(readCase, principal), settings.accept), resource);
            record(await this.#send(operation, read), read, { kind: 'read-after-create', created: resource.url });
            // The created item may carry what blocks a delete (a generated `protected: true`): lift it as cleanup does.
            await pool.prepareRemoval(resource);
            const removed = await this.#send(remove, pool.address(withAcceptOverride(withPrincipal(removeCase, principal), settings.accept), resource), [], operation);
            const status = removed.response?.status ?? 0;
            if (status < 200 || status >= 300) {
              return `${remove.label} of an item this run created answered ${status || removed.failure?.message || 'nothing'}, so reading it after deletion was not tried`;
            }
            pool.forget(resource);
            record(await this.#send(operation, read), read, { kind: 'read-after-delete', deleted: resource.url });
            return undefined;
          }
        : undefined;
    const statefulSkipReason =
      link && !statefulProbes
        ? link.read && link.remove
          ? `checked on ${link.read.label}, after ${link.create.label} and ${link.remove.label}`
          : `the document has no read and delete for ${link.itemPath}`
        : undefined;

    const results = await this.#withFixturesRestored(operation, restores, () => exploreOperation({
      operation,
      checks: this.checks,
      seed: settings.seed,
      maxExamples: settings.maxExamples,
      arbitrary: (mode) => this.#arbitrary(operation, mode),
      draws: (mode, seed, count) => caseDrawsForOperation(this.model, this.#asPrincipal(operation), { mode, seed, count }),
      ...(principal ? { principal, credentialHeaders: credentialHeaders(principal, operation, this.model.securitySchemes) } : {}),
      prepare,
      refusedReason: () => refused,
      send: (testCase) => this.#send(operation, testCase, adoptInto),
      context: {
        validator: this.#validator,
        ...(settings.maxResponseTimeMs === undefined ? {} : { maxResponseTimeMs: settings.maxResponseTimeMs }),
      },
      ...(this.#firstOfPath.get(operation.path) === operation
        ? { probeUnsupportedMethods: this.model.operations.filter((other) => other.path === operation.path).map((other) => other.method.toUpperCase()) }
        : {}),
      ...(statefulProbes ? { statefulProbes } : {}),
      ...(statefulSkipReason ? { statefulSkipReason } : {}),
      shrinkBudget: this.#options.shrinkBudget ?? Math.min(40, this.#runtime.settings.shrinkRequests ?? 40),
      concurrency: settings.concurrency ?? 1,
      deferred: this.#runtime.deferred,
      observeNegotiation: (observation) => this.#runtime.emit({ type: 'negotiation', operationId: operation.id, operationLabel: operation.label, ...observation }),
    }));
    // Its items go now: a later operation (a list, say) must not see them, or what it finds would
    // depend on which operations ran before it.
    for (const byOperation of this.#pools.values()) {
      const own = byOperation.get(operation);
      if (own) this.#left.push(...(await own.cleanup()));
    }
    this.#emit(operation, results);
    return results;
  }

  /** The path values of the run principal's declared fixtures that address an operation with these path parameters. */
  #fixtureValues(pathParameters: readonly string[]): Readonly<Record<string, string>>[] {
    const state = this.#options.fixtureState;
    const refs = this.#principal ? (this.#runtime.settings.fixtures?.[this.#principal.name] ?? []) : [];
    if (!state || pathParameters.length === 0) return [];
    return refs.flatMap((ref) => {
      const values = state.pathValues(ref);
      return values && pathParameters.every((name) => values[name] !== undefined) ? [values] : [];
    });
  }

  /** Reads each fixture before the operation changes it, and writes down in the ledger how to put it back. */
  async #snapshotFixtures(operation: Operation, fixtures: readonly Readonly<Record<string, string>>[]): Promise<FixtureSnapshot[]> {
    const state = this.#options.fixtureState;
    const principal = this.#principal;
    if (!state || !principal || fixtures.length === 0) return [];
    const restores: FixtureSnapshot[] = [];
    for (const values of fixtures) {
      const answer = await this.#send(operation, withPrincipal(state.read(values), principal));
      const restore = state.restore(values, answer);
      // A fixture that cannot be read now (an earlier defect lost it) is not acted on: nothing to put back.
      if (!restore) continue;
      const outgoing = toOutgoingRequest(withPrincipal(restore, principal), this.#runtime.target);
      // The fragment keeps this entry apart from other suites' entries for the same fixture; never sent.
      const url = `${outgoing.url}#contract:${operation.id}`;
      this.#runtime.ledger.record({
        operationId: operation.id,
        url,
        principal: principal.name,
        createdAt: new Date().toISOString(),
        restore: { method: outgoing.method, body: typeof restore.body?.raw === 'string' ? restore.body.raw : Buffer.from(restore.body?.raw ?? '').toString('utf8'), headers: { 'content-type': restore.body?.contentType ?? 'application/json' } },
      });
      restores.push({ values, restore, url });
    }
    return restores;
  }

  /** Runs an operation's exploration, then puts its fixtures back whatever happened. */
  async #withFixturesRestored<T>(operation: Operation, restores: readonly FixtureSnapshot[], explore: () => Promise<T>): Promise<T> {
    try {
      return await explore();
    } finally {
      for (const { restore, url } of restores) {
        const answer = this.#principal ? await this.#send(operation, withPrincipal(restore, this.#principal)) : undefined;
        const status = answer?.response?.status ?? 0;
        if (status >= 200 && status < 300) this.#runtime.ledger.markRemoved(url);
        else this.#left.push(`${requestUrlOf(url)} (putting the fixture back answered ${status || answer?.failure?.message || 'nothing'})`);
      }
    }
  }

  #emit(operation: Operation, results: readonly CheckOutcome[]): void {
    const position = this.#positions.get(operation);
    for (const outcome of results) {
      const checkIndex = this.checks.findIndex((check) => check.id === outcome.checkId);
      const ordinal = position === undefined || checkIndex < 0 ? undefined : position * this.checks.length + checkIndex;
      this.#runtime.emitResult({ ...outcome, operationId: operation.id, operationLabel: operation.label, ...(ordinal === undefined ? {} : { ordinal }) });
    }
  }

  /** Deletes what the run created; resolves to what could not be deleted. */
  async cleanup(): Promise<string[]> {
    const left: string[] = [...this.#left];
    this.#left.length = 0;
    for (const byOperation of this.#pools.values()) for (const pool of byOperation.values()) left.push(...(await pool.cleanup()));
    return left;
  }
}
