/**
 * Benchmark 9: a full run on a quota-limited deployment conform did not start, as a user runs it.
 * `conform serve <api> --fixtures-out F` in a process of its own enforces the documented quota (Prime:
 * 100 requests per 60 s per IP and token; IMG: 100 per minute per key, 10 for test keys), and
 * `conform run <api> --target URL [--fixtures F] --rate-limit-probe` runs at the default request budget,
 * with pacing on. A counting proxy between them sees every request as the target does.
 *
 * Printed per run: requests sent, 429s met, the run's wall time, the least time the quota allows for
 * those requests (per key, as the target counts: the busiest key's requests / its limit × window) and
 * the ratio; the suites that ran and any skipped. The bar: ≤ 300 requests, no suite skipped,
 * wall ≤ 1.2 × the quota's time. Exits 1 when a run sends over the budget, skips a suite or fails.
 *
 *   npx tsx bench/quota-run.ts [--api prime|img] [--seeds 1,2] [--no-probe] [--parallel]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QUOTA_BUDGET } from '../src/config.ts';
import { startProcessServer } from '../test/support/process-server.ts';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'conform.js');

/** The documented quotas, as the reference servers enforce them: by key, the limit per window. */
const QUOTA: Record<'prime' | 'img', { readonly windowMs: number; limitOf(key: string): number; keyOf(request: IncomingMessage): string }> = {
  // Per client IP and token; every request here comes from 127.0.0.1, so the token is the key.
  prime: { windowMs: 60_000, limitOf: () => 100, keyOf: (request) => String(request.headers.authorization ?? '-') },
  img: { windowMs: 60_000, limitOf: (key) => (key.startsWith('img_test_') ? 10 : 100), keyOf: (request) => String(request.headers['x-api-key'] ?? '-') },
};

interface Counted {
  readonly at: number;
  readonly key: string;
  readonly status: number;
  readonly method: string;
  readonly path: string;
}

/** Forwards every request to `upstream` and notes when it arrived, by whose key, and what came back. */
function countingProxy(upstream: string, keyOf: (request: IncomingMessage) => string): Promise<{ url: string; server: Server; seen: Counted[] }> {
  const seen: Counted[] = [];
  const target = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    const at = Date.now();
    const key = keyOf(incoming);
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        seen.push({ at, key, status: answer.statusCode ?? 0, method: incoming.method ?? '', path: incoming.url ?? '' });
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen })));
}

function runConform(args: readonly string[]): Promise<{ status: number; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // The progress lines (quota holds, Retry-After waits) as they come: the wait is what this measures.
      for (const line of chunk.toString().split('\n')) if (/^conform: .*(quota|429|budget)/.test(line)) process.stdout.write(`    ${line}\n`);
    });
    child.on('close', (code) => resolve({ status: code ?? 1, stdout, stderr }));
  });
}

