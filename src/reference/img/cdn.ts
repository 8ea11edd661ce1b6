import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ImgContext } from './context.ts';
import { sendError } from './errors.ts';
import { mediaTypeOf } from './image-bytes.ts';

/** The CDN path prefix; its URLs need no API key. */
export const CDN_PREFIX = '/cdn/';

/** GET /cdn/<account>/<id>.<format>: the published image, to anyone; 404 once unpublished or deleted. */
export function serveCdn(context: ImgContext, request: IncomingMessage, pathname: string, response: ServerResponse): void {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    return sendError(response, 405, 'method_not_allowed', `${method} is not allowed on the CDN`, { allow: 'GET, HEAD' });
  }
  const image = context.store.cdnGet(pathname);
  if (!image) return sendError(response, 404, 'not_found', 'nothing is published at this URL');
  response.writeHead(200, {
    'content-type': mediaTypeOf(image.format),
    'content-length': String(image.bytes.length),
    'cache-control': 'public, max-age=0, must-revalidate',
  });
  response.end(method === 'HEAD' ? undefined : image.bytes);
}
