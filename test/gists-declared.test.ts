import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GISTS_FAULT, gistsFaults } from '../src/reference/gists/faults.ts';
import { GISTS_USERS } from '../src/reference/gists/users.ts';
import { conform } from './support/conform-cli.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

// Issue "Semantics for any document": GitHub's gists, a document nobody here wrote, tested with no
// suite code of its own: the lifecycle comes from what conform infers of GitHub's description
// (POST /gists, GET/PATCH/DELETE /gists/{gist_id}, GET /gists with its Link header). The server runs
// as a process of its own, as a user's deployment does. Every lifecycle fault is caught by every one
// of five seeds, and the clean server passes.
const DOCUMENT = join(import.meta.dirname, '..', 'specs', 'github-gists.yaml');
const SERVE = join(import.meta.dirname, 'fixtures', 'gists-server', 'serve.ts');
const SEEDS = [1, 2, 3, 4, 5];
const LIFECYCLE_FAULTS = gistsFaults.map((fault) => fault.id).filter((id) => id.startsWith('lifecycle_semantics/'));
let principals: string;

beforeAll(() => {
  principals = join(mkdtempSync(join(tmpdir(), 'conform-gists-')), 'principals.json');
  writeFileSync(principals, JSON.stringify({ owner: { headers: { Authorization: `Bearer ${GISTS_USERS[0]?.token ?? ''}` } } }));
});

async function lifecycleRun(server: ProcessServer, seed: number): Promise<{ status: number; stdout: string; lifecycle: string | undefined }> {
  const out = mkdtempSync(join(tmpdir(), 'conform-gists-run-'));
  const run = await conform(['run', DOCUMENT, '--target', server.url, '--principals', principals, '--seed', String(seed), '--out', out, '--checks', 'lifecycle_semantics']);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { checks: { id: string; status: string }[] };
  return { status: run.status, stdout: run.stdout, lifecycle: summary.checks.find((check) => check.id === 'lifecycle_semantics')?.status };
}

describe('the gists lifecycle, from the declaration alone', () => {
  let clean: ProcessServer;

  beforeAll(async () => {
    clean = await startProcessServer(SERVE, [], { nodeArgs: ['--import', 'tsx'] });
  });

  afterAll(async () => {
    await clean.close();
  });

  it('should have the five lifecycle faults the issue asks for', () => {
    expect(LIFECYCLE_FAULTS).toEqual(Object.values(GISTS_FAULT).filter((id) => id.startsWith('lifecycle_semantics/')));
    expect(LIFECYCLE_FAULTS).toHaveLength(5);
  });

  it.each(SEEDS)('should pass on the clean server with seed %i', async (seed) => {
    // Act
    const run = await lifecycleRun(clean, seed);
    // Assert
    expect(run.lifecycle, run.stdout.slice(-2000)).toBe('passed');
    expect(run.status).toBe(0);
  }, 120_000);

  it.each(LIFECYCLE_FAULTS)('should catch %s with every seed', async (fault) => {
    // Arrange
    const server = await startProcessServer(SERVE, [fault], { nodeArgs: ['--import', 'tsx'] });
    try {
      for (const seed of SEEDS) {
        // Act
        const run = await lifecycleRun(server, seed);
        // Assert
        expect(run.lifecycle, `seed ${seed}: ${run.stdout.slice(-1500)}`).toBe('failed');
        expect(run.status).toBe(1);
      }
    } finally {
      await server.close();
    }
  }, 300_000);
});
