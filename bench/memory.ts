/**
 * Benchmark 3: peak RSS of the real contract pipeline (generate, send, checks, NDJSON events, then
 * summary/JUnit/HAR) at growing request counts, each in a fresh child process. Goal: flat, ≤ 1.2×
 * from 10k to 200k requests. The reference server runs in its own process and is not counted.
 */
import { suiteNodeOptions } from '../src/vitest/suite-node-options.ts';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemorySnapshot } from './support/memory-stats.ts';
import { benchOptions, formatCount } from './support/options.ts';

const ROOT = join(import.meta.dirname, '..');

/** One child's figures. */
export interface MemoryRow {
  readonly api: string;
  readonly requests: number;
  /** Pipelines explored (each ~1,220 requests on Glance). */
  readonly pipelines: number;
  readonly harRequests: number;
  readonly exploredMs: number;
  /** CPU time of the child while sending (user + system). */
  readonly cpuMs: number;
  readonly totalMs: number;
  /** Peak RSS once conform's modules were loaded. */
  readonly importedRssKb: number;
  /** Peak RSS once the document was loaded too, before the first request: start-up. */
  readonly startupRssKb: number;
  /** Peak RSS once every request was sent (before the reports). */
  readonly exploredRssKb: number;
  /** Peak RSS of the whole child, reports included. */
  readonly peakRssKb: number;
  /** Heap still used after a full GC once the run is over: what the run retains. */
  readonly retainedHeapKb?: number;
  readonly snapshots: Readonly<Record<'bare' | 'imported' | 'ready' | 'explored' | 'reported', MemorySnapshot>>;
  /** Node options the child ran with, beyond `--expose-gc --import tsx`. */
  readonly nodeOptions: readonly string[];
}

function runChild(api: string, requests: number, nodeOptions: readonly string[], trace: boolean): Promise<MemoryRow> {
  const outDir = join(tmpdir(), `conform-bench-memory-${process.pid}-${requests}`);
  return new Promise((resolve, reject) => {
    const args = [...nodeOptions, '--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'memory-child.ts'), api, String(requests), outDir, ...(trace ? ['--trace'] : [])];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`memory child for ${requests} requests exited with ${String(code)}`));
      resolve({ ...(JSON.parse(line) as Omit<MemoryRow, 'nodeOptions'>), nodeOptions });
    });
  });
}

const mib = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;

/**
 * Runs the benchmark; prints a line per size and the ratio of the largest to the smallest.
 * `nodeOptions` are passed to every child (e.g. `--max-semi-space-size=4`, `--max-old-space-size=256`).
 */
export async function memoryBenchmark(quick: boolean, api = 'glance', nodeOptions: readonly string[] = [], trace = false): Promise<MemoryRow[]> {
  const sizes = quick ? [2_000, 5_000, 20_000] : [10_000, 50_000, 200_000];
  const flags = nodeOptions.length > 0 ? `, node ${nodeOptions.join(' ')}` : '';
  process.stdout.write(`\n## 3. Peak RSS (${api}, contract pipelines, 4 in flight${flags}; goal ≤ 1.2× from ${formatCount(sizes[0] ?? 0)} to ${formatCount(sizes.at(-1) ?? 0)})\n`);
  process.stdout.write('requests  sent in  requests/CPU s  peak RSS start-up  peak RSS sending  peak RSS with reports  heap after GC\n');
  const rows: MemoryRow[] = [];
  for (const size of sizes) {
    const row = await runChild(api, size, nodeOptions, trace);
    rows.push(row);
    process.stdout.write(
      [
        formatCount(row.requests).padStart(8),
        `${(row.exploredMs / 1000).toFixed(0)} s`.padStart(7),
        formatCount(row.requests / (row.cpuMs / 1000)).padStart(14),
        mib(row.startupRssKb).padStart(17),
        mib(row.exploredRssKb).padStart(16),
        mib(row.peakRssKb).padStart(21),
        (row.retainedHeapKb === undefined ? '' : mib(row.retainedHeapKb)).padStart(13),
      ].join('  ') + '\n',
    );
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last) {
    const growth = (row: MemoryRow): number => row.peakRssKb - row.startupRssKb;
    process.stdout.write(`ratio ${formatCount(last.requests)} / ${formatCount(first.requests)}: ${(last.peakRssKb / first.peakRssKb).toFixed(2)}`);
    process.stdout.write(` (above start-up: ${mib(growth(first))} → ${mib(growth(last))}; start-up is ${((first.startupRssKb / first.peakRssKb) * 100).toFixed(0)}% of the first peak)\n`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = benchOptions();
  const argv = process.argv.slice(2);
  // `--heap-cap MB` runs the children with --max-old-space-size: what is retained, not how generously V8 sizes its heap.
  // `--node-option FLAG` (repeatable) passes any other flag to the children; `--trace` prints their memory every 8 pipelines.
  const nodeOptions: string[] = [];
  for (const [position, arg] of argv.entries()) {
    const value = argv[position + 1];
    if (arg === '--heap-cap' && value && Number.isFinite(Number.parseInt(value, 10))) nodeOptions.push(`--max-old-space-size=${Number.parseInt(value, 10)}`);
    if (arg === '--node-option' && value) nodeOptions.push(value);
  }
  // By default the children get the flags conform gives its suite processes (src/vitest/suite-node-options.ts),
  // so the figure is conform's; `--v8-defaults` measures with none.
  if (nodeOptions.length === 0 && !argv.includes('--v8-defaults')) nodeOptions.push(...suiteNodeOptions({}, []));
  const rows = await memoryBenchmark(options.quick, 'glance', nodeOptions, argv.includes('--trace'));
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(rows, null, 2));
}
