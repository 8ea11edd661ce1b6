import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Dispatcher } from 'undici';
import { SpecUnreadableError } from '../errors.ts';

/** The raw text of one source as given on the command line. */
export interface SourceText {
  /** The path or URL exactly as given: the name every message uses. */
  readonly source: string;
  readonly text: string;
  /** The HTTP `content-type` without parameters, when fetched from a URL. */
  readonly contentType?: string;
  /** The URL after redirects, or the absolute file path: the base for relative `$ref`s and servers. */
  readonly location: string;
}

/** Limits for {@link readSource}; the defaults suit any published API description. */
export interface ReadSourceOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/** Reads a spec source from a file path or an http(s) URL; any failure is a one-line SpecUnreadableError. */
export async function readSource(source: string, options: ReadSourceOptions = {}): Promise<SourceText> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (/^https?:\/\//i.test(source)) return readUrl(source, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBytes);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new SpecUnreadableError(source, 'only file paths and http(s) URLs are supported');
  }
  return readPath(source, maxBytes);
}

async function readPath(source: string, maxBytes: number): Promise<SourceText> {
  try {
    const info = await stat(source);
    if (info.isDirectory()) throw new SpecUnreadableError(source, 'is a directory, not a document');
    if (info.size > maxBytes) throw new SpecUnreadableError(source, `larger than ${maxBytes} bytes`);
    const buffer = await readFile(source);
    if (buffer.byteLength > maxBytes) throw new SpecUnreadableError(source, `larger than ${maxBytes} bytes`);
    return { source, text: buffer.toString('utf8'), location: resolve(source) };
  } catch (error: unknown) {
    if (error instanceof SpecUnreadableError) throw error;
    const code = (error as { code?: unknown }).code;
    const cause = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : describe(error);
    throw new SpecUnreadableError(source, cause, { cause: error });
  }
}

async function readUrl(source: string, timeoutMs: number, maxBytes: number): Promise<SourceText> {
  // Imported here: every suite worker reads its documents' files through this module, and only a URL needs undici.
  const { request } = await import('undici');
  let url = source;
  // Redirects are followed by hand so the loop is bounded and each hop gets the same timeout.
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        headers: { accept: 'application/yaml, application/json, text/markdown, text/plain;q=0.9, */*;q=0.5' },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error: unknown) {
      throw new SpecUnreadableError(source, `cannot fetch: ${describe(error)}`, { cause: error });
    }
    const { statusCode, headers, body } = response;
    const location = headers.location;
    if (statusCode >= 300 && statusCode < 400 && typeof location === 'string') {
      await body.dump();
      url = new URL(location, url).toString();
      continue;
    }
    if (statusCode < 200 || statusCode >= 300) {
      await body.dump();
      throw new SpecUnreadableError(source, `HTTP ${statusCode} from ${url}`);
    }
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await body.dump();
      throw new SpecUnreadableError(source, `larger than ${maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of body) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        size += buffer.byteLength;
        if (size > maxBytes) {
          body.destroy();
          throw new SpecUnreadableError(source, `larger than ${maxBytes} bytes`);
        }
        chunks.push(buffer);
      }
    } catch (error: unknown) {
      if (error instanceof SpecUnreadableError) throw error;
      throw new SpecUnreadableError(source, `cannot fetch: ${describe(error)}`, { cause: error });
    }
    const rawType = headers['content-type'];
    const contentType = (Array.isArray(rawType) ? rawType[0] : rawType)?.split(';')[0]?.trim().toLowerCase();
    return {
      source,
      text: Buffer.concat(chunks).toString('utf8'),
      location: url,
      ...(contentType ? { contentType } : {}),
    };
  }
  throw new SpecUnreadableError(source, `more than ${MAX_REDIRECTS} redirects`);
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0] ?? '';
  return typeof code === 'string' && !line.includes(code) ? `${code} ${line}`.trim() : line;
}
