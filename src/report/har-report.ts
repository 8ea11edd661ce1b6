import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { RecordedExchange, RunEvent } from '../run/events.ts';
import type { ReportWriter } from './report-writer.ts';

type Headers = RecordedExchange['request']['headers'];

function harHeaders(headers: Headers): { name: string; value: string }[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    (typeof value === 'string' ? [value] : [...value]).map((item) => ({ name, value: item })),
  );
}

function harQuery(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams.entries()].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function headerValue(headers: Headers, name: string): string {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return typeof value === 'string' ? value : (value?.[0] ?? '');
}

/** One HAR 1.2 entry; a transport failure is recorded as status 0 with the failure in `comment`. */
function harEntry(operationId: string, exchange: RecordedExchange): unknown {
  const { request, response } = exchange;
  const isBase64 = response?.body.startsWith('base64:') ?? false;
  return {
    startedDateTime: exchange.startedAt,
    time: exchange.durationMs,
    comment: exchange.failure ? `${exchange.failure.code}: ${exchange.failure.message}` : operationId,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(request.headers),
      queryString: harQuery(request.url),
      ...(request.body === undefined
        ? {}
        : { postData: { mimeType: headerValue(request.headers, 'content-type'), text: request.body } }),
      headersSize: -1,
      bodySize: request.body === undefined ? 0 : Buffer.byteLength(request.body),
    },
    response: {
      status: response?.status ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(response?.headers ?? {}),
      content: {
        size: response?.bodyBytes ?? 0,
        mimeType: response ? headerValue(response.headers, 'content-type') : '',
        text: isBase64 ? (response?.body.slice('base64:'.length) ?? '') : (response?.body ?? ''),
        ...(isBase64 ? { encoding: 'base64' } : {}),
        ...(response?.truncated ? { comment: 'truncated' } : {}),
      },
      redirectURL: response ? headerValue(response.headers, 'location') : '',
      headersSize: -1,
      bodySize: response?.bodyBytes ?? -1,
    },
    cache: {},
    timings: { send: 0, wait: exchange.durationMs, receive: 0 },
  };
}

/** Entries are written in batches of about this many characters: one write per batch, not per exchange. */
const BATCH_CHARS = 256 * 1024;

/**
 * Streams every exchange into `exchanges.har` as it is read: at most one batch of entries is held in
 * memory, and the batch keeps the per-write cost of the file stream off every exchange.
 */
export class HarReport implements ReportWriter {
  readonly name = 'har';
  readonly #path: string;
  #stream: WriteStream | undefined;
  #count = 0;
  #batch: string[] = [];
  #batchChars = 0;

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
    if (this.#batch.length === 0) return;
    const stream = this.#open();
    const ok = stream.write(this.#batch.join(''));
    this.#batch = [];
    this.#batchChars = 0;
    if (!ok) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }

  async onEvent(event: RunEvent): Promise<void> {
    if (event.type !== 'exchange') return;
    const entry = `${this.#count === 0 ? '' : ',\n'}${JSON.stringify(harEntry(event.operationId, event.exchange))}`;
    this.#count += 1;
    this.#batch.push(entry);
    this.#batchChars += entry.length;
    if (this.#batchChars >= BATCH_CHARS) await this.#flush();
  }

  async finish(): Promise<readonly string[]> {
    await this.#flush();
    const stream = this.#open();
    await new Promise<void>((resolve, reject) => stream.end('\n]}}\n', () => resolve()).once('error', reject));
    return [this.#path];
  }
}
