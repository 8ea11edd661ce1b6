import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrincipalsInput } from '../../src/principals.ts';
import { GISTS_USERS } from '../../src/reference/gists/users.ts';
import type { DeclaredApi } from './declared-verdict.ts';
import { conform } from './conform-cli.ts';
import { startProcessServer, type ProcessServer } from './process-server.ts';

/*
 * GitHub's gists as a user tests them: `conform serve gists` a process of its own (their deployment),
 * GitHub's own document, and specs/github-gists.conform.yaml the only thing written for it.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'conform.js');
export const GISTS_DOCUMENT = join(ROOT, 'specs', 'github-gists.yaml');
export const GISTS_DECLARATION = join(ROOT, 'specs', 'github-gists.conform.yaml');

/** `conform serve gists`, with faults on and, for the rate-limit probe, a 30-request window of `rateWindowMs`. */
export function serveGists(faults: readonly string[], rateWindowMs?: number): Promise<ProcessServer> {
  const window = rateWindowMs === undefined ? [] : ['--rate-window-ms', String(rateWindowMs)];
  return startProcessServer(CLI, ['serve', 'gists', '--port', '0', ...window, ...faults.flatMap((fault) => ['--fault', fault])], { cwd: ROOT });
}

/** A principals file of the gists server's first two users: `owner` and `other`. */
export function gistsPrincipals(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'conform-gists-')), 'principals.json');
  writeFileSync(file, JSON.stringify(gistsPrincipalsInput()));
  return file;
}

/** What a run reported: its exit status, its output, and each check id's statuses (one per list, resource or quota). */
export interface GistsRun {
  readonly status: number;
  readonly stdout: string;
  readonly statuses: ReadonlyMap<string, readonly string[]>;
}

/**
 * `conform run` of the gists document with its declaration, the suites `checks` names, as `--seed
 * seed`, or with no seed as a user types it (the run's own seed, which `stdout` then starts with, to replay).
 */
export async function runGists(server: ProcessServer, principals: string, seed: number | undefined, checks: readonly string[], extra: readonly string[] = []): Promise<GistsRun> {
  const out = mkdtempSync(join(tmpdir(), 'conform-gists-run-'));
  const run = await conform(['run', GISTS_DOCUMENT, '--config', GISTS_DECLARATION, '--target', server.url, '--principals', principals, ...(seed === undefined ? [] : ['--seed', String(seed)]), '--out', out, '--checks', checks.join(','), ...extra]);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { seed: number; checks: { id: string; status: string }[] };
  const statuses = new Map<string, string[]>();
  for (const check of summary.checks) statuses.set(check.id, [...(statuses.get(check.id) ?? []), check.status]);
  return { status: run.status, stdout: `seed ${summary.seed}\n${run.stdout}`, statuses };
}

/** A principals object of the gists server's first two users, `owner` and `other`. */
function gistsPrincipalsInput(): PrincipalsInput {
  const [owner, other] = GISTS_USERS;
  return { owner: { headers: { Authorization: `Bearer ${owner.token}` } }, other: { headers: { Authorization: `Bearer ${other.token}` } } };
}

/** GitHub's gists as the in-process suites see them: the document, its declaration file, owner and other. */
export const GISTS_API: DeclaredApi = { document: GISTS_DOCUMENT, config: GISTS_DECLARATION, principals: gistsPrincipalsInput() };
