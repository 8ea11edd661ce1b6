import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../run/events.ts';
import { Utf8Batch } from '../run/utf8-batch.ts';
import type { ReportWriter } from './report-writer.ts';

/** Entries are written in batches of about this many bytes: one write per batch, not per exchange. */
const BATCH_BYTES = 256 * 1024;

/**
 * Streams every exchange into `exchanges.har` as it is read: at most one batch of entries is held in
 * memory, and the batch keeps the per-write cost of the file stream off every exchange.
 */
export class HarReport implements ReportWriter {
  readonly name = 'har';
  readonly #path: string;
  #stream: WriteStream | undefined;
  #count = 0;
  readonly #batch = new Utf8Batch(BATCH_BYTES + 64 * 1024);

  constructor(outDir: string) {
    this.#path = join(outDir, 'exchanges.har');
  }

  #open(): WriteStream {
    if (!this.#stream) {
      this.#stream = createWriteStream(this.#path);
      this.#stream.write('{"log":{"version":"1.2","creator":{"name":"conform","version":"0.1.0"},"entries":[\n');
    }
    return this.#stream;
  }

  async #flush(): Promise<void> {
    const batch = this.#batch.take();
    if (!batch) return;
    const stream = this.#open();
    if (!stream.write(batch)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }

  /** A promise only when a full batch goes to the file; the caller waits for it before the next event. */
  onEvent(event: RunEvent): Promise<void> | undefined {
    if (event.type !== 'exchange') return undefined;
    // Serialized where it was recorded (`harEntryJson`): copied, not built again.
    if (this.#count > 0) this.#batch.append(',\n');
    this.#batch.append(event.har);
    this.#count += 1;
    return this.#batch.bytes >= BATCH_BYTES ? this.#flush() : undefined;
  }

  async finish(): Promise<readonly string[]> {
    await this.#flush();
    const stream = this.#open();
    await new Promise<void>((resolve, reject) => stream.end('\n]}}\n', () => resolve()).once('error', reject));
    return [this.#path];
  }
}
