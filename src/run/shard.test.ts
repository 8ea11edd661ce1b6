import { describe, expect, it } from 'vitest';
import { itemsOfShard, parseShard, suiteFilesOfShard } from './shard.ts';

describe('shards', () => {
  it('should give every item to exactly one of n shards', () => {
    // Arrange
    const items = Array.from({ length: 23 }, (_, index) => `op${index}`);

    // Act
    const parts = [1, 2, 3, 4].map((index) => itemsOfShard(items, { index, count: 4 }));

    // Assert
    expect(parts.flat().sort()).toEqual([...items].sort());
    expect(parts.map((part) => part.length)).toEqual([6, 6, 6, 5]);
  });

  it('should keep the contract suite in every shard and each semantic suite in exactly one', () => {
    // Arrange
    const files = ['/s/contract.test.ts', '/s/lifecycle.test.ts', '/s/pagination.test.ts', '/s/visibility.test.ts'];

    // Act
    const parts = [1, 2, 3, 4].map((index) => suiteFilesOfShard(files, { index, count: 4 }));

    // Assert
    for (const part of parts) expect(part).toContain('/s/contract.test.ts');
    const semantic = parts.flat().filter((file) => !file.endsWith('contract.test.ts'));
    expect(semantic.sort()).toEqual(files.slice(1));
  });

  it('should refuse a shard index outside 1..n', () => {
    // Arrange, Act, Assert
    expect(() => parseShard('5/4')).toThrow(/1 <= i <= n/);
    expect(() => parseShard('0/4')).toThrow(/1 <= i <= n/);
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  });
});
