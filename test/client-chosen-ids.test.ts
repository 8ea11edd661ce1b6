import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteId } from '../src/checks/suite-catalogue.ts';
import { resolveDeclaration } from '../src/openapi/declaration/resolve-declaration.ts';
import { loadApi } from '../src/openapi/load-api.ts';
import { conform } from './support/conform-cli.ts';
import { declaredVerdict, type DeclaredApi } from './support/declared-verdict.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

// A resource created with PUT at an id the client chooses (`id: {from: path}`), inferred from the
// document alone (PUT answering 201, no POST): the lifecycle, list and visibility suites create with
// fresh ids of their own. The server is a process of its own; each defect is caught with every seed.
const FIXTURES = join(import.meta.dirname, 'fixtures', 'declarations');
const DOCUMENT = join(FIXTURES, 'bookmarks-api.yaml');
// The visibility rules, which conform init cannot know, written in a config as a user would.
const CONFIG = join(FIXTURES, 'bookmarks.conform.yaml');
const SERVER = join(FIXTURES, 'bookmarks-server.mjs');
const API: DeclaredApi = { document: DOCUMENT, config: CONFIG, principals: { owner: { headers: { Authorization: 'Bearer owner-token' } }, other: { headers: { Authorization: 'Bearer other-token' } } } };
const SUITES = ['lifecycle_semantics', 'pagination_complete', 'pagination_order', 'visibility_isolation', 'visibility_applied'] as const;
const SEEDS = [1, 2, 3, 4, 5];
const FAULTS: readonly (readonly [string, SuiteId])[] = [
  ['ignores-path-id', 'lifecycle_semantics'],
  ['delete-keeps-item', 'lifecycle_semantics'],
  ['update-not-persisted', 'lifecycle_semantics'],
  ['offset-skips-item', 'pagination_complete'],
  // The visibility engine creates at ids of its own too: another caller's read of a private one.
  ['private-readable-by-others', 'visibility_isolation'],
];

const serve = (faults: readonly string[]): Promise<ProcessServer> => startProcessServer(SERVER, ['--port', '0', ...faults.flatMap((fault) => ['--fault', fault])]);

describe('resources created at an id the client chooses (PUT /bookmarks/{bookmark_id})', () => {
  let clean: ProcessServer;
  let principals: string;

  beforeAll(async () => {
    clean = await serve([]);
    principals = join(mkdtempSync(join(tmpdir(), 'conform-bookmarks-')), 'principals.json');
    writeFileSync(principals, JSON.stringify(API.principals));
  });

  afterAll(async () => {
    await clean.close();
  });

  it('should infer the resource from the document: PUT answering 201 is the create, the id its path parameter', async () => {
    // Arrange
    const model = await loadApi([DOCUMENT]);
    // Act
    const { declaration } = resolveDeclaration(model);
    // Assert
    expect(declaration.resources.bookmark).toEqual({
      create: 'putBookmark',
      read: 'showBookmark',
      list: 'listBookmarks',
      update: 'updateBookmark',
      delete: 'deleteBookmark',
      id: { from: 'path' },
      idParameter: 'bookmark_id',
      // The rules are left for a person (bookmarks.conform.yaml writes them).
      visibility: { field: '/public', values: { public: true, private: false }, default: 'private' },
    });
  });

  it('should pass the clean server run as a user types it (conform run, no seed: a new one each time)', async () => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), 'conform-bookmarks-run-'));
    // Act
    const run = await conform(['run', DOCUMENT, '--config', CONFIG, '--target', clean.url, '--principals', principals, '--out', out, '--checks', SUITES.join(',')]);
    // Assert: the lifecycle, the list walks and both visibility suites ran and passed
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { seed: number; checks: { id: string; status: string }[] };
    const statuses = summary.checks.map((check) => `${check.id} ${check.status}`).sort();
    expect(statuses, `seed ${summary.seed}: ${run.stdout.slice(-1500)}`).toEqual(SUITES.map((id) => `${id} passed`).sort());
    expect(run.status).toBe(0);
  }, 120_000);

  it.each(FAULTS)('should catch %s with every seed (by %s)', async (fault, suiteId) => {
    // Arrange
    const server = await serve([fault]);
    try {
      for (const seed of SEEDS) {
        // Act
        const verdict = await declaredVerdict(API, server.url, seed, suiteId);
        // Assert
        expect(verdict.statuses, `seed ${seed}: ${verdict.messages.join('; ')}`).toContain('failed');
      }
    } finally {
      await server.close();
    }
  }, 120_000);

  it('should pass the clean server in-process with each of the five seeds', async () => {
    for (const seed of SEEDS) {
      // One suite after the other, as conform run runs a user's target: a lifecycle's create and delete
      // during a walk would change the list under it.
      for (const suiteId of ['lifecycle_semantics', 'pagination_complete', 'visibility_isolation', 'visibility_applied'] as const) {
        // Act
        const verdict = await declaredVerdict(API, clean.url, seed, suiteId);
        // Assert
        expect(verdict.statuses, `${suiteId}, seed ${seed}: ${verdict.messages.join('; ')}`).toEqual(['passed']);
      }
    }
  }, 120_000);
});
