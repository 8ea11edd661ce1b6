import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { conform } from './support/conform-cli.ts';
import { nullableUnionServers, NULLABLE_UNION_DOC } from './support/nullable-union.ts';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const NULLABLE = NULLABLE_UNION_DOC;

/** The README's "Exit codes" table, as a user reads it: code → meaning. */
function readmeExitCodes(): Map<number, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('### Errors are results'));
  const rows = [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)];
  return new Map(rows.map((row) => [Number(row[1]), row[2] ?? '']));
}

const out = (): string => mkdtempSync(join(tmpdir(), 'conform-exit-'));

/** `conform run` interrupted once it prints its seed line (Ctrl-C at the terminal). */
function interruptedRun(target: string): Promise<number> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'conform.js'), 'run', NULLABLE, '--target', target, '--max-examples', '200', '--out', out(), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (status) => resolve(status ?? -1));
    void (async () => {
      for (let attempt = 0; attempt < 300 && !stderr.includes('conform: seed'); attempt += 1) await sleep(50);
      child.kill('SIGINT');
    })();
  });
}

describe("the README's exit codes, each produced the way a user meets it", () => {
  const servers = nullableUnionServers();

  /** One real command per row of the table. */
  const scenarios: Readonly<Record<number, () => Promise<number>>> = {
    [ExitCode.ok]: async () => (await conform(['run', NULLABLE, '--target', servers.nullOwner.url, '--max-examples', '3', '--out', out(), '--quiet'])).status,
    [ExitCode.findings]: async () => (await conform(['run', NULLABLE, '--target', servers.numberOwner.url, '--max-examples', '3', '--out', out(), '--quiet'])).status,
    [ExitCode.usage]: async () => (await conform(['spec', join(FIXTURES, 'no-such-document.yaml')])).status,
    [ExitCode.unreachable]: async () => (await conform(['run', NULLABLE, '--target', 'http://127.0.0.1:9', '--out', out(), '--quiet'])).status,
    [ExitCode.nothingChecked]: async () => (await conform(['run', NULLABLE, '--target', servers.nullOwner.url, '--checks', 'ignored_auth', '--out', out(), '--quiet'])).status,
    // A response schema Ajv cannot compile (an invalid pattern): the check cannot conclude.
    [ExitCode.internal]: async () => (await conform(['run', join(FIXTURES, 'broken-pattern', 'openapi.yaml'), '--target', servers.nullOwner.url, '--max-examples', '2', '--out', out(), '--quiet'])).status,
    [ExitCode.interrupted]: () => interruptedRun(servers.nullOwner.url),
  };

  it('should list exactly the codes conform uses', () => {
    expect([...readmeExitCodes().keys()].sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
    expect(Object.keys(scenarios).map(Number).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });

  it.each([...readmeExitCodes()].map(([code, meaning]) => [code, meaning] as const))('should exit %i: %s', async (code) => {
    const scenario = scenarios[code];
    expect(scenario, `no scenario for exit ${code}`).toBeDefined();
    expect(await scenario?.()).toBe(code);
  });
});
