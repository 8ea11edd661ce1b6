import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { buildReports } from '../../report/build-reports.ts';
import { HarReport } from '../../report/har-report.ts';
import { JunitReport } from '../../report/junit-report.ts';
import { mergedEvents, writeEventLog } from '../../report/merge-events.ts';
import { SummaryReport } from '../../report/summary-report.ts';
import type { RunEvent } from '../../run/events.ts';
import { parseShard } from '../../run/shard.ts';
import { suiteLogs, type ApiRunResult } from './execute-run.ts';
import { RUN_META_FILE, type RunMeta } from './run-meta.ts';

/** One API's output in one shard's `--out`. */
interface ShardPart {
  readonly dir: string;
  readonly eventsDir: string;
  readonly meta: RunMeta;
}

function readMeta(eventsDir: string): RunMeta {
  const path = join(eventsDir, RUN_META_FILE);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunMeta;
  } catch (error: unknown) {
    throw new UsageError(`${path}: unreadable run description (${(error as { code?: string }).code ?? 'not JSON'})`);
  }
}

function started(meta: RunMeta): Extract<RunEvent, { type: 'run-started' }> | undefined {
  return meta.head.find((event): event is Extract<RunEvent, { type: 'run-started' }> => event.type === 'run-started');
}

/** The APIs a run's `--out` holds: `{api: part}`; one API's reports sit in the folder itself, several in `<out>/<api>/`. */
function partsOf(dir: string): Map<string, ShardPart> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a directory`);
  const candidates = [dir, ...readdirSync(dir).map((name) => join(dir, name)).filter((path) => statSync(path).isDirectory())];
  const parts = new Map<string, ShardPart>();
  for (const candidate of candidates) {
    const eventsDir = join(candidate, '.events');
    if (!existsSync(join(eventsDir, RUN_META_FILE))) continue;
    const meta = readMeta(eventsDir);
    const api = started(meta)?.api;
    if (!api) throw new UsageError(`${eventsDir}: the run description has no run-started event`);
    parts.set(api, { dir: candidate, eventsDir, meta });
  }
  if (parts.size === 0) throw new UsageError(`${dir}: no conform run output here (expected .events/${RUN_META_FILE} from conform run --out ${dir})`);
  return parts;
}

/** Every shard of one run once, and the same run: same API, seed and shard count, no gaps. */
function assertOneRun(api: string, parts: readonly ShardPart[]): void {
  const seeds = new Set(parts.map((part) => started(part.meta)?.seed));
  if (seeds.size > 1) throw new UsageError(`${api}: the shards ran with different seeds (${[...seeds].join(', ')}); merge only shards of one run`);
  const shards = parts.map((part) => (part.meta.shard ? parseShard(part.meta.shard) : undefined));
  if (shards.some((shard) => shard === undefined)) {
    if (parts.length > 1) throw new UsageError(`${api}: ${parts.filter((_, index) => !shards[index]).map((part) => part.dir).join(', ')} is a whole run, not a shard; nothing to merge it with`);
    return;
  }
  const counts = new Set(shards.map((shard) => shard?.count));
  if (counts.size > 1) throw new UsageError(`${api}: the shards split the run differently (n = ${[...counts].join(', ')})`);
  const count = shards[0]?.count ?? 0;
  const seen = new Set(shards.map((shard) => shard?.index));
  if (seen.size !== shards.length) throw new UsageError(`${api}: a shard is given twice`);
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new UsageError(`${api}: shard(s) ${missing.map((index) => `${index}/${count}`).join(', ')} missing; the merged report would silently lack their checks`);
}

function mergedTail(parts: readonly ShardPart[]): RunEvent[] {
  const finished = parts.flatMap((part) => part.meta.tail).filter((event): event is Extract<RunEvent, { type: 'run-finished' }> => event.type === 'run-finished');
  const last = [...finished].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt)).at(-1);
  const unreachable = finished.find((event) => event.unreachable !== undefined)?.unreachable;
  // Shards run side by side: the run took as long as its slowest shard.
  const durationMs = Math.max(0, ...finished.map((event) => event.durationMs));
  const errors = finished.flatMap((event) => event.errors ?? []);
  return [
    {
      type: 'run-finished',
      finishedAt: last?.finishedAt ?? new Date().toISOString(),
      durationMs,
      ...(unreachable === undefined ? {} : { unreachable }),
      ...(errors.length === 0 ? {} : { errors }),
    },
  ];
}

function mergedHead(parts: readonly ShardPart[]): RunEvent[] {
  const heads = parts.map((part) => started(part.meta)).filter((event) => event !== undefined);
  const first = [...heads].sort((a, b) => a.startedAt.localeCompare(b.startedAt))[0];
  return first ? [first] : [];
}

/** Copies every shard's Allure results into one folder; their file names are UUIDs, so nothing collides. */
export function mergeAllureResults(dirs: readonly string[], into: string): void {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  for (const dir of dirs) {
    const results = join(dir, 'allure-results');
    if (!existsSync(results)) continue;
    for (const name of readdirSync(results)) copyFileSync(join(results, name), join(into, name));
  }
}

/**
 * Joins the outputs of `conform run --shard i/n` (one `--out` folder per shard) into one set of
 * reports, rebuilt from the shards' event logs by the same builders a run uses: the merged
 * `summary.json`, `junit.xml` and `exchanges.har` are what one unsharded run would write (timings aside).
 */
export async function mergeShardOutputs(dirs: readonly string[], out: string): Promise<ApiRunResult[]> {
  const byApi = new Map<string, ShardPart[]>();
  const target = resolve(out);
  // The merge rewrites <out>/.events: it must never be a shard's own folder.
  if (dirs.some((dir) => resolve(dir) === target)) throw new UsageError(`--out ${out} is one of the shard folders; merge into a new folder`);
  for (const dir of dirs.map((path) => resolve(path))) {
    for (const [api, part] of partsOf(dir)) byApi.set(api, [...(byApi.get(api) ?? []), part]);
  }
  const multi = byApi.size > 1;
  const results: ApiRunResult[] = [];
  for (const [api, parts] of [...byApi.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    assertOneRun(api, parts);
    const outDir = multi ? join(out, api) : out;
    const eventsDir = join(outDir, '.events');
    rmSync(eventsDir, { recursive: true, force: true });
    mkdirSync(eventsDir, { recursive: true });
    const head = mergedHead(parts);
    const tail = mergedTail(parts);
    // One merged log (plus its description) makes the merged folder a run output of its own: mergeable, readable.
    const mergedLog = join(eventsDir, `${api}-merged.ndjson`);
    await writeEventLog(mergedLog, mergedEvents(parts.flatMap((part) => suiteLogs(part.eventsDir))));
    const meta: RunMeta = {
      head,
      tail,
      testsFailed: parts.reduce((sum, part) => sum + part.meta.testsFailed, 0),
      errors: parts.flatMap((part) => part.meta.errors),
      leftBehind: parts.flatMap((part) => part.meta.leftBehind),
    };
    await writeFile(join(eventsDir, RUN_META_FILE), `${JSON.stringify(meta)}\n`);
    const summary = new SummaryReport(outDir);
    await buildReports(outDir, [summary, new HarReport(outDir), new JunitReport(outDir, () => summary.summary())], head, [mergedLog], tail);
    results.push({ api, outDir, summary: summary.summary(), testsFailed: meta.testsFailed, errors: meta.errors, leftBehind: meta.leftBehind });
  }
  return results;
}
