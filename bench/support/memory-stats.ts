import { getHeapSpaceStatistics } from 'node:v8';

/** Where a process's memory is at one moment, in KiB: V8's heap spaces, what lives outside them, and the peak so far. */
export interface MemorySnapshot {
  /** Requests sent so far. */
  readonly requests: number;
  /** Peak RSS of the process so far (`process.resourceUsage().maxRSS`). */
  readonly peakRssKb: number;
  readonly rssKb: number;
  /** Reserved for V8's heap (every space); `heapUsedKb` of it holds objects (live or not yet collected). */
  readonly heapTotalKb: number;
  readonly heapUsedKb: number;
  /** Memory of C++ objects bound to JS objects (Buffers among them); `arrayBuffersKb` is the ArrayBuffer part. */
  readonly externalKb: number;
  readonly arrayBuffersKb: number;
  /** RSS outside the main isolate's heap and external memory: code, stacks, malloc arenas, other threads' isolates. */
  readonly nonHeapKb: number;
  /** Each heap space: size reserved and size used, e.g. `old: [131072, 120000]`. */
  readonly spaces: Readonly<Record<string, readonly [sizeKb: number, usedKb: number]>>;
}

const kb = (bytes: number): number => Math.round(bytes / 1024);

/** The process's memory now. */
export function memorySnapshot(requests: number): MemorySnapshot {
  const usage = process.memoryUsage();
  const spaces: Record<string, readonly [number, number]> = {};
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_size === 0) continue;
    spaces[space.space_name.replace(/_space$/, '')] = [kb(space.space_size), kb(space.space_used_size)];
  }
  return {
    requests,
    peakRssKb: process.resourceUsage().maxRSS,
    rssKb: kb(usage.rss),
    heapTotalKb: kb(usage.heapTotal),
    heapUsedKb: kb(usage.heapUsed),
    externalKb: kb(usage.external),
    arrayBuffersKb: kb(usage.arrayBuffers),
    nonHeapKb: kb(usage.rss - usage.heapTotal - usage.external),
    spaces,
  };
}

/** A full garbage collection, when the process runs with `--expose-gc`; false otherwise. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}

/** One line of a snapshot, in MiB, for a trace on stderr. */
export function formatSnapshot(label: string, snapshot: MemorySnapshot): string {
  const mib = (value: number): string => (value / 1024).toFixed(0);
  const spaces = Object.entries(snapshot.spaces)
    .map(([name, [size, used]]) => `${name} ${mib(size)}/${mib(used)}`)
    .join(', ');
  return (
    `${label}: ${snapshot.requests} requests, peak RSS ${mib(snapshot.peakRssKb)}, RSS ${mib(snapshot.rssKb)} = heap ${mib(snapshot.heapTotalKb)} (used ${mib(snapshot.heapUsedKb)})` +
    ` + external ${mib(snapshot.externalKb)} (array buffers ${mib(snapshot.arrayBuffersKb)}) + non-heap ${mib(snapshot.nonHeapKb)} MiB; spaces size/used: ${spaces}`
  );
}
