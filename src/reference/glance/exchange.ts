import type { GlanceContext } from './context.ts';
import type { GlanceFaults } from './faults.ts';
import { badRequest, notFound } from './glance-error.ts';
import type { ImageStore } from './image-store.ts';
import type { ImageRecord } from './model.ts';
import { isVisibleById } from './visibility.ts';

/** Server-wide state every handler reads. */
export interface GlanceEnv {
  readonly store: ImageStore;
  readonly faults: GlanceFaults;
  /** The current time as a Glance timestamp. */
  readonly now: () => string;
}

/** One request as a handler sees it. */
export interface GlanceRequest {
  readonly context: GlanceContext;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** `scheme://host` as the client addressed us, for the absolute `Location` upstream sends. */
  readonly origin: string;
  /** The media type of the body, lower-cased, without parameters; '' when absent. */
  readonly mediaType: string;
  /** The raw body (capped; over the cap raises BodyTooLargeError). */
  body(maxBytes?: number): Promise<Buffer>;
}

/** What a handler answers; the router writes it. */
export interface GlanceReply {
  readonly status: number;
  readonly json?: unknown;
  readonly raw?: Buffer;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type GlanceHandler = (request: GlanceRequest, env: GlanceEnv) => GlanceReply | Promise<GlanceReply>;

/**
 * Finds an image the caller may see, else 404 (also when the caller lacks the reader role: Zed
 * turns a refused get_image into 404).
 */
export function lookupImage(request: GlanceRequest, env: GlanceEnv, notFoundMessage?: string): ImageRecord {
  const id = request.params.imageId ?? '';
  const image = env.store.get(id);
  if (!image || !request.context.canRead || !isVisibleById(request.context, image)) {
    throw notFound(notFoundMessage ?? `No image found with ID ${id}`);
  }
  return image;
}

/** Parses a JSON body; 400 with upstream's wording when it is not JSON. */
export async function readJson(request: GlanceRequest): Promise<unknown> {
  const text = (await request.body()).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Malformed JSON in request body.');
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
