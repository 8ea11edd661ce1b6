import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../src/run/ledger.ts';
import { glanceDefaultPrincipals } from '../src/reference/glance/principals.ts';
import { startReferenceServer, type ReferenceServer } from '../src/reference/index.ts';
import { conform } from './support/conform-cli.ts';

const owner = glanceDefaultPrincipals.owner.headers;

describe('conform cleanup', () => {
  let server: ReferenceServer;

  beforeAll(async () => {
    server = await startReferenceServer({ api: 'glance' });
  });
  afterAll(async () => {
    await server.close();
  });

  async function create(body: Record<string, unknown>): Promise<string> {
    const reply = await fetch(`${server.url}/v2/images`, { method: 'POST', headers: { ...owner, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { id } = (await reply.json()) as { id: string };
    return `${server.url}/v2/images/${id}`;
  }

  async function statusOf(url: string): Promise<number> {
    return (await fetch(url, { headers: glanceDefaultPrincipals.admin.headers })).status;
  }

  it('should delete every outstanding ledger item, protected ones too, leave other images alone and exit 0', async () => {
    // Arrange: a crashed run's ledger with two live items and one it had already deleted itself.
    const path = join(mkdtempSync(join(tmpdir(), 'conform-cleanup-')), 'contract.ledger.ndjson');
    const ledger = new Ledger(path);
    const plain = await create({ name: 'plain' });
    const guarded = await create({ name: 'guarded', protected: true });
    const alreadyGone = await create({ name: 'already gone' });
    const notOurs = await create({ name: 'not ours' });
    for (const url of [plain, guarded, alreadyGone]) ledger.record({ operationId: 'createImage', url, removeMethod: 'DELETE', principal: 'owner', createdAt: new Date().toISOString() });
    await fetch(alreadyGone, { method: 'DELETE', headers: owner });
    ledger.markRemoved(alreadyGone);

    // Act
    const result = await conform(['cleanup', path, '--api', 'glance']);

    // Assert
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('removed '))).toHaveLength(2);
    expect(result.stdout).toContain('2 removed, 0 left');
    expect(await statusOf(plain)).toBe(404);
    expect(await statusOf(guarded)).toBe(404);
    expect(await statusOf(notOurs)).toBe(200);
    // The removals are marked, so a second cleanup has nothing to do.
    expect(Ledger.read(path)).toEqual([]);
    expect(readFileSync(path, 'utf8')).toContain('"type":"removed"');
  });

  it('should exit 1 and say what is left when an item cannot be deleted', async () => {
    // Arrange: without --api there is no principal 'owner' to delete as.
    const path = join(mkdtempSync(join(tmpdir(), 'conform-cleanup-')), 'contract.ledger.ndjson');
    const stuck = await create({ name: 'stuck' });
    new Ledger(path).record({ operationId: 'createImage', url: stuck, removeMethod: 'DELETE', principal: 'owner', createdAt: new Date().toISOString() });

    // Act
    const result = await conform(['cleanup', path]);

    // Assert
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`left ${stuck} (no principal 'owner' to delete it as)`);
    expect(result.stdout).toContain('0 removed, 1 left');
    expect(await statusOf(stuck)).toBe(200);
  });

  it('should exit 2 with one line for a missing ledger, deleting nothing', async () => {
    // Arrange
    const path = join(mkdtempSync(join(tmpdir(), 'conform-cleanup-')), 'contract.ledger.ndjson');
    const kept = await create({ name: 'kept' });
    new Ledger(path).record({ operationId: 'createImage', url: kept, removeMethod: 'DELETE', principal: 'owner', createdAt: new Date().toISOString() });

    // Act
    const result = await conform(['cleanup', path, join(tmpdir(), 'no-such-dir-conform', 'x.ledger.ndjson'), '--api', 'glance']);

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^conform: CONFORM_USAGE: .*x\.ledger\.ndjson: cannot read ledger \(ENOENT\)$/)]);
    expect(await statusOf(kept)).toBe(200);
  });
});
