import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_APIS } from '../../src/cli/builtin-apis.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { startReferenceServer, type ReferenceServer } from '../../src/reference/index.ts';
import { loadApi } from '../../src/openapi/load-api.ts';
import { explorePipeline } from './pipeline.ts';
import { replayCaptured } from './raw-replay.ts';
import type { CapturedRequest } from './replay-plan.ts';

/** Every image id the admin can list, page by page (`next`), in a bounded walk. */
async function imageIds(origin: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let path: string | undefined = '/v2/images?limit=100';
  for (let page = 0; path && page < 1_000; page += 1) {
    const response = await request(`${origin}${path}`, { headers: glanceDefaultPrincipals.admin.headers });
    const body = (await response.body.json()) as { images: { id: string }[]; next?: string };
    for (const image of body.images) ids.add(image.id);
    path = body.next;
  }
  return ids;
}

describe('the raw replay of benchmark 1', () => {
  let server: ReferenceServer;
  let outDir: string;
  const captured: CapturedRequest[] = [];
  let seeded: Set<string>;

  beforeAll(async () => {
    server = await startReferenceServer({ api: 'glance', rateWindowMs: 1 });
    outDir = mkdtempSync(join(tmpdir(), 'conform-replay-'));
    const model = await loadApi([BUILTIN_APIS.glance.spec]);
    seeded = await imageIds(server.url);
    await explorePipeline({ api: 'glance', model, origin: server.url, seed: 3, maxExamples: 5, capture: captured }, 0, outDir);
  });

  afterAll(async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("conform's pass leaves the server as it found it, protected images included (the ledger sweep)", async () => {
    expect(captured.some(({ request: sent, response }) => sent.method === 'POST' && response?.status === 201)).toBe(true);
    expect(captured.some(({ request: sent }) => sent.method === 'PATCH' && typeof sent.body === 'string' && sent.body.includes('/protected'))).toBe(true);
    expect(await imageIds(server.url)).toEqual(seeded);
  });

  it('the replay too: what it creates (under fresh ids where conform chose them), it deletes under the ids it got', async () => {
    await replayCaptured(captured, 4);
    expect(await imageIds(server.url)).toEqual(seeded);
  });

  it('replaying the requests as recorded would not: the deletes miss and the created images pile up', async () => {
    const before = await imageIds(server.url);
    await replayCaptured(
      captured.map(({ request: sent }) => ({ request: sent })),
      4,
    );
    expect((await imageIds(server.url)).size).toBeGreaterThan(before.size);
  });
});
