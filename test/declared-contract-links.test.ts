import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conform } from './support/conform-cli.ts';
import { declaredContractVerdict, type DeclaredApi } from './support/declared-verdict.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

// The contract's stateful checks (read after create, read after delete) on a resource whose create is
// a PUT at an id the client chooses: no path shape says so, the declaration (here inferred from the
// document) does. Before, the contract found no create, skipped both checks, and its own PUTs at
// generated ids left bookmarks behind on the target.
const FIXTURES = join(import.meta.dirname, 'fixtures', 'declarations');
const DOCUMENT = join(FIXTURES, 'bookmarks-api.yaml');
const CONFIG = join(FIXTURES, 'bookmarks.conform.yaml');
const SERVER = join(FIXTURES, 'bookmarks-server.mjs');
const OWNER = { Authorization: 'Bearer owner-token' };
const OTHER = { Authorization: 'Bearer other-token' };
const API: DeclaredApi = { document: DOCUMENT, config: CONFIG, principals: { owner: { headers: OWNER }, other: { headers: OTHER } } };
const STATEFUL = ['ensure_resource_availability', 'use_after_free'] as const;
const SEEDS = [1, 2, 3, 4, 5];

const serve = (faults: readonly string[] = []): Promise<ProcessServer> => startProcessServer(SERVER, ['--port', '0', ...faults.flatMap((fault) => ['--fault', fault])]);

async function json(url: string, headers: Record<string, string>, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { ...init, headers: { ...headers, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('the contract on a declared resource created at an id the client chooses', () => {
  let principals: string;

  beforeAll(() => {
    principals = join(mkdtempSync(join(tmpdir(), 'conform-declared-links-')), 'principals.json');
    writeFileSync(principals, JSON.stringify(API.principals));
  });

  describe('a clean server holding a bookmark of the user', () => {
    let server: ProcessServer;
    let before: unknown;

    beforeAll(async () => {
      server = await serve();
      const made = await json(`${server.url}/bookmarks/users-own`, OWNER, { method: 'PUT', body: JSON.stringify({ url: 'https://example.com/mine', title: 'mine', public: true }) });
      expect(made.status).toBe(201);
      before = made.body;
    });

    afterAll(async () => {
      await server.close();
    });

    it('should run both stateful checks and pass, leave the bookmark it did not create as it was, and delete all it created', async () => {
      // Arrange
      const out = mkdtempSync(join(tmpdir(), 'conform-declared-links-run-'));
      // Act: the whole run, as a user types it
      const run = await conform(['run', DOCUMENT, '--config', CONFIG, '--target', server.url, '--principals', principals, '--out', out]);
      // Assert
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { seed: number; checks: { id: string; operationId: string; status: string }[] };
      // The read is where both are judged (after the create, after the delete); the other item operations say so.
      const stateful = summary.checks.filter((check) => check.operationId === 'showBookmark' && (STATEFUL as readonly string[]).includes(check.id)).map((check) => `${check.id} ${check.status}`);
      expect(stateful.sort(), `seed ${summary.seed}`).toEqual(STATEFUL.map((id) => `${id} passed`));
      expect(run.status, `seed ${summary.seed}: ${run.stdout.slice(-1500)}`).toBe(0);
      expect(await json(`${server.url}/bookmarks/users-own`, OWNER)).toEqual({ status: 200, body: before });
      const left = await json(`${server.url}/bookmarks?limit=50`, OWNER);
      expect((left.body as { items: { id: string }[] }).items.map((item) => item.id), `seed ${summary.seed}`).toEqual(['users-own']);
      expect((await json(`${server.url}/bookmarks?limit=50`, OTHER)).body).toEqual({ items: [], total: 0 });
    }, 180_000);

    it('should pass both stateful checks in-process with each of the five seeds', async () => {
      for (const seed of SEEDS) {
        for (const checkId of STATEFUL) {
          // Act
          const verdict = await declaredContractVerdict(API, server.url, seed, 'showBookmark', checkId);
          // Assert
          expect(verdict.statuses, `${checkId}, seed ${seed}: ${verdict.messages.join('; ')}`).toEqual(['passed']);
        }
      }
    }, 120_000);
  });

  it.each([
    ['ignores-path-id', 'ensure_resource_availability'],
    ['delete-keeps-item', 'use_after_free'],
  ] as const)('should catch %s by %s with every seed', async (fault, checkId) => {
    // Arrange
    const server = await serve([fault]);
    try {
      for (const seed of SEEDS) {
        // Act
        const verdict = await declaredContractVerdict(API, server.url, seed, 'showBookmark', checkId);
        // Assert
        expect(verdict.statuses, `seed ${seed}: ${verdict.messages.join('; ')}`).toEqual(['failed']);
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});
