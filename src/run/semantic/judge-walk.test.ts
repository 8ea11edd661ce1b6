import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../transport/exchange.ts';
import { judgeCompleteness, judgeFilter, judgeOrder } from './judge-walk.ts';
import { pointerAdapter, walkPages, type Walk } from './pagination-walk.ts';

const adapter = pointerAdapter('/items', '/next');

function exchangeOf(url: string, body: unknown, status = 200): Exchange {
  return {
    request: { method: 'GET', url, headers: {} },
    response: { status, headers: {}, body: Buffer.from(JSON.stringify(body)), truncated: false },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
  };
}

/** A correct keyset-paginated list over `ids` (`?after=` cursor), with optional defects. */
function server(ids: readonly string[], limit: number, defect?: 'skip' | 'loop' | 'oversize') {
  return async (url: string): Promise<Exchange> => {
    const after = new URL(url).searchParams.get('after');
    let start = after === null ? 0 : ids.indexOf(after) + 1;
    if (defect === 'skip' && after !== null) start += 1;
    const page = ids.slice(start, start + (defect === 'oversize' ? limit + 1 : limit));
    const last = page.at(-1);
    const full = page.length >= limit && start + page.length < ids.length;
    const nextAfter = defect === 'loop' && after !== null ? after : last;
    return exchangeOf(url, { items: page.map((id) => ({ id, name: id })), ...(full && nextAfter ? { next: `/list?after=${nextAfter}` } : {}) });
  };
}

const ids = (count: number) => Array.from({ length: count }, (_, index) => `i${String(index).padStart(3, '0')}`);

async function walkOf(count: number, limit: number, defect?: 'skip' | 'loop' | 'oversize'): Promise<Walk> {
  return walkPages('http://x.test/list', server(ids(count), limit, defect), adapter, Math.ceil(count / limit) + 3);
}

describe('judgeCompleteness', () => {
  it('should find nothing in any correct walk', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 6 }), async (count, limit) => {
        const walk = await walkOf(count, limit);
        expect(judgeCompleteness(walk, { limit, expectedIds: ids(count), exact: true, fullPageNeedsNext: false, label: 'list' }, adapter)).toEqual([]);
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it('should report a missing item when the server skips one after a cursor', async () => {
    const walk = await walkOf(7, 2, 'skip');
    const keys = judgeCompleteness(walk, { limit: 2, expectedIds: ids(7), exact: true, fullPageNeedsNext: false, label: 'list' }, adapter).map((found) => found.draft.key);
    expect(keys).toContain('missing-item');
  });

  it('should report a loop and stop the walk when next repeats itself', async () => {
    const walk = await walkOf(9, 2, 'loop');
    expect(walk.end).toBe('loop');
    const keys = judgeCompleteness(walk, { limit: 2, expectedIds: ids(9), exact: true, fullPageNeedsNext: false, label: 'list' }, adapter).map((found) => found.draft.key);
    expect(keys).toContain('next-loops');
  });

  it('should report a page larger than the limit', async () => {
    const walk = await walkOf(9, 2, 'oversize');
    const keys = judgeCompleteness(walk, { limit: 2, expectedIds: ids(9), exact: true, fullPageNeedsNext: false, label: 'list' }, adapter).map((found) => found.draft.key);
    expect(keys).toContain('page-over-limit');
  });
});

describe('judgeOrder', () => {
  it('should accept ties and report an item against the direction', async () => {
    const walk = await walkOf(5, 2);
    expect(judgeOrder(walk, { field: 'name', direction: 'asc' }, 'list', adapter)).toEqual([]);
    expect(judgeOrder(walk, { field: 'name', direction: 'desc' }, 'list', adapter).map((found) => found.draft.key)).toEqual(['out-of-order']);
  });
});

/** A one-page walk over items with these names (null: no name). */
function namedWalk(names: readonly (string | null)[]): Walk {
  const items = names.map((name, index) => ({ id: `i${index}`, name }));
  return { pages: [{ url: 'http://x.test/list', exchange: exchangeOf('http://x.test/list', { items }), items }], items, end: 'last-page' };
}

describe('judgeOrder, items without a value', () => {
  it('should accept them together at either end, in either direction, as MySQL or PostgreSQL order them', () => {
    for (const [names, direction] of [
      [[null, null, 'a', 'b'], 'asc'],
      [['a', 'b', null, null], 'asc'],
      [['b', 'a', null], 'desc'],
      [[null, 'b', 'a'], 'desc'],
    ] as const) {
      expect(judgeOrder(namedWalk(names), { field: 'name', direction }, 'list', adapter), JSON.stringify(names)).toEqual([]);
    }
  });

  it('should report them apart or in the middle, and the valued items out of order around them', () => {
    const keysOf = (names: readonly (string | null)[]) => judgeOrder(namedWalk(names), { field: 'name', direction: 'asc' }, 'list', adapter).map((found) => found.draft.message);
    expect(keysOf(['a', null, 'b'])).toEqual(['list: items without name are neither first nor last: the first follows "a" at position 2, against name asc']);
    expect(keysOf([null, 'a', null])).toEqual(['list: items without name are not together: another one comes back after "a" at position 3, against name asc']);
    expect(keysOf(['b', null, null, 'a'])).toEqual(['list: items without name are neither first nor last: the first follows "b" at position 2, against name asc']);
    expect(keysOf(['b', 'a', null])).toEqual(['list: name "b" is followed by "a" at position 2, against name asc']);
  });
});

describe('judgeFilter', () => {
  it('should report items the filter lets through and matching items it leaves out', async () => {
    const filtered = await walkOf(3, 10);
    const model = ids(4).map((id) => ({ id }));
    const keys = judgeFilter(model, filtered, (item) => (item as { id: string }).id !== 'i000', 'list', adapter).map((found) => found.draft.key);
    expect(keys.sort()).toEqual(['filter-too-narrow', 'filter-too-wide']);
  });
});
