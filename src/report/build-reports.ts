import { mkdir } from 'node:fs/promises';
import type { RunEvent } from '../run/events.ts';
import { readEventBatches } from './read-events.ts';
import type { ReportWriter } from './report-writer.ts';

/**
 * Feeds the run's events (the main process's own, then each worker's NDJSON log) through every
 * writer in one streaming pass, and resolves to the files written.
 */
export async function buildReports(
  outDir: string,
  writers: readonly ReportWriter[],
  head: readonly RunEvent[],
  logs: readonly string[],
  tail: readonly RunEvent[],
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  // A writer that returns a promise (a file write waiting on the disk) is waited for before it gets
  // the next event; the others are fed synchronously, since a run has an event per request.
  const feed = async (events: readonly RunEvent[]): Promise<void> => {
    for (const event of events) {
      for (const writer of writers) {
        const pending = writer.onEvent(event);
        if (pending) await pending;
      }
    }
  };
  await feed(head);
  for await (const events of readEventBatches(logs)) await feed(events);
  await feed(tail);
  const written: string[] = [];
  for (const writer of writers) written.push(...(await writer.finish()));
  return written;
}
