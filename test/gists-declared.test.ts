import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GISTS_FAULT, gistsFaults } from '../src/reference/gists/faults.ts';
import { GISTS_USERS } from '../src/reference/gists/users.ts';
import { conform } from './support/conform-cli.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

// Issue "Semantics for any document": GitHub's gists, a document nobody here wrote, tested with no
// suite code of its own: the lifecycle and the paging come from what conform infers of GitHub's
// description (POST /gists, GET/PATCH/DELETE /gists/{gist_id}, lists with a Link header). The server
// runs as a process of its own, as a user's deployment does. Every lifecycle and pagination fault is
// caught by the suite that owns it with every one of five seeds, and the clean server passes.
const DOCUMENT = join(import.meta.dirname, '..', 'specs', 'github-gists.yaml');
const SERVE = join(import.meta.dirname, 'fixtures', 'gists-server', 'serve.ts');
const SEEDS = [1, 2, 3, 4, 5];
const COVERED = ['lifecycle_semantics', 'pagination_complete', 'pagination_order'];
const FAULTS = gistsFaults.filter((fault) => COVERED.includes(fault.caughtBy));
let principals: string;

beforeAll(() => {
  principals = join(mkdtempSync(join(tmpdir(), 'conform-gists-')), 'principals.json');
  writeFileSync(principals, JSON.stringify({ owner: { headers: { Authorization: `Bearer ${GISTS_USERS[0].token}` } } }));
});

/** A run of the covered suites; the statuses each reported (one per list or resource). */
async function suitesRun(server: ProcessServer, seed: number): Promise<{ status: number; stdout: string; statuses: ReadonlyMap<string, readonly string[]> }> {
  const out = mkdtempSync(join(tmpdir(), 'conform-gists-run-'));
  const run = await conform(['run', DOCUMENT, '--target', server.url, '--principals', principals, '--seed', String(seed), '--out', out, '--checks', COVERED.join(',')]);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { checks: { id: string; status: string }[] };
  const statuses = new Map<string, string[]>();
  for (const check of summary.checks) statuses.set(check.id, [...(statuses.get(check.id) ?? []), check.status]);
  return { status: run.status, stdout: run.stdout, statuses };
}

describe('the gists lifecycle and paging, from the declaration alone', () => {
  let clean: ProcessServer;

  beforeAll(async () => {
    clean = await startProcessServer(SERVE, [], { nodeArgs: ['--import', 'tsx'] });
  });

  afterAll(async () => {
    await clean.close();
  });

  it('should cover the five lifecycle and four pagination faults of the gists server', () => {
    expect(FAULTS.map((fault) => fault.id)).toEqual(Object.values(GISTS_FAULT).filter((id) => COVERED.some((rule) => id.startsWith(`${rule}/`))));
    expect(FAULTS).toHaveLength(9);
  });

  it.each(SEEDS)('should pass on the clean server with seed %i', async (seed) => {
    // Act
    const run = await suitesRun(clean, seed);
    // Assert: nothing failed; the lifecycle and the owner's list (GET /gists) always ran
    for (const rule of COVERED) expect(run.statuses.get(rule) ?? [], `${rule}: ${run.stdout.slice(-1500)}`).not.toContain('failed');
    expect(run.statuses.get('lifecycle_semantics')).toEqual(['passed']);
    for (const rule of ['pagination_complete', 'pagination_order']) expect(run.statuses.get(rule)).toContain('passed');
    expect(run.status).toBe(0);
  }, 120_000);

  it.each(FAULTS.map((fault) => [fault.id, fault.caughtBy]))('should catch %s with every seed (by %s)', async (fault, caughtBy) => {
    // Arrange
    const server = await startProcessServer(SERVE, [fault], { nodeArgs: ['--import', 'tsx'] });
    try {
      for (const seed of SEEDS) {
        // Act
        const run = await suitesRun(server, seed);
        // Assert
        expect(run.statuses.get(caughtBy) ?? [], `seed ${seed}: ${run.stdout.slice(-1500)}`).toContain('failed');
        expect(run.status).toBe(1);
      }
    } finally {
      await server.close();
    }
  }, 300_000);
});
