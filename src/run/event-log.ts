import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { RunEvent } from './events.ts';

/**
 * Appends run events to an NDJSON file as they happen, so memory stays flat however long the run
 * and a crash loses at most what the stream had not flushed. Events must already be redacted.
 */
export class EventLog {
  readonly #stream: WriteStream;
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.#stream = createWriteStream(path, { flags: 'a' });
  }

  emit(event: RunEvent): void {
    this.#stream.write(`${JSON.stringify(event)}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}
