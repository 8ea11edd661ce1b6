import { BodyTooLargeError, headerValue, readBody } from '../http.ts';
import type { RequestHandler, ResolvedReferenceOptions } from '../types.ts';
import { GISTS_FAULT } from './faults.ts';
import { createGist, deleteGist, getGist, listGists, listPublicGists, listUserGists, sendError, updateGist, type GistsContext } from './handlers.ts';
import { GistsQuota } from './quota.ts';
import { GistStore } from './store.ts';
import { userOf } from './users.ts';

/** GitHub's authenticated quota: 5000 requests an hour per token. */
export const GISTS_RATE_LIMIT = 5000;
/** The limit of a window a test shortened. */
const SHORT_WINDOW_LIMIT = 30;
const HOUR_MS = 3_600_000;

const GIST_PATH = /^\/gists\/([^/]+)$/;
const USER_GISTS_PATH = /^\/users\/([^/]+)\/gists$/;

/** The documented methods of a path, or undefined when no route matches. */
function methodsOf(pathname: string): readonly string[] | undefined {
  if (pathname === '/gists') return ['GET', 'POST'];
  if (pathname === '/gists/public') return ['GET'];
  if (GIST_PATH.test(pathname)) return ['GET', 'PATCH', 'DELETE'];
  if (USER_GISTS_PATH.test(pathname)) return ['GET'];
  return undefined;
}

function decoded(segment: string | undefined): string | undefined {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return undefined;
  }
}

async function jsonBody(request: Parameters<RequestHandler>[0]): Promise<{ value: unknown } | 'malformed'> {
  const raw = (await readBody(request)).toString('utf8');
  if (raw.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return 'malformed';
  }
}

/**
 * The gists reference handler: GitHub's gists as its REST description documents them, over fresh
 * in-memory state. A quota window shortened by a test (`rateWindowMs`) comes with a limit of 30 so
 * the rate-limit suite can reach it; otherwise GitHub's 5000 an hour.
 */
export function createGistsHandler(options: ResolvedReferenceOptions): RequestHandler {
  const context: GistsContext = { store: new GistStore(), faults: options.faults, origin: options.origin, unreadable: new Set(), unlisted: new Set(), ghosts: new Map() };
  const quota = new GistsQuota({
    limit: options.rateWindowMs === undefined ? GISTS_RATE_LIMIT : SHORT_WINDOW_LIMIT,
    windowMs: options.rateWindowMs ?? HOUR_MS,
    notEnforced: options.faults.has(GISTS_FAULT.notEnforced),
    remainingNeverDecreases: options.faults.has(GISTS_FAULT.remainingNeverDecreases),
    sharedAcrossTokens: options.faults.has(GISTS_FAULT.sharedAcrossTokens),
  });
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://reference.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    const methods = methodsOf(path);
    if (!methods) return sendError(response, 404, 'Not Found');
    const method = request.method ?? 'GET';
    if (!methods.includes(method)) return sendError(response, 405, `${method} is not allowed here`, { allow: methods.join(', ') });
    const found = userOf(headerValue(request, 'authorization'));
    // A token nobody has is read as no token: reads of public data answer, changes are refused.
    const user = found ?? null;
    const limited = quota.take(user ? `token:${user.login}` : `address:${request.socket.remoteAddress ?? ''}`);
    if (limited.over) return sendError(response, 429, 'API rate limit exceeded', limited.headers);
    const headers = limited.headers;
    if (path === '/gists' && method === 'GET') return listGists(context, user, url.searchParams, response, headers);
    if (path === '/gists/public') return listPublicGists(context, url.searchParams, response, headers);
    const userPath = USER_GISTS_PATH.exec(path);
    if (userPath) return listUserGists(context, user, decoded(userPath[1]) ?? '', url.searchParams, response, headers);
    let body: { value: unknown } | 'malformed' = { value: undefined };
    if (method === 'POST' || method === 'PATCH') {
      try {
        body = await jsonBody(request);
      } catch (error: unknown) {
        if (error instanceof BodyTooLargeError) return sendError(response, 422, 'Body too large', headers);
        throw error;
      }
      if (body === 'malformed') return sendError(response, 422, 'Problems parsing JSON', headers);
    }
    if (path === '/gists') return createGist(context, user, body.value, response, headers);
    const id = decoded(GIST_PATH.exec(path)?.[1]);
    if (id === undefined) return sendError(response, 404, 'Not Found', headers);
    if (method === 'GET') return getGist(context, user, id, response, headers);
    // The body is required, and may be JSON null (its schema is nullable): no change.
    if (method === 'PATCH') return body.value === undefined ? sendError(response, 422, 'Requires a body', headers) : updateGist(context, user, id, body.value, response, headers);
    return deleteGist(context, user, id, response, headers);
  };
}
