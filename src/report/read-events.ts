import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RunEvent } from '../run/events.ts';

/** Streams the events of NDJSON logs in file order; a torn last line (a crash mid-write) is skipped. */
export async function* readEvents(paths: readonly string[]): AsyncGenerator<RunEvent> {
  for (const path of paths) {
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as RunEvent;
      } catch {
        // only the final line of a crashed writer can be partial
      }
    }
  }
}
