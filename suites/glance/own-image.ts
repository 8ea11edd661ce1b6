import type { Principal } from '../../src/principals.ts';
import type { SemanticSession } from '../../src/run/semantic/semantic-session.ts';
import { jsonBody } from '../../src/run/semantic/visibility-client.ts';

/** An image a suite created: its id, its URL under the target, and the body Glance answered. */
export interface OwnImage {
  readonly id: string;
  readonly url: string;
  readonly item: Readonly<Record<string, unknown>>;
}

/**
 * Creates an image as `owner` and records it in the run's ledger at once, so cleanup deletes it
 * whatever happens next; resolves to the image, or to why none was created (`POST /images answered N`).
 */
export async function createOwnImage(session: SemanticSession, owner: Principal, body: Record<string, unknown>): Promise<OwnImage | string> {
  const exchange = await session.send('createImage', { method: 'POST', path: '/images', json: body }, owner);
  const status = exchange.response?.status ?? 0;
  const parsed = jsonBody(exchange);
  const item = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  if (status !== 201 || typeof item.id !== 'string' || item.id === '') return `POST /images answered ${status || exchange.failure?.message}`;
  const url = `${session.runtime.target.replace(/\/+$/, '')}/images/${encodeURIComponent(item.id)}`;
  session.created({ operationId: 'createImage', url, removeMethod: 'DELETE', principal: owner.name });
  return { id: item.id, url, item };
}
