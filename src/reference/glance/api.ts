import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, headerValue, readBody, sendEmpty, sendJson } from '../http.ts';
import type { ReferenceApiDefinition, RequestHandler, ResolvedReferenceOptions } from '../types.ts';
import type { GlanceContext } from './context.ts';
import { ANONYMOUS_READER, isConfirmed, readContext } from './context.ts';
import type { GlanceEnv, GlanceReply, GlanceRequest } from './exchange.ts';
import { GLANCE_FAULT, GLANCE_FAULTS } from './faults.ts';
import { GlanceHttpError, badRequest, notFound, sendGlanceError } from './glance-error.ts';
import { ImageStore } from './image-store.ts';
import { matchRoute } from './routes.ts';
import { versionsBody } from './schemas.ts';
import { seedStore } from './seed.ts';
import { monotonicClock } from './timestamps.ts';

export { GLANCE_FAULTS, GLANCE_FAULT } from './faults.ts';
export { glanceDefaultPrincipals } from './principals.ts';

/** Largest JSON body the server reads (create, patch, members); larger is 413. */
const MAX_JSON_BYTES = 1_048_576;

/** The OpenStack Glance v2 reference server: upstream Zed behaviour under `/v2`, vendor error bodies. */
export const glanceApi: ReferenceApiDefinition = {
  name: 'glance',
  title: 'OpenStack Image service (Glance) v2',
  faults: GLANCE_FAULTS,
  createHandler: createGlanceHandler,
};

/** How long the `slow-show` fault stalls GET /v2/images/{id}. */
export const SLOW_SHOW_MS = 1_500;

function createGlanceHandler(options: ResolvedReferenceOptions): RequestHandler {
  const store = new ImageStore();
  seedStore(store, options.seedData);
  const env: GlanceEnv = { store, faults: options.faults, now: monotonicClock() };
  return async (request, response) => {
    const requestId = `req-${randomUUID()}`;
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const origin = originOf(request, options);
    try {
      const reply = await route(request, url, origin, env);
      writeReply(response, reply, { 'x-openstack-request-id': requestId });
    } catch (error: unknown) {
      if (error instanceof GlanceHttpError) return sendGlanceError(response, error, request.headers.accept, { 'x-openstack-request-id': requestId });
      if (error instanceof BodyTooLargeError) {
        return sendGlanceError(response, new GlanceHttpError(413, `Request body over ${error.limitBytes} bytes.`), request.headers.accept, {
          'x-openstack-request-id': requestId,
          connection: 'close',
        });
      }
      throw error;
    }
  };
}

async function route(request: IncomingMessage, url: URL, origin: string, env: GlanceEnv): Promise<GlanceReply> {
  const method = (request.method ?? 'GET').toUpperCase();
  // Version discovery is outside the auth pipeline upstream.
  if (url.pathname === '/' && method === 'GET') return { status: 300, json: versionsBody(origin) };
  if (url.pathname === '/versions' && method === 'GET') return { status: 200, json: versionsBody(origin) };
  const context = authenticate(request, env);
  const match = matchRoute(url.pathname);
  if (!match) throw notFound('The resource could not be found.');
  let handler = match.route.methods[method];
  // Fault: an unsupported method on an image is served like GET.
  if (!handler && method === 'PUT' && match.route.template === '/v2/images/{imageId}' && env.faults.has(GLANCE_FAULT.unsupportedMethodAsGet)) {
    handler = match.route.methods.GET;
  }
  // Fault: showing an image stalls for longer than any sensible response-time budget.
  if (handler && method === 'GET' && match.route.template === '/v2/images/{imageId}' && env.faults.has(GLANCE_FAULT.slowShow)) {
    await sleep(SLOW_SHOW_MS);
  }
  if (!handler) {
    throw new GlanceHttpError(405, 'The method specified is not allowed for this resource.', {
      allow: Object.keys(match.route.methods).join(', '),
    });
  }
  // Read once: the check below and the handler may both ask.
  let read: Promise<Buffer> | undefined;
  const body = (maxBytes = MAX_JSON_BYTES): Promise<Buffer> => (read ??= readBody(request, maxBytes));
  // Upstream's deserializer refuses a body on calls that take none (GET, DELETE, the actions), before
  // it looks anything up: 400 even for an unknown image. Fault: the body is ignored.
  const takesNoBody = method === 'GET' || method === 'DELETE' || match.route.template.includes('/actions/');
  if (takesNoBody && !env.faults.has(GLANCE_FAULT.bodyIgnored) && (await body()).length > 0) throw badRequest('This operation does not take a request body.');
  const glanceRequest: GlanceRequest = {
    context,
    params: match.params,
    query: url.searchParams,
    origin,
    mediaType: (headerValue(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
    body,
  };
  return handler(glanceRequest, env);
}

/** 401 unless keystonemiddleware would have confirmed the identity. */
function authenticate(request: IncomingMessage, env: GlanceEnv): GlanceContext {
  if (isConfirmed(request)) return readContext(request);
  // Fault: the missing identity is ignored.
  if (env.faults.has(GLANCE_FAULT.noIdentityAccepted)) {
    const context = readContext(request);
    return context.roles.size > 0 ? context : ANONYMOUS_READER;
  }
  throw new GlanceHttpError(401, 'This server could not verify that you are authorized to access the document you requested.', {
    'www-authenticate': 'Keystone realm="glance"',
  });
}

function originOf(request: IncomingMessage, options: ResolvedReferenceOptions): string {
  const host = headerValue(request, 'host');
  return host ? `http://${host}` : options.origin();
}

function writeReply(response: ServerResponse, reply: GlanceReply, headers: Readonly<Record<string, string>>): void {
  const allHeaders = { ...reply.headers, ...headers };
  if (reply.raw !== undefined) {
    response.writeHead(reply.status, {
      ...allHeaders,
      'content-type': reply.contentType ?? 'application/octet-stream',
      'content-length': String(reply.raw.length),
    });
    response.end(reply.raw);
  } else if (reply.json !== undefined) {
    sendJson(response, reply.status, reply.json, allHeaders, reply.contentType ?? 'application/json');
  } else {
    sendEmpty(response, reply.status, allHeaders);
  }
}
