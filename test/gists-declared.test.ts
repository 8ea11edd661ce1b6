import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteId } from '../src/checks/suite-catalogue.ts';
import { GISTS_FAULT, gistsFaults } from '../src/reference/gists/faults.ts';
import { declaredVerdict } from './support/declared-verdict.ts';
import { GISTS_API, gistsPrincipals, runGists, serveGists } from './support/gists.ts';
import type { ProcessServer } from './support/process-server.ts';

// Issue "Semantics for any document": GitHub's gists, a document nobody here wrote, tested with no
// suite code of its own: only specs/github-gists.conform.yaml (and what conform infers: POST /gists,
// GET/PATCH/DELETE /gists/{gist_id}, three lists with a Link header). `conform serve gists` runs as a
// process of its own, as a user's deployment does. Every lifecycle and pagination fault is caught by
// the suite that owns it with every one of five seeds (the suite run in this process, as its suite
// file runs it: a fault proof in seconds), and the clean server passes `conform run` as a user types it.
const SEEDS = [1, 2, 3, 4, 5];
const COVERED = ['lifecycle_semantics', 'pagination_complete', 'pagination_order'];
const FAULTS = gistsFaults.filter((fault) => COVERED.includes(fault.caughtBy));
let principals: string;

beforeAll(() => {
  principals = gistsPrincipals();
});

describe('the gists lifecycle and paging, from the declaration alone', () => {
  let clean: ProcessServer;

  beforeAll(async () => {
    clean = await serveGists([]);
  });

  afterAll(async () => {
    await clean.close();
  });

  it('should cover the five lifecycle and four pagination faults of the gists server', () => {
    expect(FAULTS.map((fault) => fault.id)).toEqual(Object.values(GISTS_FAULT).filter((id) => COVERED.some((rule) => id.startsWith(`${rule}/`))));
    expect(FAULTS).toHaveLength(9);
  });

  it('should pass on the clean server, every list walked, run as a user types it (conform run, no seed: a new one each time)', async () => {
    // Act
    const run = await runGists(clean, principals, undefined, COVERED);
    // Assert: nothing failed or skipped; the lifecycle and each of the three lists (GET /gists, /gists/public, /users/{username}/gists) ran
    expect(run.statuses.get('lifecycle_semantics'), run.stdout.slice(-1500)).toEqual(['passed']);
    for (const rule of ['pagination_complete', 'pagination_order']) expect(run.statuses.get(rule), `${rule}: ${run.stdout.slice(-1500)}`).toEqual(['passed', 'passed', 'passed']);
    expect(run.status).toBe(0);
  }, 120_000);

  it.each(SEEDS)('should pass on the clean server with seed %i, every list walked (the suites in this process)', async (seed) => {
    // Act
    const lifecycle = await declaredVerdict(GISTS_API, clean.url, seed, 'lifecycle_semantics');
    const pages = await declaredVerdict(GISTS_API, clean.url, seed, 'pagination_complete');
    const order = await declaredVerdict(GISTS_API, clean.url, seed, 'pagination_order');
    // Assert
    expect(lifecycle.statuses, lifecycle.messages.join('; ')).toEqual(['passed']);
    expect(pages.statuses, pages.messages.join('; ')).toEqual(['passed', 'passed', 'passed']);
    expect(order.statuses, order.messages.join('; ')).toEqual(['passed', 'passed', 'passed']);
  }, 120_000);

  it.each(FAULTS.map((fault) => [fault.id, fault.caughtBy as SuiteId] as const))('should catch %s with every seed (by %s)', async (fault, caughtBy) => {
    // Arrange
    const server = await serveGists([fault]);
    try {
      for (const seed of SEEDS) {
        // Act
        const verdict = await declaredVerdict(GISTS_API, server.url, seed, caughtBy);
        // Assert
        expect(verdict.statuses, `seed ${seed}: ${verdict.messages.join('; ')}`).toContain('failed');
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});
