import type { Principal } from '../../src/principals.ts';
import type { SemanticSession } from '../../src/run/semantic/semantic-session.ts';

/** A 1×1 PNG: the smallest file the upload accepts as an image. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The JSON body of an exchange, or undefined. */
export function jsonBody(body: Buffer | undefined): unknown {
  try {
    return JSON.parse(body?.toString('utf8') ?? '') as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Uploads one image (multipart `name` + `image`) as `owner` and records it in the ledger; resolves to
 * the created Image or to why it failed.
 */
export async function uploadImage(session: SemanticSession, owner: Principal, name: string): Promise<{ id: string; url: string; item: Record<string, unknown> } | string> {
  const boundary = `conform${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${name}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="conform.png"\r\nContent-Type: image/png\r\n\r\n`),
    TINY_PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const exchange = await session.send(
    'uploadImage',
    { method: 'POST', path: '/v1/images/upload', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body },
    owner,
  );
  const item = jsonBody(exchange.response?.body) as Record<string, unknown> | undefined;
  const id = typeof item?.id === 'string' ? item.id : undefined;
  if (exchange.response?.status !== 201 || !id || !item) return `POST /v1/images/upload answered ${exchange.response?.status ?? exchange.failure?.message}`;
  const url = `${session.runtime.target.replace(/\/+$/, '')}/v1/images/${encodeURIComponent(id)}`;
  session.created({ operationId: 'uploadImage', url, removeMethod: 'DELETE', principal: owner.name });
  return { id, url, item };
}
