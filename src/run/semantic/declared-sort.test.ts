import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApi } from '../../openapi/load-api.ts';
import { markedNullSortValues, sortPresets, sortWalks, type SortWalk } from './declared-sort.ts';
import type { Walk } from './pagination-walk.ts';
import type { Exchange } from '../../transport/exchange.ts';

const NOTES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'declarations', 'notes-api.yaml');

describe('sortWalks', () => {
  it('should walk every key ascending, descending and, with a declared default, without a direction', () => {
    // Arrange, Act
    const walks = sortWalks({ keyParam: 'sort_key', directionParam: 'sort_dir', keys: { name: '/name', id: '/id' }, directions: { asc: 'up' }, defaultDirection: 'desc' });

    // Assert
    expect(walks.map((walk) => `${new URLSearchParams(walk.query.map(([name, value]): [string, string] => [name, value])).toString()} → ${walk.key} ${walk.direction}`)).toEqual([
      'sort_key=name&sort_dir=up → name asc',
      'sort_key=name&sort_dir=desc → name desc',
      'sort_key=name → name desc',
      'sort_key=id&sort_dir=up → id asc',
      'sort_key=id&sort_dir=desc → id desc',
      'sort_key=id → id desc',
    ]);
  });

  it('should walk a key once, judged by the declared direction, when the API has no direction parameter', () => {
    // Arrange, Act
    const walks = sortWalks({ keyParam: 'order_by', keys: { created: '/created_at' }, defaultDirection: 'desc' });

    // Assert
    expect(walks).toEqual([{ key: 'created', pointer: '/created_at', direction: 'desc', directionSent: false, query: [['order_by', 'created']] }]);
  });
});

describe('sortPresets', () => {
  it('should give each writable free string key a value that sorts before every earlier item, and leave enum and read-only fields alone', async () => {
    // Arrange: a Note's text is a free string, its visibility an enum, its id read-only
    const model = await loadApi([NOTES]);
    const create = model.operations.find((operation) => operation.id === 'createNote');
    if (!create) throw new Error('createNote is in the fixture');
    const sort = { keyParam: 'sort', keys: { text: '/text', visibility: '/visibility', id: '/id' }, defaultDirection: 'asc' as const };

    // Act
    const values = [0, 1, 2].map((index) => sortPresets(model, create, sort, index, 3));

    // Assert: created first, sorted last
    expect(values).toEqual([[{ pointer: '/text', value: 'conform-s0003' }], [{ pointer: '/text', value: 'conform-s0002' }], [{ pointer: '/text', value: 'conform-s0001' }]]);
  });
});

describe('markedNullSortValues', () => {
  const exchange = { request: { method: 'GET', url: 'http://x.test/list', headers: {} }, startedAt: new Date(0).toISOString(), durationMs: 1 } as Exchange;
  const byName: SortWalk = { key: 'name', pointer: '/name', direction: 'asc', directionSent: true, query: [['sort_key', 'name']] };
  const walkOf = (names: readonly (string | null | undefined)[]): Walk => {
    const items = names.map((name, index) => (name === undefined ? { id: `i${index}` } : { id: `i${index}`, name }));
    return { pages: [{ url: 'http://x.test/list', exchange, items }], items, end: 'last-page' };
  };
  const found = [{ draft: { key: 'missing-item', message: 'list: 1 of 3 items never listed', evidence: {} }, exchange }];

  it('should mark the keys of a walk that listed an item without the sort value, null or absent', () => {
    expect(markedNullSortValues(found, walkOf(['a', null]), byName).map((judged) => judged.draft.key)).toEqual(['missing-item:null-sort-values']);
    expect(markedNullSortValues(found, walkOf([undefined, 'b']), byName).map((judged) => judged.draft.key)).toEqual(['missing-item:null-sort-values']);
  });

  it('should mark them too when only an item the walk left out has none (a walk that skipped the nameless ones)', () => {
    expect(markedNullSortValues(found, walkOf(['a', '']), byName, [{ id: 'i9', name: null }]).map((judged) => judged.draft.key)).toEqual(['missing-item:null-sort-values']);
  });

  it('should leave the keys of a walk whose items all have one as they are', () => {
    expect(markedNullSortValues(found, walkOf(['a', '']), byName).map((judged) => judged.draft.key)).toEqual(['missing-item']);
  });
});
