import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { revealPrincipals, type Principals } from '../../principals.ts';
import { buildReports } from '../../report/build-reports.ts';
import { HarReport } from '../../report/har-report.ts';
import { JunitReport } from '../../report/junit-report.ts';
import { SummaryReport, type Summary } from '../../report/summary-report.ts';
import type { RunEvent } from '../../run/events.ts';
import type { RunSettings } from '../../run/run-settings.ts';
import { runSuitesWithVitest, type RunProgress } from '../../run/vitest-driver.ts';
import { BUILTIN_APIS, isBuiltinApi } from '../builtin-apis.ts';
import { startEmbeddedTargets, type EmbeddedTargets } from './embedded-targets.ts';
import { assertReachable } from './preflight.ts';
import { cleanupLedgers, ledgerFiles } from '../../run/cleanup-ledger.ts';
import { HttpTransport } from '../../transport/http-transport.ts';
import { parseShard, suiteFilesOfShard } from '../../run/shard.ts';
import { RUN_META_FILE, type RunMeta } from './run-meta.ts';

/** One API to run: its documents, suites, target and principals. */
export interface RunPlan {
  /** `glance`, `prime`, `img`, or `custom` for documents given as sources. */
  readonly api: string;
  readonly sources: readonly string[];
  readonly suiteFiles: readonly string[];
  /** Absent: start the embedded reference server. */
  readonly target?: string;
  readonly principals: Principals;
}

/** Options shared by every plan of a run. */
export interface RunOptions {
  readonly out: string;
  readonly seed: number;
  readonly maxExamples: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly checks: readonly string[];
  /** Requests in flight at once (`--workers`). */
  readonly workers: number;
  /** Retries of an idempotent request after a connection failure or a 503 with Retry-After. @defaultValue 0 */
  readonly retries?: number;
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxResponseTimeMs?: number;
  readonly rateLimit?: number;
  readonly rateLimitProbe: boolean;
  /** `i/n`: this run is one shard; `conform merge-reports` joins the shards' outputs. */
  readonly shard?: string;
}

export interface ApiRunResult {
  readonly api: string;
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

/**
 * Runs one API's suites through vitest against its target (the embedded reference server when none
 * is given) and reduces the workers' events to `summary.json`, `junit.xml` and `exchanges.har`.
 */
export async function executePlan(
  plan: RunPlan,
  options: RunOptions,
  outDir: string,
  allureResultsDir: string,
  progress: RunProgress,
  signal?: AbortSignal,
): Promise<ApiRunResult> {
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const eventsDir = join(outDir, '.events');
  rmSync(eventsDir, { recursive: true, force: true });
  mkdirSync(eventsDir, { recursive: true });
  let embedded: EmbeddedTargets | undefined;
  if (!plan.target) {
    if (!isBuiltinApi(plan.api)) throw new Error('a document given as a source needs --target');
    embedded = await startEmbeddedTargets(plan.api, BUILTIN_APIS[plan.api].basePath);
  }
  try {
    const target = plan.target ?? embedded?.target ?? '';
    await assertReachable(target, options.requestTimeoutMs);
    const settings: RunSettings = {
      api: plan.api,
      sources: plan.sources,
      target,
      ownsTarget: embedded !== undefined,
      principals: revealPrincipals(plan.principals),
      seed: options.seed,
      maxExamples: options.maxExamples,
      include: options.include,
      exclude: options.exclude,
      checks: options.checks,
      requestTimeoutMs: options.requestTimeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      ...(options.maxResponseTimeMs === undefined ? {} : { maxResponseTimeMs: options.maxResponseTimeMs }),
      eventsDir,
      rateLimitProbe: options.rateLimitProbe,
      allure: true,
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(embedded ? { rateLimitTarget: embedded.rateLimitTarget } : {}),
      concurrency: Math.max(1, options.workers),
      retries: options.retries ?? 0,
      ...(shard ? { shard } : {}),
    };
    const startedAt = new Date();
    const head: RunEvent[] = [{ type: 'run-started', api: plan.api, target, seed: options.seed, startedAt: startedAt.toISOString() }];
    const result = await runSuitesWithVitest({
      settings,
      suiteFiles: suiteFilesOfShard(plan.suiteFiles, shard),
      allureResultsDir,
      // Suite files run one at a time: they share the target, and a semantic suite's lists and quotas
      // would count another file's items. `--workers` is concurrency inside a suite (settings.concurrency).
      workers: 1,
      progress,
      ...(signal ? { signal } : {}),
    });
    // The suites delete what they create; this finishes the job after an interrupt or a crashed worker.
    const transport = new HttpTransport({ requestTimeoutMs: options.requestTimeoutMs });
    const cleanup = await cleanupLedgers(ledgerFiles(eventsDir), plan.principals, (request) => transport.send(request), isBuiltinApi(plan.api) ? BUILTIN_APIS[plan.api].unblock : undefined).finally(() => transport.close());
    const tail: RunEvent[] = [{ type: 'run-finished', finishedAt: new Date().toISOString(), durationMs: Date.now() - startedAt.getTime() }];
    const meta: RunMeta = { head, tail, ...(options.shard ? { shard: options.shard } : {}), testsFailed: result.failed, errors: result.errors, leftBehind: cleanup.left };
    // What `conform merge-reports` needs besides the logs: the events only this process knows, and the verdict inputs.
    await writeFile(join(eventsDir, RUN_META_FILE), `${JSON.stringify(meta)}\n`);
    const summary = new SummaryReport(outDir);
    await buildReports(outDir, [summary, new HarReport(outDir), new JunitReport(outDir)], head, suiteLogs(eventsDir), tail);
    return { api: plan.api, outDir, summary: summary.summary(), testsFailed: result.failed, errors: result.errors, leftBehind: cleanup.left };
  } finally {
    await embedded?.close();
  }
}
