import type { ServerResponse } from 'node:http';
import { sendEmpty, sendJson } from '../http.ts';
import type { ImgContext } from './context.ts';
import { sendError } from './errors.ts';
import { IMG_FAULT } from './faults.ts';
import { mediaTypeOf } from './image-bytes.ts';
import type { ImgPrincipal } from './principals.ts';
import { imageJson } from './serialize.ts';
import type { StoredImage } from './store.ts';

type Headers = Readonly<Record<string, string>>;

/** 404 for an id the caller cannot see: unknown, deleted, or another account's or stage's. */
function sendNotFound(context: ImgContext, response: ServerResponse, id: string, headers: Headers): void {
  const status = context.faults.has(IMG_FAULT.unknownImage403) && !context.store.exists(id) ? 403 : 404;
  sendError(response, status, 'not_found', `no image '${id}'`, headers);
}

/** The billing header the docs describe for 201 responses to live keys. */
export function usageHeaders(context: ImgContext, principal: ImgPrincipal): Record<string, string> {
  if (principal.stage !== 'live') return {};
  return { 'x-image-processing-usage': context.faults.has(IMG_FAULT.usageHeaderNotInteger) ? 'one' : '1' };
}

function ownImage(context: ImgContext, principal: ImgPrincipal, id: string): StoredImage | undefined {
  return context.store.find(principal.account, principal.stage, id);
}

/** GET /v1/images/{image_id}. */
export function getImage(context: ImgContext, principal: ImgPrincipal, id: string, response: ServerResponse, headers: Headers): void {
  let image: StoredImage | undefined;
  if (context.faults.has(IMG_FAULT.otherAccountCanRead)) image = context.store.findAnyAccount(id);
  else if (context.faults.has(IMG_FAULT.deletedStillServed)) image = context.store.findIncludingDeleted(principal.account, principal.stage, id);
  else image = ownImage(context, principal, id);
  if (!image) return sendNotFound(context, response, id, headers);
  sendJson(response, 200, imageJson(context, image), headers);
}

/** DELETE /v1/images/{image_id} (conform's extension): the image and its CDN copy go away. */
export function deleteImage(context: ImgContext, principal: ImgPrincipal, id: string, response: ServerResponse, headers: Headers): void {
  const image = ownImage(context, principal, id);
  if (!image) return sendNotFound(context, response, id, headers);
  context.store.delete(image);
  context.store.cdnRemove(image);
  sendEmpty(response, 204, headers);
}

/** GET /v1/images/{image_id}/download: the bytes, authenticated, published or not. */
export function downloadImage(context: ImgContext, principal: ImgPrincipal, id: string, response: ServerResponse, headers: Headers): void {
  const image = ownImage(context, principal, id);
  if (!image) return sendNotFound(context, response, id, headers);
  response.writeHead(200, {
    ...headers,
    'content-type': mediaTypeOf(image.format),
    'content-length': String(image.bytes.length),
  });
  response.end(image.bytes);
}

/** POST /v1/images/{image_id}/publish: on the CDN, `url` set, 201. */
export function publishImage(context: ImgContext, principal: ImgPrincipal, id: string, response: ServerResponse, headers: Headers): void {
  const image = ownImage(context, principal, id);
  if (!image) return sendNotFound(context, response, id, headers);
  if (!context.faults.has(IMG_FAULT.publishLeavesUrlNull)) {
    image.published = true;
    context.store.cdnPut(image);
  }
  const status = context.faults.has(IMG_FAULT.publishReturns200) ? 200 : 201;
  sendJson(response, status, imageJson(context, image), { ...headers, ...usageHeaders(context, principal) });
}

/** POST /v1/images/{image_id}/unpublish: off the CDN, `url` null, 201. */
export function unpublishImage(context: ImgContext, principal: ImgPrincipal, id: string, response: ServerResponse, headers: Headers): void {
  const image = ownImage(context, principal, id);
  if (!image) return sendNotFound(context, response, id, headers);
  image.published = false;
  if (!context.faults.has(IMG_FAULT.unpublishKeepsCdn)) context.store.cdnRemove(image);
  const status = context.faults.has(IMG_FAULT.publishReturns200) ? 200 : 201;
  sendJson(response, status, imageJson(context, image), { ...headers, ...usageHeaders(context, principal) });
}