/** Most requests of one key within any window-long interval: never above its limit when pacing works. */
function busiestWindow(seen: readonly Counted[], key: string, windowMs: number): number {
  const times = seen.filter((entry) => entry.key === key).map((entry) => entry.at).sort((a, b) => a - b);
  let busiest = 0;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

export interface QuotaRunRow {
  readonly api: 'prime' | 'img';
  readonly seed: number;
  readonly status: number;
  readonly requests: number;
  readonly refused: number;
  readonly wallSeconds: number;
  readonly quotaSeconds: number;
  readonly ratio: number;
  readonly busiestKey: string;
  readonly overLimit: boolean;
  readonly suitesRun: number;
  readonly suitesSkipped: readonly string[];
  /** Where the run's reports and the target's log are. */
  readonly out: string;
}

async function quotaRun(api: 'prime' | 'img', seed: number, probe: boolean): Promise<QuotaRunRow> {
  const dir = mkdtempSync(join(tmpdir(), `conform-quota-${api}-`));
  const fixtures = join(dir, 'fixtures.yaml');
  const server = await startProcessServer(CLI, ['serve', api, '--port', '0', ...(api === 'prime' ? ['--fixtures-out', fixtures] : [])], { cwd: ROOT });
  const quota = QUOTA[api];
  const proxy = await countingProxy(server.url, quota.keyOf);
  try {
    const started = Date.now();
    const out = join(dir, 'out');
    const result = await runConform(['run', api, '--target', proxy.url, ...(api === 'prime' ? ['--fixtures', fixtures] : []), ...(probe ? ['--rate-limit-probe'] : []), '--seed', String(seed), '--out', out, '--quiet']);
    const wallSeconds = (Date.now() - started) / 1000;
    // What the target saw, keys hashed: where a run's time went, request by request.
    writeFileSync(join(out, 'run.log'), `${result.stdout}${result.stderr}`);
    writeFileSync(join(out, 'target-log.ndjson'), proxy.seen.map((entry) => JSON.stringify({ ...entry, at: entry.at - started, key: createHash('sha256').update(entry.key).digest('hex').slice(0, 8) })).join('\n'));
    const keys = [...new Set(proxy.seen.map((entry) => entry.key))];
    const quotaOf = (key: string): number => (proxy.seen.filter((entry) => entry.key === key).length / quota.limitOf(key)) * (quota.windowMs / 1000);
    const busiestKey = keys.sort((a, b) => quotaOf(b) - quotaOf(a))[0] ?? '-';
    const quotaSeconds = quotaOf(busiestKey);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { coverage?: { suitesRun: number; suitesSkipped: { id: string; reason: string }[] } };
    return {
      api,
      seed,
      status: result.status,
      requests: proxy.seen.length,
      refused: proxy.seen.filter((entry) => entry.status === 429).length,
      wallSeconds,
      quotaSeconds,
      ratio: wallSeconds / quotaSeconds,
      busiestKey: busiestKey === '-' ? 'none' : `${busiestKey.slice(0, 12)}…`,
      // The rate-limit probe exceeds the quota on purpose; without it no key may.
      overLimit: !probe && keys.some((key) => busiestWindow(proxy.seen, key, quota.windowMs) > quota.limitOf(key)),
      suitesRun: summary.coverage?.suitesRun ?? 0,
      suitesSkipped: (summary.coverage?.suitesSkipped ?? []).map((skip) => skip.id),
      out,
    };
  } finally {
    await new Promise((resolve) => proxy.server.close(resolve));
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const apiArg = argv.includes('--api') ? argv[argv.indexOf('--api') + 1] : undefined;
  const apis = (apiArg ? [apiArg] : ['prime', 'img']) as ('prime' | 'img')[];
  const seedText = argv.includes('--seeds') ? argv[argv.indexOf('--seeds') + 1] : '1';
  const seeds = (seedText ?? '1').split(',').map((seed) => Number.parseInt(seed, 10)).filter(Number.isFinite);
  const probe = !argv.includes('--no-probe');
  process.stdout.write(`\n## 9. A run on a quota-limited deployment (default budget ${DEFAULT_QUOTA_BUDGET}, pacing on${probe ? ', --rate-limit-probe' : ''})\n`);
  const report = (row: QuotaRunRow): void => {
    process.stdout.write(
      `  ${row.api} seed ${row.seed} (${row.out}): exit ${row.status}, ${row.requests} requests (${row.refused} answered 429), ${row.wallSeconds.toFixed(1)} s; the quota's least time for them ${row.quotaSeconds.toFixed(1)} s (busiest key); ratio ${row.ratio.toFixed(2)}; suites run ${row.suitesRun}, skipped ${row.suitesSkipped.length ? row.suitesSkipped.join(', ') : 'none'}${row.overLimit ? '; A KEY WENT OVER ITS LIMIT' : ''}\n`,
    );
  };
  const pairs = apis.flatMap((api) => seeds.map((seed) => [api, seed] as const));
  const rows: QuotaRunRow[] = [];
  if (argv.includes('--parallel')) {
    // Each run on a deployment of its own: they wait on their own quotas, so they may wait side by side
    // (CI: two runs in the time of one); the CPU they share is a few seconds of each.
    for (const row of await Promise.all(pairs.map(([api, seed]) => quotaRun(api, seed, probe)))) {
      rows.push(row);
      report(row);
    }
  } else {
    for (const [api, seed] of pairs) {
      process.stdout.write(`  ${api} seed ${seed}:\n`);
      const row = await quotaRun(api, seed, probe);
      rows.push(row);
      report(row);
    }
  }
  const bad = rows.filter((row) => row.status !== 0 || row.requests > DEFAULT_QUOTA_BUDGET || row.suitesSkipped.length > 0 || row.overLimit);
  if (bad.length > 0) {
    process.stdout.write(`\n${bad.length} of ${rows.length} runs missed the bar (exit 0, ≤ ${DEFAULT_QUOTA_BUDGET} requests, no suite skipped, no key over its limit)\n`);
    process.exitCode = 1;
  }
}
