import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import { serializeEvent } from '../run/event-line.ts';
import type { RunEvent } from '../run/events.ts';
import { readEvents } from './read-events.ts';

/** A worker log's suite tag: `glance-contract-4242.ndjson` → `glance-contract` (the pid differs per shard). */
export function logTag(path: string): string {
  return basename(path).replace(/-\d+\.ndjson$/, '').replace(/\.ndjson$/, '');
}

/** A verdict and the findings emitted right after it: they move together. */
interface VerdictBlock {
  readonly ordinal: number;
  readonly arrival: number;
  readonly events: RunEvent[];
}

/**
 * The events of several runs' worker logs (the shards of one run) in the order one unsharded run
 * would have written them: suites by tag, as a run sorts its logs; a suite split across shards (the
 * contract suite) yields its exchanges shard by shard, then its verdicts by `ordinal`, each with its
 * findings. Only verdicts and findings are held in memory; exchanges stream.
 */
export async function* mergedEvents(logs: readonly string[]): AsyncGenerator<RunEvent> {
  const byTag = new Map<string, string[]>();
  for (const log of logs) byTag.set(logTag(log), [...(byTag.get(logTag(log)) ?? []), log]);
  for (const tag of [...byTag.keys()].sort()) {
    const parts = byTag.get(tag) ?? [];
    if (parts.length === 1) {
      yield* readEvents(parts);
      continue;
    }
    const blocks: VerdictBlock[] = [];
    let current: VerdictBlock | undefined;
    for await (const event of readEvents(parts)) {
      if (event.type === 'exchange') {
        yield event;
      } else if (event.type === 'check-result') {
        current = { ordinal: event.ordinal ?? Number.MAX_SAFE_INTEGER, arrival: blocks.length, events: [event] };
        blocks.push(current);
      } else if (event.type === 'finding' && current) {
        current.events.push(event);
      } else {
        yield event;
      }
    }
    blocks.sort((a, b) => a.ordinal - b.ordinal || a.arrival - b.arrival);
    for (const block of blocks) yield* block.events;
  }
}

/** Writes events to one NDJSON log, the input every report builder reads. */
export async function writeEventLog(path: string, events: AsyncIterable<RunEvent>): Promise<void> {
  const stream = createWriteStream(path, { flags: 'w' });
  for await (const event of events) {
    if (!stream.write(`${serializeEvent(event)}\n`)) await once(stream, 'drain');
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
