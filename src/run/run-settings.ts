import type { ApiFixtures } from '../fixtures.ts';
import type { ConfigDeclaration } from '../openapi/declaration/declaration.ts';
import type { PlannedShard } from './shard.ts';
import type { PrincipalsInput } from '../principals.ts';

/**
 * The resolved options of one run, as `conform run` hands them to the vitest workers through
 * `provide`/`inject` (so they must stay JSON). Principals travel with real values: the worker must
 * send them; every sink redacts them.
 */
export interface RunSettings {
  readonly api: string;
  /** Absolute paths or URLs of the documents. */
  readonly sources: readonly string[];
  /** The base URL the document's paths are appended to, e.g. `http://127.0.0.1:9292/v2`. */
  readonly target: string;
  /** True when conform started the target itself: its seeded data is conform's to change. */
  readonly ownsTarget: boolean;
  readonly principals: PrincipalsInput;
  readonly seed: number;
  readonly maxExamples: number;
  /**
   * Sequences per visibility suite, its tours included (they always all run): what the request budget
   * sizes on a quota-limited target. Absent: max(maxExamples, 30).
   */
  readonly sequences?: number;
  /**
   * Requests a failing check or visibility property may spend shrinking to its smallest example; set
   * by a request budget (a tenth of it). Absent: 40 for a contract check, 400 for a visibility suite.
   */
  readonly shrinkRequests?: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Check ids to run; empty = every check that is not opt-in. */
  readonly checks: readonly string[];
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxResponseTimeMs?: number;
  /** Where workers append their NDJSON events and ledgers; absent under plain vitest. */
  readonly eventsDir?: string;
  readonly rateLimitProbe: boolean;
  /** The config file's `declaration` (resources, paging, quotas by operationId) and the file's name, for a document's semantic suites. */
  readonly declaration?: ConfigDeclaration;
  /** True when allure-vitest reports the run (`conform run`): suites add labels and evidence attachments. */
  readonly allure?: boolean;
  /**
   * Embedded targets only: a second instance of the reference server with a short quota window, for
   * the rate-limit suite, so the quota never slows the other suites down.
   */
  readonly rateLimitTarget?: string;
  /** The quota window of the rate-limit target when it is shorter than documented (the embedded one's). */
  readonly rateLimitWindowMs?: number;
  /**
   * Hold requests so that none exceeds a quota the document states (`x-rate-limit`): on for a user's
   * target (`--no-quota-pacing` turns it off), off for conform's own (their quotas are out of the way).
   */
  readonly quotaPacing?: boolean;
  /** Requests per second across the run, if capped. */
  readonly rateLimit?: number;
  /** Requests in flight at once (`--workers`): the connection cap, and how many cases of a safe operation are sent together. */
  readonly concurrency?: number;
  /** Extra attempts of an idempotent request after a connection failure or a 503 with Retry-After (`--retries`). */
  readonly retries?: number;
  /**
   * Existing resources the user declared this run may change and must put back (`--fixtures`), by
   * principal: what lets the Prime suites run on a target conform did not start.
   */
  readonly fixtures?: ApiFixtures;
  /**
   * Requests `conform run` sent to the target before the suites (the fixtures' preflight): the quota
   * pacer counts them in, since the target did.
   */
  readonly priorRequests?: readonly PriorRequest[];
  /** This run's part of a sharded run (`--shard i/n`): the contract suite keeps only its operations. */
  readonly shard?: PlannedShard;
  /**
   * Embedded targets only: a reference server of its own for each suite file, by file tag (see
   * {@link suiteFileTag}), so the files of a run need not wait for each other.
   */
  readonly fileTargets?: Readonly<Record<string, string>>;
  /**
   * The `Accept` header to send instead of the documented one (`--accept`, config `accept`): for every
   * operation (`'*'`) or by operationId; `none` sends no Accept. Absent: the documented media types.
   */
  readonly accept?: Readonly<Record<string, string>>;
}

/** A request sent before the suites, as the quota pacer counts it: by whom, where, and when (epoch ms). */
export interface PriorRequest {
  readonly method: string;
  readonly url: string;
  readonly principal: string;
  readonly at: number;
}

/** How large one API's run is: generated cases per operation and phase, and visibility sequences per suite. */
export type RunSize = Pick<RunSettings, 'maxExamples' | 'sequences' | 'shrinkRequests'>;

/** Sequences per visibility suite of a run, tours included: `sequences`, else max(maxExamples, 30). */
export function visibilitySequences(size: RunSize): number {
  return size.sequences ?? Math.max(size.maxExamples, 30);
}

/** What `conform run` provides: the settings of each API of the run, by API name. */
export type ProvidedRunSettings = Readonly<Record<string, RunSettings>>;

/** The tag a suite file's runtime, event log and ledger go by: `glance-contract` for `suites/glance/contract.test.ts`. */
export function suiteFileTag(api: string, suiteFile: string): string {
  const name = suiteFile.split('/').at(-1) ?? suiteFile;
  return `${api}-${name.replace(/\.test\.ts$/, '')}`;
}

/** The key under which `conform run` provides {@link ProvidedRunSettings} to vitest workers. */
export const RUN_SETTINGS_KEY = 'conformRunSettings';
