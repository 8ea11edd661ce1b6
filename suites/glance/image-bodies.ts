import { jsonBody } from '../../src/run/semantic/visibility-client.ts';
import type { Exchange } from '../../src/transport/exchange.ts';

/** An image (or list) answer's fields; `{}` when the body is not a JSON object. */
export function imageFields(exchange: Exchange): Record<string, unknown> {
  const body = jsonBody(exchange);
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** The ids of a list answer's `images`, in order ('?' for an entry without one); undefined when it has no `images` list. */
export function listedImageIds(exchange: Exchange): string[] | undefined {
  const images = imageFields(exchange).images;
  if (!Array.isArray(images)) return undefined;
  return images.map((image: unknown) => {
    const id = typeof image === 'object' && image !== null ? (image as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : '?';
  });
}

/** A list answer's `first` or `next` link, as given. */
export function listLink(exchange: Exchange, name: 'first' | 'next'): unknown {
  return imageFields(exchange)[name];
}
