import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrincipals } from '../principals.ts';
import { glanceDefaultPrincipals } from '../reference/glance/principals.ts';
import { startReferenceServer, type ReferenceServer } from '../reference/index.ts';
import { HttpTransport } from '../transport/http-transport.ts';
import { cleanupLedgers } from './cleanup-ledger.ts';
import { Ledger } from './ledger.ts';

const owner = glanceDefaultPrincipals.owner.headers;

describe('cleanupLedgers', () => {
  let server: ReferenceServer;
  const transport = new HttpTransport();

  beforeAll(async () => {
    server = await startReferenceServer({ api: 'glance' });
  });
  afterAll(async () => {
    await transport.close();
    await server.close();
  });

  async function create(body: Record<string, unknown>): Promise<string> {
    const exchange = await transport.send({ method: 'POST', url: `${server.url}/v2/images`, headers: { ...owner, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const id = (JSON.parse(exchange.response?.body.toString() ?? '{}') as { id: string }).id;
    return `${server.url}/v2/images/${id}`;
  }

  it('should delete what the ledger lists, unblocking a protected item, and leave nothing else touched', async () => {
    // Arrange
    const path = join(mkdtempSync(join(tmpdir(), 'conform-ledger-')), 'run.ledger.ndjson');
    const ledger = new Ledger(path);
    const plain = await create({ name: 'plain' });
    const guarded = await create({ name: 'guarded', protected: true });
    const notOurs = await create({ name: 'not ours' });
    for (const url of [plain, guarded]) ledger.record({ operationId: 'createImage', url, removeMethod: 'DELETE', principal: 'owner', createdAt: new Date().toISOString() });
    const principals = parsePrincipals(glanceDefaultPrincipals, 'test', {});
    const unprotect = () => [
      { method: 'PATCH', url: guarded, headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' }, body: '[{"op":"replace","path":"/protected","value":false}]' },
    ];
    // Act
    const result = await cleanupLedgers([path], principals, (request) => transport.send(request), unprotect);
    // Assert
    expect(result.left).toEqual([]);
    expect([...result.removed].sort()).toEqual([plain, guarded].sort());
    expect(Ledger.read(path)).toEqual([]);
    for (const url of [plain, guarded]) expect((await transport.send({ method: 'GET', url, headers: owner })).response?.status).toBe(404);
    expect((await transport.send({ method: 'GET', url: notOurs, headers: owner })).response?.status).toBe(200);
  });

  it('should report what it cannot delete instead of failing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'conform-ledger-')), 'run.ledger.ndjson');
    new Ledger(path).record({ operationId: 'createImage', url: await create({}), removeMethod: 'DELETE', principal: 'nobody', createdAt: new Date().toISOString() });
    const result = await cleanupLedgers([path], parsePrincipals({}, 'test', {}), (request) => transport.send(request));
    expect(result.left).toEqual([expect.stringMatching(/no principal 'nobody'/)]);
  });
});
