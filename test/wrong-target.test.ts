import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conform } from './support/conform-cli.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

const WRONG_TARGETS = join(import.meta.dirname, 'fixtures', 'wrong-targets', 'server.mjs');
const BIN = join(import.meta.dirname, '..', 'bin', 'conform.js');

/** The one line conform printed for its error (the seed line aside). */
function errorLine(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('conform: CONFORM_'));
}

describe('conform run against a target that does not serve the document at that base URL', () => {
  const servers: ProcessServer[] = [];
  const out = mkdtempSync(join(tmpdir(), 'conform-wrong-target-'));
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(out, { recursive: true, force: true });
  });

  it('should exit 3 with one line naming the base URL that serves it when /v2 is forgotten', async () => {
    // Arrange: Glance's reference server as a deployment of its own, pointed at without /v2
    const glance = await startProcessServer(BIN, ['serve', 'glance', '--port', '0']);
    servers.push(glance);

    // Act
    const run = await conform(['run', 'glance', '--target', glance.url, '--out', join(out, 'glance')]);

    // Assert
    expect(run.status, run.stderr).toBe(3);
    expect(errorLine(run.stderr)).toEqual([
      `conform: CONFORM_TARGET_NOT_THE_API: ${glance.url} does not serve this document there, the base URL is probably wrong (GET /images answered 404); at ${glance.url}/v2 it answers as documented: use --target ${glance.url}/v2`,
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it.each([
    ['html', 'answers one HTML page for every path', /GET \/v1\/images answered 200 text\/html/],
    ['login', 'redirects every path to a login page', /GET \/v1\/images answered 302 to \/login\?next=%2Fv1%2Fimages/],
  ])('should exit 3 with one line when the target %s (%s), showing what the document\'s servers say', async (mode, _what, answer) => {
    // Arrange
    const portal = await startProcessServer(WRONG_TARGETS, [mode]);
    servers.push(portal);

    // Act: a user's own document (IMG's) against it
    const run = await conform(['run', 'specs/img-processing.yaml', '--target', portal.url, '--budget', 'none', '--out', join(out, mode)]);

    // Assert
    expect(run.status, run.stderr).toBe(3);
    const [line, ...more] = errorLine(run.stderr);
    expect(more).toEqual([]);
    expect(line).toMatch(answer);
    expect(line).toContain(`${portal.url} does not serve this document there, the base URL is probably wrong`);
    expect(line).toContain("the document's servers: https://api.img-processing.com");
  }, 120_000);
});
