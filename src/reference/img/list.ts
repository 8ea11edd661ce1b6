import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';
import type { ImgContext } from './context.ts';
import { sendError } from './errors.ts';
import { IMG_FAULT } from './faults.ts';
import { DEFAULT_TAKE, MAX_TAKE, MIN_TAKE, paginate } from './pagination.ts';
import type { ImgPrincipal } from './principals.ts';
import { imageJson } from './serialize.ts';

const IMAGE_ID = /^image_[a-z0-9]+$/;

function parseTake(context: ImgContext, raw: string | null): number | string {
  if (raw === null) return DEFAULT_TAKE;
  if (!/^-?\d{1,6}$/.test(raw)) return `take must be an integer between ${MIN_TAKE} and ${MAX_TAKE}`;
  const take = Number(raw);
  if (take < MIN_TAKE || take > MAX_TAKE) {
    if (context.faults.has(IMG_FAULT.takeOutOfRangeAccepted)) return Math.min(MAX_TAKE, Math.max(MIN_TAKE, take));
    return `take must be between ${MIN_TAKE} and ${MAX_TAKE}`;
  }
  if (context.faults.has(IMG_FAULT.rejectsTakeAbove50) && take > 50) return 'take must be at most 50';
  return take;
}

/** GET /v1/images: the caller's images, newest first, cursor-paginated by `take` and `from`. */
export function listImages(
  context: ImgContext,
  principal: ImgPrincipal,
  query: URLSearchParams,
  response: ServerResponse,
  headers: Readonly<Record<string, string>>,
): void {
  const take = parseTake(context, query.get('take'));
  if (typeof take === 'string') return sendError(response, 400, 'invalid_request', take, headers);
  if (context.faults.has(IMG_FAULT.serverErrorOnMaxTake) && take === MAX_TAKE) {
    throw new Error('page buffer overflow at take=100');
  }
  const from = query.get('from') ?? undefined;
  if (from !== undefined && !IMAGE_ID.test(from)) {
    return sendError(response, 400, 'invalid_request', 'from must be an image id', headers);
  }
  const newestFirst = context.store.list(principal.account, principal.stage);
  const ordered = context.faults.has(IMG_FAULT.oldestFirst) ? newestFirst.reverse() : newestFirst;
  const page = paginate(ordered, take, from, context.faults);
  if (!page) return sendError(response, 400, 'invalid_request', `from '${from}' is not one of your images`, headers);
  const link = (id: string | null): string | null =>
    id === null ? null : `${context.origin()}/v1/images?take=${take}&from=${id}`;
  const body = {
    data: page.items.map((image) => imageJson(context, image)),
    links: { previous: link(page.previousFrom), next: link(page.nextFrom) },
  };
  const contentType = context.faults.has(IMG_FAULT.listAsTextPlain) ? 'text/plain' : 'application/json';
  sendJson(response, 200, body, headers, contentType);
}
