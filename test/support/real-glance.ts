/**
 * Test support: a real OpenStack Glance (Debian's glance-api) on 127.0.0.1, started and stopped by
 * `scripts/glance/start.sh` / `stop.sh`. The scripts own every detail of Glance; this module only
 * runs them, keeps their stderr in a log, and knows the pid so a test can prove it is gone.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The scripts' directory. */
export const GLANCE_SCRIPTS_DIR = fileURLToPath(new URL('../../scripts/glance/', import.meta.url));
/** The principals file for real Glance: the identities of `glanceDefaultPrincipals`. */
export const GLANCE_PRINCIPALS_PATH = join(GLANCE_SCRIPTS_DIR, 'principals.json');

/** A running real Glance. */
export interface RealGlance {
  /** Base URL, `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** The glance-api process id (exactly the one stop.sh signals). */
  readonly pid: number;
  /** start.sh's state dir: config, sqlite DB, file store, glance-api.log. Removed by stop(). */
  readonly stateDir: string;
  /** Where start.sh's and stop.sh's stderr go; outlives stop() only when stopping failed. */
  readonly logPath: string;
  /** Runs stop.sh and checks the pid is gone; idempotent. */
  stop(): Promise<void>;
}

/** How to start it. */
export interface StartRealGlanceOptions {
  /** Port on 127.0.0.1; a free one by default. */
  readonly port?: number;
  /** GLANCE_SECURE_RBAC (default true, as the script). */
  readonly secureRbac?: boolean;
  /** GLANCE_START_TIMEOUT in seconds (default 60, as the script). */
  readonly startTimeoutSeconds?: number;
}

/** True when Debian's glance-api is installed, so start.sh needs no install (and no root). */
export function isRealGlanceAvailable(): boolean {
  if (!existsSync('/usr/bin/glance-api') || !existsSync('/usr/bin/glance-manage')) return false;
  // dpkg's status, as start.sh decides: a half-removed package leaves the executables behind.
  try {
    const status = readFileSync('/var/lib/dpkg/status', 'utf8');
    return /^Package: glance-api\n(?:[^\n]+\n)*?Status: install ok installed$/m.test(status);
  } catch {
    return false;
  }
}

/** A port on 127.0.0.1 that was free a moment ago (start.sh refuses it if it is taken since). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * True when `pid` is no process, or only a zombie: glance-api runs in its own session, so once it
 * exits it waits for init to reap it and `kill -0` would still succeed for a while.
 */
export function isProcessGone(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/** One script run's outcome. */
export interface ScriptResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
}

/**
 * Runs one of the scripts with `env` added, appending its stderr to `logPath`. Bounded: after
 * `timeoutMs` the script gets SIGTERM (its trap stops whatever it started), then SIGKILL.
 */
export function runGlanceScript(
  name: 'start.sh' | 'stop.sh',
  env: Readonly<Record<string, string>>,
  logPath: string,
  timeoutMs: number,
): Promise<ScriptResult> {
  return new Promise((resolveRun, reject) => {
    const log = createWriteStream(logPath, { flags: 'a' });
    const child = spawn('bash', [join(GLANCE_SCRIPTS_DIR, name)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.pipe(log);
    let kill: NodeJS.Timeout | undefined;
    const term = setTimeout(() => {
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(term);
      clearTimeout(kill);
      log.end(() => reject(error));
    });
    child.once('close', (code, signal) => {
      clearTimeout(term);
      clearTimeout(kill);
      log.end(() => resolveRun({ code, signal, stdout: Buffer.concat(out).toString('utf8') }));
    });
  });
}

async function tail(path: string, lines: number): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts a fresh real Glance (installing glance-api first when it is missing and we are root). */
export async function startRealGlance(options: StartRealGlanceOptions = {}): Promise<RealGlance> {
  const startTimeoutSeconds = options.startTimeoutSeconds ?? 60;
  // db_sync and start-to-ready each get the script's timeout; an install gets ten minutes more.
  const timeoutMs = (2 * startTimeoutSeconds + 30) * 1000 + (isRealGlanceAvailable() ? 0 : 600_000);
  // Only a port we picked may be retried: someone may take it between freePort() and start.sh.
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt += 1) {
    const workDir = await mkdtemp(join(tmpdir(), 'conform-glance-'));
    const stateDir = join(workDir, 'state');
    const logPath = join(workDir, 'scripts.log');
    const port = options.port ?? (await freePort());
    const env = {
      GLANCE_PORT: String(port),
      GLANCE_STATE_DIR: stateDir,
      GLANCE_SECURE_RBAC: options.secureRbac === false ? '0' : '1',
      GLANCE_START_TIMEOUT: String(startTimeoutSeconds),
    };
    const result = await runGlanceScript('start.sh', env, logPath, timeoutMs);
    const url = result.stdout.trim();
    if (result.code === 0 && url === `http://127.0.0.1:${port}`) {
      const pid = Number((await readFile(join(stateDir, 'glance-api.pid'), 'utf8')).trim());
      return { url, pid, stateDir, logPath, stop: once(() => stopRealGlance(env, pid, workDir, logPath)) };
    }
    const log = await tail(logPath, 40);
    await rm(workDir, { recursive: true, force: true });
    if (attempt < attempts && log.includes('already in use')) continue;
    const how = result.signal ? `signal ${result.signal}` : `exit ${result.code}`;
    throw new Error(`scripts/glance/start.sh failed (${how}, stdout '${url}'):\n${log}`);
  }
}

async function stopRealGlance(env: Readonly<Record<string, string>>, pid: number, workDir: string, logPath: string): Promise<void> {
  const result = await runGlanceScript('stop.sh', env, logPath, 60_000);
  if (result.code !== 0 || !isProcessGone(pid)) {
    throw new Error(`scripts/glance/stop.sh did not stop pid ${pid} (exit ${result.code}); log kept at ${logPath}:\n${await tail(logPath, 20)}`);
  }
  await rm(workDir, { recursive: true, force: true });
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= run());
}
