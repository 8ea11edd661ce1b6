/**
 * The robustness sweep of the issue "never a silent pass": every OpenAPI document of a folder
 * (default ../shared/corpus, recursively) against Prism's mock of that same document, at a small size.
 * Every usable operation must end with check outcomes (passed, failed, skipped with a reason, or
 * error), with no exchange or 5xx lost between the HAR and summary.json. Prints one row per document:
 * operations, operations with outcomes, errors by kind, lost evidence, exit status.
 *
 *   npm i --no-save @stoplight/prism-cli@5.14.2   # or PRISM=/path/to/prism
 *   npx tsx bench/robustness-sweep.ts [folder] [--max-examples N] [--seed S] [--only NAME]
 *
 * Not part of `npm test`: 36 documents take several minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadApi } from '../src/openapi/load-api.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { unaccountedEvidence } from '../test/support/evidence.ts';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(name);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const folder = resolve(args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--')) ?? join(ROOT, '..', 'shared', 'corpus'));
const maxExamples = option('--max-examples', '3');
const seed = option('--seed', '1');
const only = option('--only', '');
const prism = process.env['PRISM'] ?? join(ROOT, 'node_modules', '.bin', 'prism');
const RUN_TIMEOUT_MS = 180_000;

function documentsIn(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return documentsIn(path);
      return /\.(json|ya?ml)$/i.test(name) ? [path] : [];
    });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Starts `prism mock` on loopback; resolves once it listens (or rejects with what it printed). */
async function startPrism(document: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(prism, ['mock', '-h', '127.0.0.1', '-p', String(port), document], { stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`prism did not listen within 60 s: ${printed.slice(-300)}`));
    }, 60_000);
    const onData = (chunk: Buffer): void => {
      printed += chunk.toString();
      if (!/Prism is listening/.test(printed)) return;
      clearTimeout(timer);
      done({ url: `http://127.0.0.1:${port}`, child });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`prism exited (${code}): ${printed.replace(/\s+/g, ' ').slice(-300)}`));
    });
  });
}

function runConform(document: string, target: string, out: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'conform.js'), 'run', document, '--target', target, '--seed', seed, '--max-examples', maxExamples, '--out', out, '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status: status ?? -1, stdout, stderr });
    });
  });
}

interface Row {
  readonly document: string;
  readonly operations: number | string;
  readonly withOutcomes: number | string;
  readonly errors: string;
  readonly lost: number | string;
  readonly exit: number | string;
}

/** An error reason without its specifics: what kind of failure it is. */
function errorKind(reason: string): string {
  return reason.replace(/^.*?(stopped|threw on a \S+ answer): /, '').replace(/"[^"]*"|'[^']*'|\d+/g, '…').slice(0, 70);
}

async function sweepOne(document: string): Promise<Row> {
  const name = basename(document);
  let operations = 0;
  try {
    operations = (await loadApi([document])).operations.length;
  } catch (error: unknown) {
    return { document: name, operations: `refused: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`, withOutcomes: '-', errors: '-', lost: '-', exit: '-' };
  }
  let prismRun: { url: string; child: ChildProcess };
  try {
    prismRun = await startPrism(document);
  } catch (error: unknown) {
    return { document: name, operations, withOutcomes: '-', errors: `prism: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`, lost: '-', exit: '-' };
  }
  const out = mkdtempSync(join(tmpdir(), 'conform-sweep-'));
  try {
    const result = await runConform(document, prismRun.url, out);
    if (!existsSync(join(out, 'summary.json'))) {
      const line = (result.stderr.split('\n').find((text) => text.startsWith('conform: CONFORM_')) ?? result.stderr.trim().split('\n').at(-1) ?? '').slice(0, 90);
      return { document: name, operations, withOutcomes: 0, errors: `no summary: ${line}`, lost: '-', exit: result.status };
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const withOutcomes = new Set(summary.checks.filter((check) => !check.operation.includes('(')).map((check) => check.operation)).size;
    const kinds = new Map<string, number>();
    for (const check of summary.checks) if (check.status === 'error') kinds.set(errorKind(check.reason ?? ''), (kinds.get(errorKind(check.reason ?? '')) ?? 0) + 1);
    for (const error of summary.errors ?? []) kinds.set(`run: ${error.slice(0, 60)}`, (kinds.get(`run: ${error.slice(0, 60)}`) ?? 0) + 1);
    const errors = kinds.size === 0 ? '0' : [...kinds].map(([kind, count]) => `${count}× ${kind}`).join('; ');
    return { document: name, operations, withOutcomes, errors, lost: unaccountedEvidence(out).length, exit: result.status };
  } finally {
    prismRun.child.kill('SIGTERM');
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(prism)) {
    process.stderr.write(`robustness-sweep: no prism at ${prism}; run 'npm i --no-save @stoplight/prism-cli@5.14.2' or set PRISM\n`);
    process.exit(2);
  }
  const documents = documentsIn(folder).filter((path) => !only || basename(path).includes(only));
  process.stdout.write(`robustness sweep: ${documents.length} documents of ${folder}, each against prism mock of itself; seed ${seed}, --max-examples ${maxExamples}\n\n`);
  process.stdout.write('| document | operations | with outcomes | errors (by kind) | lost evidence | exit |\n| --- | --- | --- | --- | --- | --- |\n');
  const rows: Row[] = [];
  for (const document of documents) {
    const row = await sweepOne(document);
    rows.push(row);
    process.stdout.write(`| ${row.document} | ${row.operations} | ${row.withOutcomes} | ${row.errors} | ${row.lost} | ${row.exit} |\n`);
  }
  const numeric = rows.filter((row) => typeof row.operations === 'number' && typeof row.withOutcomes === 'number');
  const total = numeric.reduce((sum, row) => sum + (row.operations as number), 0);
  const covered = numeric.reduce((sum, row) => sum + (row.withOutcomes as number), 0);
  const withErrors = rows.filter((row) => row.errors !== '0').length;
  const lost = rows.filter((row) => typeof row.lost === 'number' && row.lost > 0).length;
  process.stdout.write(`\n${covered}/${total} operations with outcomes; ${withErrors} document(s) with errors; ${lost} with lost evidence\n`);
}

await main();
