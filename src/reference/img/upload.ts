import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, headerValue, readBody, sendJson } from '../http.ts';
import type { ImgContext } from './context.ts';
import { sendError } from './errors.ts';
import { IMG_FAULT } from './faults.ts';
import { imageIdFor } from './fixtures.ts';
import { usageHeaders } from './image-handlers.ts';
import { sniffImage } from './image-bytes.ts';
import type { ImgPrincipal } from './principals.ts';
import { imageJson } from './serialize.ts';
import type { NewImage, StoredImage } from './store.ts';

/** The documented file cap: 20 MiB. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** The body cap: the file cap plus room for the multipart framing and the name. */
export const MAX_UPLOAD_BODY_BYTES = MAX_IMAGE_BYTES + 64 * 1024;

type Headers = Readonly<Record<string, string>>;

async function parseForm(contentType: string, body: Buffer): Promise<FormData | undefined> {
  try {
    // The web platform's multipart parser (undici), rather than a hand-written one.
    return await new Request('http://reference.invalid/upload', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
  } catch {
    return undefined;
  }
}

function freshId(context: ImgContext, principal: ImgPrincipal): string {
  // Bounded: a hash collision with an existing id is astronomically unlikely, but never loop on one.
  for (let attempt = 0; attempt < 8; attempt += 1) {
    context.uploads += 1;
    const id = imageIdFor(`upload:${principal.account}:${principal.stage}:${context.uploads}`);
    if (!context.store.exists(id)) return id;
  }
  throw new Error('could not allocate an image id');
}

/** POST /v1/images/upload: multipart `name` + `image` → a private Image, 201. */
export async function uploadImage(
  context: ImgContext,
  principal: ImgPrincipal,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Headers,
): Promise<void> {
  const contentType = headerValue(request, 'content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return sendError(response, 400, 'invalid_request', 'Content-Type must be multipart/form-data with a boundary', headers);
  }
  let body: Buffer;
  try {
    body = await readBody(request, MAX_UPLOAD_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return sendError(response, 413, 'payload_too_large', error.message, { ...headers, connection: 'close' });
    }
    throw error;
  }
  const form = await parseForm(contentType, body);
  if (!form) return sendError(response, 400, 'invalid_request', 'the multipart body cannot be parsed', headers);
  const name = form.get('name');
  const file = form.get('image');
  if (typeof name !== 'string') return sendError(response, 400, 'invalid_request', 'the name part is required', headers);
  if (file === null || typeof file === 'string') {
    return sendError(response, 400, 'invalid_request', 'the image part is required and must be a file', headers);
  }
  const nameLength = [...name].length;
  if (nameLength < 1 || nameLength > 30) {
    return sendError(response, 422, 'unprocessable_entity', 'name must be 1 to 30 characters', headers);
  }
  if (file.size > MAX_IMAGE_BYTES) {
    return sendError(response, 422, 'unprocessable_entity', `the image is larger than ${MAX_IMAGE_BYTES} bytes`, headers);
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  const info = sniffImage(bytes);
  if (!info) return sendError(response, 422, 'unprocessable_entity', 'the image is not a jpeg, png or webp file', headers);
  const created: NewImage = {
    id: freshId(context, principal),
    account: principal.account,
    stage: principal.stage,
    name,
    width: info.width,
    height: info.height,
    format: info.format,
    createdAt: new Date().toISOString(),
    bytes,
  };
  const stored: StoredImage = context.faults.has(IMG_FAULT.uploadNotStored)
    ? { ...created, seq: 0, published: false, deleted: false }
    : context.store.add(created);
  sendJson(response, 201, imageJson(context, stored), { ...headers, ...usageHeaders(context, principal) });
}
