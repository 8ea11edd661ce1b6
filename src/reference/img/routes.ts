import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler, ResolvedReferenceOptions } from '../types.ts';
import { authenticate } from './auth.ts';
import { CDN_PREFIX, serveCdn } from './cdn.ts';
import type { ImgContext } from './context.ts';
import { sendError } from './errors.ts';
import { IMG_FAULT } from './faults.ts';
import { seedImages } from './fixtures.ts';
import { deleteImage, downloadImage, getImage, publishImage, unpublishImage } from './image-handlers.ts';
import { listImages } from './list.ts';
import type { ImgPrincipal } from './principals.ts';
import { ImgRateLimiter } from './rate-limit.ts';
import { ImageStore } from './store.ts';
import { uploadImage } from './upload.ts';

/** The documented operations, by the path shape they answer on. */
export type ImgRouteName = 'upload' | 'list' | 'image' | 'download' | 'publish' | 'unpublish';

/** A matched path: which route, its documented methods, and the image id when the path has one. */
export interface ImgRoute {
  readonly name: ImgRouteName;
  readonly methods: readonly string[];
  readonly imageId?: string;
}

const IMAGE_PATH = /^\/v1\/images\/([^/]+)(?:\/(download|publish|unpublish))?$/;

/** Matches a path to a documented route, or undefined (→ 404). */
export function matchRoute(pathname: string): ImgRoute | undefined {
  if (pathname === '/v1/images') return { name: 'list', methods: ['GET'] };
  if (pathname === '/v1/images/upload') return { name: 'upload', methods: ['POST'] };
  const match = IMAGE_PATH.exec(pathname);
  if (!match) return undefined;
  let imageId: string;
  try {
    imageId = decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined; // a malformed escape names no image
  }
  const action = match[2];
  if (action === 'download') return { name: 'download', methods: ['GET'], imageId };
  if (action === 'publish') return { name: 'publish', methods: ['POST'], imageId };
  if (action === 'unpublish') return { name: 'unpublish', methods: ['POST'], imageId };
  return { name: 'image', methods: ['GET', 'DELETE'], imageId };
}

type Headers = Readonly<Record<string, string>>;

async function dispatch(
  context: ImgContext,
  route: ImgRoute,
  method: string,
  principal: ImgPrincipal,
  request: IncomingMessage,
  query: URLSearchParams,
  response: ServerResponse,
  headers: Headers,
): Promise<void> {
  const id = route.imageId ?? '';
  switch (route.name) {
    case 'upload':
      return uploadImage(context, principal, request, response, headers);
    case 'list':
      return listImages(context, principal, query, response, headers);
    case 'image':
      return method === 'DELETE'
        ? deleteImage(context, principal, id, response, headers)
        : getImage(context, principal, id, response, headers);
    case 'download':
      return downloadImage(context, principal, id, response, headers);
    case 'publish':
      return publishImage(context, principal, id, response, headers);
    case 'unpublish':
      return unpublishImage(context, principal, id, response, headers);
  }
}

/** The IMG request handler over fresh in-memory state (seeded fixtures, empty quota). */
export function createImgHandler(options: ResolvedReferenceOptions): RequestHandler {
  const store = new ImageStore();
  seedImages(store, options.seedData);
  const context: ImgContext = {
    store,
    faults: options.faults,
    origin: options.origin,
    rateLimiter: new ImgRateLimiter(options.faults, options.rateWindowMs),
    uploads: 0,
  };
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://reference.invalid');
    if (url.pathname.startsWith(CDN_PREFIX)) return serveCdn(context, request, url.pathname, response);
    const route = matchRoute(url.pathname);
    if (!route) return sendError(response, 404, 'not_found', `no route for ${url.pathname}`);
    let method = request.method ?? 'GET';
    if (!route.methods.includes(method)) {
      if (context.faults.has(IMG_FAULT.putServedAsGet) && route.methods.includes('GET')) {
        method = 'GET';
      } else {
        return sendError(response, 405, 'method_not_allowed', `${method} is not allowed here`, {
          allow: route.methods.join(', '),
        });
      }
    }
    const principal = authenticate(request, context.faults);
    if (!principal) return sendError(response, 401, 'unauthorized', 'the x-api-key header is missing or not a valid key');
    const limit = context.rateLimiter.take(principal);
    if (!limit.allowed) {
      return sendError(response, 429, 'rate_limited', 'too many requests for this API key', limit.headers);
    }
    await dispatch(context, route, method, principal, request, url.searchParams, response, limit.headers);
  };
}
