/**
 * Benchmark 7: the fixed cost of a command, what a user waits for beyond the work itself.
 *
 * - `conform run img` on its embedded reference server: the command's wall time (spawn to exit) minus
 *   the run's own time (`summary.json` `stats.durationMs`, first request to last report): start-up,
 *   loading, starting the server and the workers, and the tail after the last report.
 * - `conform spec` on a generated document of a little over 10 MB (16 500 operations): cold (a
 *   document this build never loaded) and warm (the same texts again: the model cache reads back
 *   the model, keyed by the texts' content hash).
 *
 * The baseline, measured in the same run: `node -e ''`, the floor of any command. Goal: fixed cost
 * ≤ 1.5 s. Prints medians of `--repeat N` (3) runs. Run from a fresh build (`npm run build`): a
 * command started from the TypeScript sources pays tsx and keeps no model cache.
 *
 *   npx tsx bench/fixed-cost.ts [--repeat 3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { bigOpenApiDocument } from '../test/support/big-document.ts';
import { median } from './support/options.ts';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'conform.js');
const GOAL_SECONDS = 1.5;

function timed(args: readonly string[]): Promise<{ seconds: number; status: number; stderr: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ seconds: (performance.now() - started) / 1000, status: status ?? -1, stderr }));
  });
}

/** A little over 10 MB of JSON (16 500 operations); a new title each call, so the first load is cold. */
function bigDocument(): string {
  return JSON.stringify(bigOpenApiDocument(16_500, `big ${randomUUID()}`));
}

const at = process.argv.indexOf('--repeat');
const repeat = at >= 0 ? Number(process.argv[at + 1]) : 3;
const work = mkdtempSync(join(tmpdir(), 'conform-fixed-'));
try {
  const node: number[] = [];
  const runFixed: number[] = [];
  const runInside: number[] = [];
  const specCold: number[] = [];
  const specWarm: number[] = [];
  for (let round = 0; round < repeat; round += 1) {
    node.push((await timed(['-e', ''])).seconds);
    const out = join(work, `run-${round}`);
    const run = await timed([CLI, 'run', 'img', '--seed', '1', '--quiet', '--out', out]);
    if (run.status !== 0) throw new Error(`conform run img exited ${run.status}: ${run.stderr.trim().split('\n').at(-1) ?? ''}`);
    const inside = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { stats: { durationMs: number } }).stats.durationMs / 1000;
    runInside.push(inside);
    runFixed.push(run.seconds - inside);
    const document = join(work, `big-${round}.json`);
    writeFileSync(document, bigDocument());
    for (const into of [specCold, specWarm]) {
      const spec = await timed([CLI, 'spec', document, '--json']);
      if (spec.status !== 0) throw new Error(`conform spec exited ${spec.status}: ${spec.stderr.trim().split('\n').at(-1) ?? ''}`);
      into.push(spec.seconds);
    }
  }
  const baseline = median(node);
  const line = (label: string, seconds: number): string => `${label.padEnd(46)} ${seconds.toFixed(2).padStart(6)} s   ${(seconds / baseline).toFixed(1).padStart(5)}× node   ${seconds <= GOAL_SECONDS ? 'within' : 'OVER'} the ${GOAL_SECONDS} s goal`;
  process.stdout.write(`fixed cost, medians of ${repeat} (baseline: node -e '' ${baseline.toFixed(2)} s)\n`);
  process.stdout.write(`${line('run img: wall time minus in-run time', median(runFixed))}   (in-run ${median(runInside).toFixed(2)} s)\n`);
  process.stdout.write(`${line('spec, 10 MB document, warm (same texts again)', median(specWarm))}\n`);
  process.stdout.write(`${'spec, 10 MB document, cold (first load)'.padEnd(46)} ${median(specCold).toFixed(2).padStart(6)} s   (parse, validate, dereference: work, not fixed cost)\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
