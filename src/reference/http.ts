import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by `readBody` when a request body exceeds the cap; handlers answer 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body over ${limitBytes} bytes`);
  }
}

/** Reads the whole request body, refusing more than `maxBytes`. */
export async function readBody(request: IncomingMessage, maxBytes = 1_048_576): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Writes a JSON body with an explicit length, so clients never see a chunked reply for a small body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  contentType = 'application/json',
): void {
  const payload = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': String(payload.length),
  });
  response.end(payload);
}

/** Writes a response without a body (204, 304, or a status whose body the API leaves empty). */
export function sendEmpty(response: ServerResponse, status: number, headers: Readonly<Record<string, string>> = {}): void {
  response.writeHead(status, { ...headers, 'content-length': '0' });
  response.end();
}

/** A header's single value (first of repeats), lower-cased name lookup as node gives it. */
export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
