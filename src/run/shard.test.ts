import { describe, expect, it } from 'vitest';
import { balanceUnits, parseShard, planShard, type ShardUnit } from './shard.ts';

const FILES = ['/s/contract.test.ts', '/s/lifecycle.test.ts', '/s/pagination.test.ts', '/s/visibility-applied.test.ts', '/s/visibility-isolation.test.ts'];
const FILE_REQUESTS: Record<string, number> = { lifecycle: 22, pagination: 10, 'visibility-applied': 360, 'visibility-isolation': 366 };
const OPERATIONS: ShardUnit[] = [80, 80, 55, 55, 55, 55, 55].map((estimate, index) => ({ key: `op${index}`, estimate }));

function planAll(count: number): ReturnType<typeof planShard>[] {
  return Array.from({ length: count }, (_, index) =>
    planShard({
      shard: { index: index + 1, count },
      suiteFiles: FILES,
      operations: OPERATIONS,
      estimateFile: (file) => FILE_REQUESTS[file.replace(/^\/s\/|\.test\.ts$/g, '')] ?? 0,
    }),
  );
}

describe('shards', () => {
  it('should give every operation and every semantic file to exactly one shard, and the contract suite to all', () => {
    // Arrange, Act
    const parts = planAll(4);

    // Assert
    expect(parts.flatMap((part) => part.shard.operations).sort()).toEqual(OPERATIONS.map((unit) => unit.key).sort());
    for (const part of parts) expect(part.suiteFiles).toContain('/s/contract.test.ts');
    expect(parts.flatMap((part) => part.suiteFiles.filter((file) => !file.endsWith('contract.test.ts'))).sort()).toEqual(FILES.slice(1));
  });

  it('should plan the same split in every shard, whatever shard is asking', () => {
    // Arrange, Act
    const loads = planAll(3).map((part) => part.loads);

    // Assert
    for (const other of loads) expect(other).toEqual(loads[0]);
  });

  it.each([2, 3, 4])('should keep every one of %i shards within 1.5x of the mean when no unit is larger', (count) => {
    // Arrange
    const parts = planAll(count);
    const loads = parts[0]?.loads ?? [];
    const mean = loads.reduce((sum, load) => sum + load, 0) / count;

    // Act
    const heaviest = Math.max(...loads);

    // Assert
    expect(heaviest).toBeLessThanOrEqual(1.5 * mean);
  });

  it('should put the largest units apart before filling the shards with the small ones', () => {
    // Arrange
    const units: ShardUnit[] = [
      { key: 'a', estimate: 10 },
      { key: 'big', estimate: 100 },
      { key: 'b', estimate: 10 },
      { key: 'bigger', estimate: 101 },
      { key: 'c', estimate: 10 },
    ];

    // Act
    const assigned = balanceUnits(units, 2);

    // Assert: the two big ones apart, the small ones on the lighter side first.
    expect(assigned.get('bigger')).toBe(0);
    expect(assigned.get('big')).toBe(1);
    expect([assigned.get('a'), assigned.get('b'), assigned.get('c')]).toEqual([1, 0, 1]);
  });

  it('should keep the files of one unit in one shard, estimated together', () => {
    // Arrange: the visibility pair is one unit, and walks once beside each other
    const pair = (file: string): string => (file.includes('visibility-') ? 'visibility' : file);
    const parts = Array.from({ length: 3 }, (_, index) =>
      planShard({
        shard: { index: index + 1, count: 3 },
        suiteFiles: FILES,
        operations: OPERATIONS,
        estimateFile: (file, unitFiles) => (file.endsWith('visibility-isolation.test.ts') && unitFiles.length > 1 ? 0 : (FILE_REQUESTS[file.replace(/^\/s\/|\.test\.ts$/g, '')] ?? 0)),
        unitOf: pair,
      }),
    );

    // Act
    const holders = parts.map((part) => part.suiteFiles.filter((file) => file.includes('visibility-')));

    // Assert: one shard has both, the others neither; the loads count the pair's one walk
    expect(holders.filter((files) => files.length === 2)).toHaveLength(1);
    expect(holders.filter((files) => files.length === 1)).toHaveLength(0);
    const total = (parts[0]?.loads ?? []).reduce((sum, load) => sum + load, 0);
    expect(total).toBe(22 + 10 + 360 + OPERATIONS.reduce((sum, unit) => sum + unit.estimate, 0));
  });

  it('should refuse a shard index outside 1..n', () => {
    // Arrange, Act, Assert
    expect(() => parseShard('5/4')).toThrow(/1 <= i <= n/);
    expect(() => parseShard('0/4')).toThrow(/1 <= i <= n/);
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  });
});
