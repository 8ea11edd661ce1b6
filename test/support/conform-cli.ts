import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { unaccountedEvidence } from './evidence.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** What a run of the CLI left: its exit status and everything it printed. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The commands that write run reports (summary.json beside exchanges.har) under `--out`. */
const REPORTING_COMMANDS = new Set(['run', 'matrix', 'merge-reports']);

/** Every folder under a run's `--out` holding a summary.json and its exchanges.har: the folder itself, or one per API or target. */
function reportDirs(outDir: string): string[] {
  const holdsReports = (dir: string): boolean => existsSync(join(dir, 'summary.json')) && existsSync(join(dir, 'exchanges.har'));
  if (holdsReports(outDir)) return [outDir];
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(outDir, entry.name))
    .filter(holdsReports);
}

/**
 * The invariant of the issue "never a silent pass", asserted on every run the test suite makes
 * through this helper: whatever a test expects of the run, its reports lose no evidence.
 */
function assertNoLostEvidence(args: readonly string[], cwd: string | undefined): void {
  if (!REPORTING_COMMANDS.has(args[0] ?? '')) return;
  const at = args.indexOf('--out');
  // Run from a user's folder, reports go to its `reports/` unless `--out` says otherwise.
  const out = at >= 0 ? args[at + 1] : cwd === undefined ? undefined : 'reports';
  if (out === undefined) return;
  const problems = reportDirs(resolvePath(cwd ?? ROOT, out)).flatMap((dir) => unaccountedEvidence(dir).map((problem) => `${dir}: ${problem}`));
  if (problems.length > 0) throw new Error(`conform ${args.join(' ')} lost evidence:\n${problems.join('\n')}`);
}

/**
 * Runs the real CLI as a user would, in its own process, from the package root; `env` is added to
 * this process's. A run that writes reports is rejected when they lose evidence (see `unaccountedEvidence`).
 */
export function conform(args: readonly string[], env: Readonly<Record<string, string>> = {}, options: { /** The user's folder it runs in. @defaultValue the package root */ readonly cwd?: string } = {}): Promise<CliResult> {
  return spawnConform(args, env, options.cwd).then((result) => {
    assertNoLostEvidence(args, options.cwd);
    return result;
  });
}

function spawnConform(args: readonly string[], env: Readonly<Record<string, string>>, cwd: string | undefined): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'conform.js'), ...args], { cwd: cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}
