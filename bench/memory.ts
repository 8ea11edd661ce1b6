/**
 * Benchmark 3: peak RSS of the real contract pipeline (generate, send, checks, NDJSON events, then
 * summary/JUnit/HAR) at growing request counts, each in a fresh child process. Goal: flat, ≤ 1.2×
 * from 10k to 200k requests. The reference server runs in its own process and is not counted.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOptions, formatCount } from './support/options.ts';

const ROOT = join(import.meta.dirname, '..');

/** One child's figures. */
export interface MemoryRow {
  readonly api: string;
  readonly requests: number;
  readonly harRequests: number;
  readonly exploredMs: number;
  readonly totalMs: number;
  /** Peak RSS once every request was sent (before the reports). */
  readonly exploredRssKb: number;
  /** Peak RSS of the whole child, reports included. */
  readonly peakRssKb: number;
}

function runChild(api: string, requests: number, heapCapMb?: number): Promise<MemoryRow> {
  const outDir = join(tmpdir(), `conform-bench-memory-${process.pid}-${requests}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(heapCapMb ? [`--max-old-space-size=${heapCapMb}`] : []), '--import', 'tsx', join(ROOT, 'bench', 'memory-child.ts'), api, String(requests), outDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`memory child for ${requests} requests exited with ${String(code)}`));
      resolve(JSON.parse(line) as MemoryRow);
    });
  });
}

/** Runs the benchmark; prints a line per size and the ratio of the largest to the smallest. */
export async function memoryBenchmark(quick: boolean, api = 'glance', heapCapMb?: number): Promise<MemoryRow[]> {
  const sizes = quick ? [2_000, 5_000, 20_000] : [10_000, 50_000, 200_000];
  const cap = heapCapMb ? `, heap capped at ${heapCapMb} MiB` : '';
  process.stdout.write(`\n## 3. Peak RSS (${api}, rounds of the contract pipeline, 4 at a time${cap}; goal ≤ 1.2× from ${formatCount(sizes[0] ?? 0)} to ${formatCount(sizes.at(-1) ?? 0)})\n`);
  process.stdout.write('requests  sent in  peak RSS sending  peak RSS with reports\n');
  const rows: MemoryRow[] = [];
  for (const size of sizes) {
    const row = await runChild(api, size, heapCapMb);
    rows.push(row);
    process.stdout.write(`${formatCount(row.requests).padStart(8)}  ${`${(row.exploredMs / 1000).toFixed(0)} s`.padStart(7)}  ${`${(row.exploredRssKb / 1024).toFixed(0)} MiB`.padStart(16)}  ${`${(row.peakRssKb / 1024).toFixed(0)} MiB`.padStart(21)}\n`);
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last) process.stdout.write(`ratio ${formatCount(last.requests)} / ${formatCount(first.requests)}: ${(last.peakRssKb / first.peakRssKb).toFixed(2)}\n`);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = benchOptions();
  // `--heap-cap MB` runs the children with --max-old-space-size: what is retained, not how generously V8 sizes its heap.
  const capIndex = process.argv.indexOf('--heap-cap');
  const heapCapMb = capIndex >= 0 ? Number.parseInt(process.argv[capIndex + 1] ?? '', 10) : undefined;
  const rows = await memoryBenchmark(options.quick, 'glance', Number.isFinite(heapCapMb) ? heapCapMb : undefined);
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(rows, null, 2));
}
