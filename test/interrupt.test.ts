import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glanceDefaultPrincipals } from '../src/reference/glance/principals.ts';
import { startReferenceServer, type ReferenceServer } from '../src/reference/index.ts';
import { harEntries } from './support/har.ts';

const ROOT = join(import.meta.dirname, '..');

async function allImageIds(server: ReferenceServer): Promise<string[]> {
  const reply = await fetch(`${server.url}/v2/images?visibility=all&limit=1000`, { headers: glanceDefaultPrincipals.admin.headers });
  const body = (await reply.json()) as { images: { id: string }[] };
  return body.images.map((image) => image.id).sort();
}

function createdCount(eventsDir: string): number {
  if (!existsSync(eventsDir)) return 0;
  return readdirSync(eventsDir)
    .filter((name) => name.endsWith('.ledger.ndjson'))
    .reduce((count, name) => count + readFileSync(join(eventsDir, name), 'utf8').split('\n').filter((line) => line.includes('"type":"created"')).length, 0);
}

describe('conform run interrupted with SIGINT', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ api: 'glance', seedData: 2 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('should exit 130 and leave none of the images it created', async () => {
    // Arrange
    const before = await allImageIds(server);
    const out = mkdtempSync(join(tmpdir(), 'conform-interrupt-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'conform.js'), 'run', 'glance', '--target', `${server.url}/v2`, '--max-examples', '40', '--out', out, '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Act: interrupt once the run has created something (bounded wait).
    for (let attempt = 0; attempt < 300 && createdCount(join(out, '.events')) === 0; attempt += 1) await sleep(100);
    const createdBeforeInterrupt = createdCount(join(out, '.events'));
    child.kill('SIGINT');
    const status = await exited;
    // Assert
    expect(createdBeforeInterrupt).toBeGreaterThan(0);
    expect(status).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(await allImageIds(server)).toEqual(before);
  });

  it('should exit 130 without sending a request when interrupted before the suites start', async () => {
    // Arrange
    const before = await allImageIds(server);
    const out = mkdtempSync(join(tmpdir(), 'conform-interrupt-early-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'conform.js'), 'run', 'glance', '--target', `${server.url}/v2`, '--max-examples', '5', '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Act: Ctrl-C as soon as the run announces its seed, before vitest has started a suite.
    child.stderr.on('data', (chunk: Buffer) => {
      const first = !stderr.includes('conform: seed');
      stderr += chunk.toString();
      if (first && stderr.includes('conform: seed')) child.kill('SIGINT');
    });
    const status = await exited;
    // Assert
    expect(status).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(stderr).not.toMatch(/^✓ /m);
    expect(harEntries(join(out, 'exchanges.har'))).toEqual([]);
    expect(await allImageIds(server)).toEqual(before);
  });
});
