import { basename } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Operation } from '../openapi/types.ts';

/** One part of a run split across machines: `index` of `count`, both from 1. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** A shard with its part of the contract suite decided: the operation ids it explores. */
export interface PlannedShard extends Shard {
  readonly operations: readonly string[];
}

/** Parses `--shard i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard expects i/n with 1 <= i <= n, got '${text}'`);
  return { index, count };
}

/** The contract suite explores operation by operation, so it runs in every shard on that shard's operations. */
export function isContractSuite(file: string): boolean {
  return basename(file) === 'contract.test.ts';
}

/** Something a shard runs whole, and how many requests it is expected to send. */
export interface ShardUnit {
  readonly key: string;
  readonly estimate: number;
}

/**
 * Deals units to `count` shards by estimated requests: largest first, each to the shard with the least
 * so far (longest-processing-time scheduling, within 4/3 of the best split). Ties go by key and by
 * shard number, so every shard of a run, planning alone on its own machine, computes the same split.
 * Returns each unit's shard, from 0.
 */
export function balanceUnits(units: readonly ShardUnit[], count: number): Map<string, number> {
  const loads = new Array<number>(count).fill(0);
  const order = [...units].sort((a, b) => b.estimate - a.estimate || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const assigned = new Map<string, number>();
  for (const unit of order) {
    let lightest = 0;
    for (let shard = 1; shard < count; shard += 1) if ((loads[shard] ?? 0) < (loads[lightest] ?? 0)) lightest = shard;
    loads[lightest] = (loads[lightest] ?? 0) + unit.estimate;
    assigned.set(unit.key, lightest);
  }
  return assigned;
}

/** What the planner needs to know of an API's run to split it. */
export interface ShardPlanInput {
  readonly shard: Shard;
  /** Every suite file of the API, the contract suite included. */
  readonly suiteFiles: readonly string[];
  /**
   * Estimated requests of a semantic suite file (stateful sequences: always run whole), given the
   * files of its unit (a file that shares work with another costs less beside it).
   */
  readonly estimateFile: (file: string, unitFiles: readonly string[]) => number;
  /**
   * The unit a semantic suite file belongs to: files of one unit land in one shard (the two visibility
   * suites of an API share one walk in one process, which a split would walk twice). Default: its own.
   */
  readonly unitOf?: (file: string) => string;
  /** The contract suite's selected operations with their estimated requests; each runs whole in one shard. */
  readonly operations: readonly ShardUnit[];
}

/** One shard's part: its suite files and its contract operations. */
export interface ShardPart {
  readonly suiteFiles: string[];
  readonly shard: PlannedShard;
  /** Estimated requests of every shard (from 0), for the progress line and the balance tests. */
  readonly loads: number[];
}

/**
 * The part of one shard. vitest's own `--shard` splits by file, and an API has a handful of suite
 * files of very different sizes, so the split is by the units that must stay whole instead: each
 * semantic suite file, and each operation of the contract suite.
 */
export function planShard({ shard, suiteFiles, estimateFile, operations, unitOf = basename }: ShardPlanInput): ShardPart {
  const semantic = suiteFiles.filter((file) => !isContractSuite(file));
  const byUnit = new Map<string, string[]>();
  for (const file of semantic) byUnit.set(unitOf(file), [...(byUnit.get(unitOf(file)) ?? []), file]);
  const units: ShardUnit[] = [
    ...[...byUnit].map(([unit, files]) => ({ key: `file:${unit}`, estimate: files.reduce((sum, file) => sum + estimateFile(file, files), 0) })),
    ...operations.map((operation) => ({ key: `operation:${operation.key}`, estimate: operation.estimate })),
  ];
  const assigned = balanceUnits(units, shard.count);
  const loads = new Array<number>(shard.count).fill(0);
  for (const unit of units) {
    const index = assigned.get(unit.key) ?? 0;
    loads[index] = (loads[index] ?? 0) + unit.estimate;
  }
  const mine = (key: string): boolean => assigned.get(key) === shard.index - 1;
  const myOperations = operations.filter((operation) => mine(`operation:${operation.key}`)).map((operation) => operation.key);
  // The contract suite stays in every shard, as before balancing: a shard with no operation of it
  // still runs it, and reports its nothing the same way every time.
  const files = suiteFiles.filter((file) => isContractSuite(file) || mine(`file:${unitOf(file)}`));
  return { suiteFiles: files, shard: { ...shard, operations: myOperations }, loads };
}

/** The operations of this shard (all of them when the run is not sharded). */
export function operationsOfShard(operations: readonly Operation[], shard: PlannedShard | undefined): Operation[] {
  if (!shard) return [...operations];
  const mine = new Set(shard.operations);
  return operations.filter((operation) => mine.has(operation.id));
}
