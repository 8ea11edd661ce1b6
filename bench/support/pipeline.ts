import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_APIS } from '../../src/cli/builtin-apis.ts';
import type { ReferenceApiName } from '../../src/reference/apis.ts';
import { buildReports } from '../../src/report/build-reports.ts';
import { HarReport } from '../../src/report/har-report.ts';
import { JunitReport } from '../../src/report/junit-report.ts';
import { SummaryReport, type Summary } from '../../src/report/summary-report.ts';
import { cleanupLedgers } from '../../src/run/cleanup-ledger.ts';
import { ContractRun } from '../../src/run/contract-run.ts';
import type { RunEvent } from '../../src/run/events.ts';
import type { RunSettings } from '../../src/run/run-settings.ts';
import { SuiteRuntime } from '../../src/run/suite-runtime.ts';
import type { ApiModel } from '../../src/openapi/types.ts';
import type { CapturedRequest } from './replay-plan.ts';

/** One measured pass of conform's contract pipeline. */
export interface PipelineRequest {
  readonly api: ReferenceApiName;
  readonly model: ApiModel;
  /** The reference server's origin; the API's base path is appended. */
  readonly origin: string;
  readonly seed: number;
  readonly maxExamples: number;
  /** Independent pipelines explored at the same time (each its own runtime and connections). */
  readonly pipelines: number;
  readonly outDir: string;
  /** Collects every request sent and the response it got, to replay them raw afterwards. */
  readonly capture?: CapturedRequest[];
}

/** What one pass did and how long it took, reports included. */
export interface PipelineResult {
  readonly requests: number;
  readonly elapsedMs: number;
  /** CPU time of this process (user + system) during the pass: conform's own cost, the server runs elsewhere. */
  readonly cpuMs: number;
  readonly summary: Summary;
}

/** The settings `conform run` would hand a worker for a built-in API against `target`. */
export function benchSettings(api: ReferenceApiName, target: string, seed: number, maxExamples: number, eventsDir: string): RunSettings {
  const builtin = BUILTIN_APIS[api];
  return {
    api,
    sources: [builtin.spec],
    target,
    ownsTarget: true,
    principals: builtin.defaultPrincipals,
    seed,
    maxExamples,
    include: [],
    exclude: [],
    checks: [],
    requestTimeoutMs: 10_000,
    maxResponseBytes: 10 * 1024 * 1024,
    eventsDir,
    rateLimitProbe: false,
  };
}

/** Explores every operation once with one runtime (its own event log `bench-<index>`); resolves to the requests sent. */
export async function explorePipeline(request: Omit<PipelineRequest, 'pipelines' | 'outDir'>, index: number, eventsDir: string): Promise<number> {
  const target = `${request.origin}${BUILTIN_APIS[request.api].basePath}`;
  const settings = benchSettings(request.api, target, request.seed + index, request.maxExamples, eventsDir);
  const runtime = SuiteRuntime.forSettings(settings, `bench-${index}`);
  const capture = request.capture;
  if (capture) {
    const send = runtime.transport.send.bind(runtime.transport);
    runtime.transport.send = (outgoing) => {
      const captured: CapturedRequest = { request: outgoing };
      capture.push(captured);
      return send(outgoing).then((exchange) => {
        captured.response = exchange.response;
        return exchange;
      });
    };
  }
  try {
    const run = new ContractRun(request.model, runtime);
    for (const operation of run.operations) await run.explore(operation);
    await run.cleanup();
    // What `conform run` does after its workers: items the suites could not delete (Glance's
    // protected images) are unblocked and deleted from the ledger, so no pass leaves them behind.
    const ledgers = existsSync(runtime.ledger.path) ? [runtime.ledger.path] : [];
    await cleanupLedgers(ledgers, runtime.principals, (outgoing) => runtime.transport.send(outgoing), BUILTIN_APIS[request.api].unblock);
    return runtime.requests;
  } finally {
    await runtime.close();
  }
}

/**
 * Runs the contract pipeline `conform run` runs in each worker (generate, send, every default check,
 * the NDJSON event log), then reduces the logs to summary.json, junit.xml and exchanges.har, and
 * times all of it. The document is loaded beforehand: that is start-up, not per-request work.
 */
export async function runPipeline(request: PipelineRequest): Promise<PipelineResult> {
  const eventsDir = join(request.outDir, '.events');
  rmSync(request.outDir, { recursive: true, force: true });
  mkdirSync(eventsDir, { recursive: true });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const startedAt = new Date().toISOString();
  const counts = await Promise.all(Array.from({ length: request.pipelines }, (_, index) => explorePipeline(request, index, eventsDir)));
  const summary = await reduceLogs(request, eventsDir, startedAt, performance.now() - started);
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { requests: counts.reduce((sum, count) => sum + count, 0), elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, summary };
}

/** Reduces the event logs to summary.json, junit.xml and exchanges.har, as `conform run` does after its workers. */
export async function reduceLogs(request: Pick<PipelineRequest, 'api' | 'origin' | 'seed' | 'outDir'>, eventsDir: string, startedAt: string, durationMs: number): Promise<Summary> {
  const logs = readdirSync(eventsDir)
    .filter((name) => name.endsWith('.ndjson') && !name.endsWith('.ledger.ndjson'))
    .sort()
    .map((name) => join(eventsDir, name));
  const head: RunEvent[] = [{ type: 'run-started', api: request.api, target: request.origin, seed: request.seed, startedAt }];
  const tail: RunEvent[] = [{ type: 'run-finished', finishedAt: new Date().toISOString(), durationMs }];
  const summary = new SummaryReport(request.outDir);
  await buildReports(request.outDir, [summary, new HarReport(request.outDir), new JunitReport(request.outDir, () => summary.summary())], head, logs, tail);
  return summary.summary();
}
