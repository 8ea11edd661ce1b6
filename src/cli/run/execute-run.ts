import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { revealPrincipals, type Principals } from '../../principals.ts';
import { buildReports } from '../../report/build-reports.ts';
import { HarReport } from '../../report/har-report.ts';
import { JunitReport } from '../../report/junit-report.ts';
import { SummaryReport, type Summary } from '../../report/summary-report.ts';
import type { RunEvent } from '../../run/events.ts';
import type { RunSettings } from '../../run/run-settings.ts';
import { runSuitesWithVitest, type RunProgress, type VitestRunResult } from '../../vitest/vitest-driver.ts';
import { BUILTIN_APIS, isBuiltinApi } from '../builtin-apis.ts';
import { startEmbeddedTargets, type EmbeddedTargets } from './embedded-targets.ts';
import { assertReachable } from './preflight.ts';
import { assertFixtures } from './fixture-preflight.ts';
import { assertServesDocument } from './target-preflight.ts';
import { loadApiCached } from './load-api-cached.ts';
import type { ApiFixtures } from '../../fixtures.ts';
import type { ConfigDeclaration, Declaration } from '../../openapi/declaration/declaration.ts';
import { cleanupLedgers, ledgerFiles } from '../../run/cleanup-ledger.ts';
import { HttpTransport } from '../../transport/http-transport.ts';
import { parseShard, type ShardPart } from '../../run/shard.ts';
import { shardPartOf } from './shard-plan.ts';
import { suiteFileTag, type RunSize } from '../../run/run-settings.ts';
import { availableParallelism, tmpdir } from 'node:os';
import { handOverApisAside, type HandedApis } from '../../run/api-handoff.ts';
import { RUN_META_FILE, type RunMeta } from './run-meta.ts';
import { modelCacheOfBuild } from './model-cache-of-build.ts';

/** One API to run: its documents, suites, target and principals. */
export interface RunPlan {
  /** `glance`, `prime`, `img`, or `custom` for documents given as sources. */
  readonly api: string;
  readonly sources: readonly string[];
  readonly suiteFiles: readonly string[];
  /** Absent: start the embedded reference server. */
  readonly target?: string;
  readonly principals: Principals;
  /** What the verdict calls the API: the document's title for documents given as sources. */
  readonly title?: string;
  /** Declared fixtures of this API (`--fixtures`), by principal. */
  readonly fixtures?: ApiFixtures;
  /** This API's size when a request budget set it (see `request-budget.ts`); absent: the run options'. */
  readonly size?: RunSize;
  /** The config file's declaration of the document's semantics (custom documents). */
  readonly declaration?: ConfigDeclaration;
  /** The resolved declaration's resources (custom documents): what the request estimates link. */
  readonly resources?: Declaration['resources'];
}

/** The size one plan runs at: its budgeted size, else the run options'. */
export function sizeOfPlan(plan: Pick<RunPlan, 'size'>, options: RunSize): RunSize {
  return plan.size ?? { maxExamples: options.maxExamples, ...(options.sequences === undefined ? {} : { sequences: options.sequences }) };
}

/** Options shared by every plan of a run. */
export interface RunOptions {
  readonly out: string;
  readonly seed: number;
  readonly maxExamples: number;
  /** Visibility sequences per suite (`--sequences`); absent: max(maxExamples, 30). */
  readonly sequences?: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly checks: readonly string[];
  /** Requests in flight at once (`--workers`). */
  readonly workers: number;
  /** Retries of an idempotent request after a connection failure or a 503 with Retry-After. @defaultValue 0 */
  readonly retries?: number;
  /** `--accept` / config `accept`, as {@link RunSettings.accept}. */
  readonly accept?: Readonly<Record<string, string>>;
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxResponseTimeMs?: number;
  readonly rateLimit?: number;
  readonly rateLimitProbe: boolean;
  /** Pace requests under the document's quotas on a user's target (`--no-quota-pacing`: false). @defaultValue true */
  readonly quotaPacing?: boolean;
  /** `i/n`: this run is one shard; `conform merge-reports` joins the shards' outputs. */
  readonly shard?: string;
}

export interface ApiRunResult {
  readonly api: string;
  /** The plan's title (a document's `info.title`), when it has one; the verdict names the API by it. */
  readonly title?: string;
  /** `--require-suites`: a semantic suite that could not run fails the run instead of leaving it incomplete. */
  readonly requireSuites?: boolean;
  /** Items the run created that could not be deleted (`url (why)`). */
  readonly leftBehind: readonly string[];
  readonly outDir: string;
  readonly summary: Summary;
  readonly testsFailed: number;
  readonly errors: readonly string[];
}

/** The workers' event logs (not the ledgers), in a stable order. */
export function suiteLogs(eventsDir: string): string[] {
  try {
    return readdirSync(eventsDir)
      .filter((name) => name.endsWith('.ndjson') && !name.endsWith('.ledger.ndjson'))
      .sort()
      .map((name) => join(eventsDir, name));
  } catch {
    return [];
  }
}

