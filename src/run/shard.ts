import { basename } from 'node:path';
import { UsageError } from '../errors.ts';

/** One part of a run split across machines: `index` of `count`, both from 1. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard expects i/n with 1 <= i <= n, got '${text}'`);
  return { index, count };
}

/**
 * The items of one shard: item k (in the given order) goes to shard k mod n. Round-robin rather than
 * a hash, because an API has a few dozen operations and a hash leaves shards visibly uneven; it is
 * deterministic as long as every shard sees the same list (same document, same filters).
 */
export function itemsOfShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((_, position) => position % shard.count === shard.index - 1);
}

/** The contract suite explores operation by operation, so it runs in every shard on that shard's operations. */
export function isContractSuite(file: string): boolean {
  return basename(file) === 'contract.test.ts';
}

/**
 * The suite files one shard runs. vitest's own `--shard` splits by file, and an API has only a few
 * suite files with the contract suite far the largest, so four shards would be badly uneven: the
 * contract suite is split by operation instead (it is in every shard), and the semantic suites, which
 * are stateful sequences that must stay whole, are dealt out one file per shard from the last shard
 * backwards (shard 1 tends to get the most contract operations).
 */
export function suiteFilesOfShard(files: readonly string[], shard: Shard | undefined): string[] {
  if (!shard) return [...files];
  const semantic = files.filter((file) => !isContractSuite(file)).sort();
  const mine = new Set(semantic.filter((_, position) => shard.count - 1 - (position % shard.count) === shard.index - 1));
  return files.filter((file) => isContractSuite(file) || mine.has(file));
}
