import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { serializeEvent } from './event-line.ts';
import type { RunEvent } from './events.ts';
import { Utf8Batch } from './utf8-batch.ts';

/**
 * Events are written in batches of about this many bytes: a write per event costs more CPU than
 * recording the exchange itself (one system call each), and a run writes one event per request.
 */
const BATCH_BYTES = 64 * 1024;
/** The longest a written event waits in the batch, so a crash or a stalled run loses at most this much of the log. */
const BATCH_MS = 200;

/**
 * Appends run events to an NDJSON file as they happen, so memory stays flat however long the run
 * and a crash loses at most the last batch (`BATCH_BYTES`, `BATCH_MS`). Events must already be redacted.
 */
export class EventLog {
  readonly #stream: WriteStream;
  readonly path: string;
  // Room for a batch and one more event of a typical size, so the buffer seldom grows.
  readonly #pending = new Utf8Batch(BATCH_BYTES + 16 * 1024);
  #timer: NodeJS.Timeout | undefined;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.#stream = createWriteStream(path, { flags: 'a' });
  }

  emit(event: RunEvent): void {
    this.#pending.append(serializeEvent(event));
    this.#pending.append('\n');
    if (this.#pending.bytes >= BATCH_BYTES) this.#flush();
    // Left referenced: a process that ends without close() still writes its last batch.
    else this.#timer ??= setTimeout(() => this.#flush(), BATCH_MS);
  }

  #flush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = this.#pending.take();
    if (batch) this.#stream.write(batch);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    this.#flush();
    return new Promise((resolve, reject) => {
      this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}