/** One API of a run, and where its reports go. */
export interface PlannedRun {
  readonly plan: RunPlan;
  readonly outDir: string;
}

/** A plan whose target is up and whose settings are resolved, waiting for vitest. */
interface PreparedPlan extends PlannedRun {
  readonly eventsDir: string;
  readonly settings: RunSettings;
  readonly suiteFiles: readonly string[];
  readonly embedded?: EmbeddedTargets;
}

async function preparePlan({ plan, outDir }: PlannedRun, options: RunOptions, part: ShardPart | undefined, opened: EmbeddedTargets[]): Promise<PreparedPlan> {
  const eventsDir = join(outDir, '.events');
  rmSync(eventsDir, { recursive: true, force: true });
  mkdirSync(eventsDir, { recursive: true });
  const suiteFiles = part?.suiteFiles ?? plan.suiteFiles;
  let embedded: EmbeddedTargets | undefined;
  if (!plan.target) {
    if (!isBuiltinApi(plan.api)) throw new Error('a document given as a source needs --target');
    embedded = await startEmbeddedTargets(plan.api, BUILTIN_APIS[plan.api].basePath, suiteFiles.map((file) => suiteFileTag(plan.api, file)));
    opened.push(embedded);
  }
  const target = plan.target ?? embedded?.target ?? '';
  await assertReachable(target, options.requestTimeoutMs);
  // A user's target must serve the document at that base URL; conform's own servers do by construction.
  const probed = embedded ? [] : await assertServesDocument(target, await loadApiCached(plan.sources), plan.principals, options.requestTimeoutMs);
  const fixtureRequests = plan.fixtures ? await assertFixtures(plan.api, target, plan.fixtures, plan.principals, isBuiltinApi(plan.api) ? BUILTIN_APIS[plan.api].fixtureProbe : undefined, options.requestTimeoutMs) : [];
  const priorRequests = [...probed, ...fixtureRequests];
  const settings: RunSettings = {
    api: plan.api,
    sources: plan.sources,
    target,
    ownsTarget: embedded !== undefined,
    principals: revealPrincipals(plan.principals),
    seed: options.seed,
    ...sizeOfPlan(plan, options),
    include: options.include,
    exclude: options.exclude,
    checks: options.checks,
    requestTimeoutMs: options.requestTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    ...(options.maxResponseTimeMs === undefined ? {} : { maxResponseTimeMs: options.maxResponseTimeMs }),
    eventsDir,
    rateLimitProbe: options.rateLimitProbe,
    ...(plan.declaration ? { declaration: plan.declaration } : {}),
    // conform's own servers have their quotas out of the way; a user's target gets the documented ones.
    quotaPacing: embedded === undefined && options.quotaPacing !== false,
    ...(priorRequests.length > 0 ? { priorRequests } : {}),
    allure: true,
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(embedded ? { rateLimitTarget: embedded.rateLimitTarget, rateLimitWindowMs: embedded.rateLimitWindowMs, fileTargets: embedded.fileTargets } : {}),
    concurrency: Math.max(1, options.workers),
    retries: options.retries ?? 0,
    ...(options.accept === undefined ? {} : { accept: options.accept }),
    ...(part ? { shard: part.shard } : {}),
    ...(plan.fixtures ? { fixtures: plan.fixtures } : {}),
  };
  return { plan, outDir, eventsDir, settings, suiteFiles, ...(embedded ? { embedded } : {}) };
}

/** What decides how many suite files run at once: a plan's files, and whether conform starts its target. */
interface FileSpread {
  readonly suiteFiles: readonly string[];
  readonly embedded: boolean;
}

/**
 * Suite files run at once when every file has a server of its own (conform started the targets);
 * against a target the user gave, one at a time: the files share it, and a semantic suite's lists and
 * quotas would count another file's items. (`--workers` is concurrency inside a suite.)
 */
function fileParallelism(plans: readonly FileSpread[]): number {
  const files = plans.reduce((sum, entry) => sum + entry.suiteFiles.length, 0);
  if (files === 0 || plans.some((entry) => !entry.embedded)) return 1;
  // One more than the cores: the rate-limit suites spend most of their time waiting out quota windows
  // and every file waits on its server, so a core would otherwise idle (measured on 2 cores: 2 workers
  // 13.5 s, 3 workers 11.3 s, 4 workers 13 s for `npm start`).
  return Math.min(files, availableParallelism() + 1);
}

/** The documents handed over to the workers (api-handoff.ts), while they load. */
interface Handover {
  readonly handedApis: HandedApis | undefined;
  /** Ends the loading thread if it still runs, and deletes the models. */
  close(): Promise<void>;
}


/**
 * Starts loading the plans' documents once, on a thread of its own, when several workers would each
 * load them; with one worker that would only move the load, so the workers load as before.
 */
