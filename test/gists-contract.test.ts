import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GISTS_USERS } from '../src/reference/gists/users.ts';
import { conform } from './support/conform-cli.ts';
import { serveGists } from './support/gists.ts';
import type { ProcessServer } from './support/process-server.ts';

// Issue "Semantics for any document": the fourth API is GitHub's gists, from GitHub's own description
// (specs/github-gists.yaml). Its reference server must first be a correct one: the contract checks of
// the document find nothing on it, whatever the seed.
const DOCUMENT = join(import.meta.dirname, '..', 'specs', 'github-gists.yaml');
let server: ProcessServer;
let principals: string;

beforeAll(async () => {
  // `conform serve gists`, a process of its own, as a user's deployment runs.
  server = await serveGists([]);
  const folder = mkdtempSync(join(tmpdir(), 'conform-gists-'));
  principals = join(folder, 'principals.json');
  writeFileSync(principals, JSON.stringify({ owner: { headers: { Authorization: `Bearer ${GISTS_USERS[0].token}` } } }));
});

afterAll(async () => {
  await server.close();
});

describe("the gists reference server against GitHub's description", () => {
  it.each([1, 2, 3])('should pass every contract check with seed %i', async (seed) => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), 'conform-gists-run-'));
    // Act
    const run = await conform(['run', DOCUMENT, '--target', server.url, '--principals', principals, '--seed', String(seed), '--out', out]);
    // Assert
    expect(run.status, run.stdout.slice(-3000)).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { ok: boolean; outcomes: { passed: number; failed: number; error: number } };
    expect(summary).toMatchObject({ ok: true, outcomes: { failed: 0, error: 0 } });
    expect(summary.outcomes.passed).toBeGreaterThan(30);
    expect(run.stdout).not.toContain('ghp_conformOwner');
  }, 180_000);
});
