import { mkdir } from 'node:fs/promises';
import type { RunEvent } from '../run/events.ts';
import { readEvents } from './read-events.ts';
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
  const feed = async (event: RunEvent): Promise<void> => {
    for (const writer of writers) await writer.onEvent(event);
  };
  for (const event of head) await feed(event);
  for await (const event of readEvents(logs)) await feed(event);
  for (const event of tail) await feed(event);
  const written: string[] = [];
  for (const writer of writers) written.push(...(await writer.finish()));
  return written;
}
