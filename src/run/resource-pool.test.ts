import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { exchangeFixture, operationFixture } from '../../test/fixtures/exchange.ts';
import type { Case } from '../generate/case.ts';
import type { Exchange } from '../transport/exchange.ts';
import { deriveSeed } from '../generate/derive-seed.ts';
import { Ledger } from './ledger.ts';
import { ResourcePool } from './resource-pool.ts';

const create = operationFixture({ id: 'createItem', method: 'post', path: '/items' });
const links = { create, itemPath: '/items/{item_id}', idParameter: 'item_id', actsOnItem: [] };
const createCases: fc.Arbitrary<Case> = fc.string({ minLength: 1 }).map((name) => ({
  operationId: create.id,
  method: 'POST',
  pathTemplate: '/items',
  pathParams: {},
  path: '/items',
  query: [],
  headers: { 'x-name': name },
  cookies: {},
  mode: 'positive',
}));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A pool whose target refuses the first `refusals` creates and then creates items `item-1`, `item-2`, ... */
function poolWith(refusals: number): { pool: ResourcePool; sent: Case[] } {
  const dir = mkdtempSync(join(tmpdir(), 'conform-pool-'));
  dirs.push(dir);
  const sent: Case[] = [];
  const send = async (testCase: Case): Promise<Exchange> => {
    sent.push(testCase);
    const created = sent.length - refusals;
    return created > 0 ? exchangeFixture(201, { id: `item-${created}` }) : exchangeFixture(409, { error: 'taken' });
  };
  const pool = new ResourcePool({ links, baseUrl: 'http://host:1/v1', seed: 7, ledger: new Ledger(join(dir, 'ledger.ndjson')), send, createCases, attempts: 3 });
  return { pool, sent };
}

describe('ResourcePool', () => {
  it('should try the create cases fc.sample gives for its seed, in order, across refusals', async () => {
    // Arrange
    const { pool, sent } = poolWith(2);
    const expected = fc.sample(createCases, { seed: deriveSeed(7, create.id, 'pool'), numRuns: 12 });
    // Act
    const first = await pool.create();
    const second = await pool.create();
    // Assert
    expect(first?.id).toBe('item-1');
    expect(second?.id).toBe('item-2');
    expect(sent).toEqual(expected.slice(0, 4));
  });

  it('should give up after its attempts and say why', async () => {
    const { pool, sent } = poolWith(100);
    expect(await pool.create()).toBeUndefined();
    expect(sent).toHaveLength(3);
    expect(pool.failure).toMatch(/POST \/items did not create an item \(last answer: 409\)/);
  });
});
