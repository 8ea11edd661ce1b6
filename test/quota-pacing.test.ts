import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conform } from './support/conform-cli.ts';

const ROOT = join(import.meta.dirname, '..');
const DOCUMENT = join(ROOT, 'test', 'fixtures', 'quota', 'items-quota.yaml');
const LIMIT = 3;
// Two seconds, not one: holds under a second pass unsaid (SAID_HOLD_MS), and requests counted before
// the suites (the target preflight's) stagger the holds; over a 2 s window one of them is always 1 s or more.
const WINDOW_MS = 2000;

/** A target that enforces the document's quota (3 per 2 s per key) and remembers the busiest second it saw. */
function quotaServer(): Promise<{ url: string; server: Server; busiest: () => number; requests: () => number }> {
  const arrivals = new Map<string, number[]>();
  let busiest = 0;
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    const key = String(request.headers['x-api-key'] ?? '');
    const now = performance.now();
    const recent = (arrivals.get(key) ?? []).filter((at) => at > now - WINDOW_MS);
    recent.push(now);
    arrivals.set(key, recent);
    busiest = Math.max(busiest, recent.length);
    if (key !== 'key-1') return void response.writeHead(401, { 'content-type': 'application/json' }).end('{}');
    if (recent.length > LIMIT) return void response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' }).end('{}');
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname !== '/items' || request.method !== 'GET') return void response.writeHead(405, { 'content-type': 'application/json', allow: 'GET' }).end('{}');
    if ((url.searchParams.get('q') ?? '').length > 8) return void response.writeHead(400, { 'content-type': 'application/json' }).end('{}');
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, busiest: () => busiest, requests: () => requests }),
    ),
  );
}

describe('conform run on a target with a documented quota', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conform-quota-'));
  const principals = join(dir, 'principals.json');
  let paced: Awaited<ReturnType<typeof quotaServer>>;
  let unpaced: Awaited<ReturnType<typeof quotaServer>>;

  beforeAll(async () => {
    writeFileSync(principals, JSON.stringify({ owner: { headers: { 'x-api-key': 'key-1' } } }));
    [paced, unpaced] = await Promise.all([quotaServer(), quotaServer()]);
  });

  afterAll(async () => {
    await Promise.all([paced, unpaced].map((target) => new Promise((resolve) => target.server.close(resolve))));
  });

  it('should never send more requests in a window than the quota allows', async () => {
    const { status, stdout, stderr } = await conform(['run', DOCUMENT, '--target', paced.url, '--principals', principals, '--seed', '3', '--max-examples', '3', '--out', join(dir, 'paced')]);
    expect(status, `${stdout}${stderr}`).toBe(0);
    expect(paced.requests()).toBeGreaterThan(LIMIT * 2);
    expect(paced.busiest()).toBeLessThanOrEqual(LIMIT);
    // A run that waits says so while it waits, and a paced run never meets a 429.
    expect(stderr).toMatch(/^conform: custom: quota: holding requests for [12] s \(3 requests per 2 s reached; \d+ sent so far\)$/m);
    expect(stderr).not.toMatch(/answered 429/);
  });

  it('should exceed it with --no-quota-pacing (so the test above can fail)', async () => {
    const { stderr } = await conform(['run', DOCUMENT, '--target', unpaced.url, '--principals', principals, '--seed', '3', '--max-examples', '3', '--out', join(dir, 'unpaced'), '--no-quota-pacing']);
    expect(unpaced.busiest()).toBeGreaterThan(LIMIT);
    // The target's 429s are waited out, and each wait is said.
    expect(stderr).toMatch(/^conform: custom: the target answered 429 to GET \/items: waiting 2 s as its Retry-After asks$/m);
  });
});