function startHandover(plans: readonly (FileSpread & { readonly sources: readonly string[] })[], workers: number): Handover {
  if (workers < 2) return { handedApis: undefined, close: () => Promise.resolve() };
  const dir = mkdtempSync(join(tmpdir(), 'conform-models-'));
  const sourceSets = plans.filter((entry) => entry.suiteFiles.length > 0).map((entry) => entry.sources);
  const cache = modelCacheOfBuild();
  const thread = handOverApisAside(sourceSets, dir, cache);
  return {
    handedApis: thread.planned,
    close: async () => {
      await thread.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function finishPlan(entry: PreparedPlan, result: VitestRunResult, startedAt: Date, options: RunOptions): Promise<ApiRunResult> {
  const { plan, outDir, eventsDir, settings } = entry;
  let failed = 0;
  let finishedAt = startedAt.getTime();
  const errors: string[] = [...result.errors];
  for (const file of entry.suiteFiles) {
    const counts = result.byFile.get(file);
    if (!counts) continue;
    failed += counts.failed;
    errors.push(...counts.errors);
    finishedAt = Math.max(finishedAt, counts.finishedAt ?? finishedAt);
  }
  const head: RunEvent[] = [{ type: 'run-started', api: plan.api, target: settings.target, seed: options.seed, ...(settings.accept === undefined ? {} : { accept: settings.accept }), startedAt: startedAt.toISOString() }];
  // The suites delete what they create; this finishes the job after an interrupt or a crashed worker.
  const transport = new HttpTransport({ requestTimeoutMs: options.requestTimeoutMs });
  const cleanup = await cleanupLedgers(ledgerFiles(eventsDir), plan.principals, (request) => transport.send(request), isBuiltinApi(plan.api) ? BUILTIN_APIS[plan.api].unblock : undefined).finally(() => transport.close());
  const tail: RunEvent[] = [
    { type: 'run-finished', finishedAt: new Date(finishedAt).toISOString(), durationMs: finishedAt - startedAt.getTime(), ...(errors.length === 0 ? {} : { errors }) },
  ];
  const meta: RunMeta = { head, tail, ...(options.shard ? { shard: options.shard } : {}), testsFailed: failed, errors, leftBehind: cleanup.left };
  // What `conform merge-reports` needs besides the logs: the events only this process knows, and the verdict inputs.
  await writeFile(join(eventsDir, RUN_META_FILE), `${JSON.stringify(meta)}\n`);
  const summary = new SummaryReport(outDir);
  await buildReports(outDir, [summary, new HarReport(outDir), new JunitReport(outDir, () => summary.summary())], head, suiteLogs(eventsDir), tail);
  return { api: plan.api, ...(plan.title ? { title: plan.title } : {}), outDir, summary: summary.summary(), testsFailed: failed, errors, leftBehind: cleanup.left };
}

/**
 * Runs the suites of every plan through one vitest against each plan's target (the embedded
 * reference servers when none is given) and reduces each plan's events to its `summary.json`,
 * `junit.xml` and `exchanges.har`. One vitest, not one per API: its start-up is paid once, and the
 * APIs' files run side by side when their targets are conform's own.
 */
export async function executePlans(
  planned: readonly PlannedRun[],
  options: RunOptions,
  allureResultsDir: string,
  progress: RunProgress,
  signal?: AbortSignal,
  /** Called once the suites are done (the Allure results are complete), before cleanup and reports. */
  onSuitesFinished?: () => void,
): Promise<ApiRunResult[]> {
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const parts: (ShardPart | undefined)[] = [];
  for (const { plan } of planned) parts.push(shard ? await shardPartOf(plan, { ...options, ...sizeOfPlan(plan, options) }, shard) : undefined);
  const opened: EmbeddedTargets[] = [];
  const spread = planned.map(({ plan }, index) => ({ sources: plan.sources, suiteFiles: parts[index]?.suiteFiles ?? plan.suiteFiles, embedded: !plan.target }));
  const workers = fileParallelism(spread);
  // The documents load on another core while this thread starts the targets and vitest, and while the
  // workers import their modules; each worker waits for the models it needs.
  const handover = startHandover(spread, workers);
  try {
    const prepared: PreparedPlan[] = [];
    for (const [index, entry] of planned.entries()) prepared.push(await preparePlan(entry, options, parts[index], opened));
    const startedAt = new Date();
    const result = await runSuitesWithVitest({
      settings: Object.fromEntries(prepared.map((entry) => [entry.plan.api, entry.settings])),
      ...(handover.handedApis ? { handedApis: handover.handedApis } : {}),
      suiteFiles: prepared.flatMap((entry) => entry.suiteFiles),
      allureResultsDir,
      workers,
      progress,
      ...(signal ? { signal } : {}),
    });
    onSuitesFinished?.();
    const results: ApiRunResult[] = [];
    for (const entry of prepared) results.push(await finishPlan(entry, result, startedAt, options));
    return results;
  } finally {
    await Promise.all([handover.close(), ...opened.map((embedded) => embedded.close())]);
  }
}

/** {@link executePlans} for one API. */
export async function executePlan(plan: RunPlan, options: RunOptions, outDir: string, allureResultsDir: string, progress: RunProgress, signal?: AbortSignal): Promise<ApiRunResult> {
  const [result] = await executePlans([{ plan, outDir }], options, allureResultsDir, progress, signal);
  if (!result) throw new Error('executePlans returned no result for one plan');
  return result;
}
