import type { ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { sendJson } from '../http.ts';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** An HTTP error a Glance handler raises; the router renders it in the vendor's error shape. */
export class GlanceHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GlanceHttpError';
  }
}

/** 400 with an explanation. */
export const badRequest = (message: string): GlanceHttpError => new GlanceHttpError(400, message);
/** 403 with an explanation. */
export const forbidden = (message: string): GlanceHttpError => new GlanceHttpError(403, message);
/** 404 with an explanation. */
export const notFound = (message: string): GlanceHttpError => new GlanceHttpError(404, message);
/** 409 with an explanation. */
export const conflict = (message: string): GlanceHttpError => new GlanceHttpError(409, message);

/** The media types an error body comes in, as upstream's webob renders them. */
export type ErrorMediaType = 'application/json' | 'text/html' | 'text/plain';

/**
 * The error body's media type for a request's Accept, as upstream Glance picks it (webob's
 * `WSGIHTTPException`): the better of text/html and application/json that Accept allows (HTML on a
 * tie, so `*\/*` gets HTML), else text/plain, which is also what a request without Accept gets.
 */
export function errorMediaType(accept: string | undefined): ErrorMediaType {
  if (accept === undefined || accept.trim() === '') return 'text/plain';
  const preferred = new Negotiator({ headers: { accept } }).mediaType(['text/html', 'application/json']);
  return preferred === 'text/html' || preferred === 'application/json' ? preferred : 'text/plain';
}

/**
 * Writes an error in the media type the request negotiated. JSON is the vendor document's
 * `{error:{code,message,details}}` (upstream's is `{message, code:"400 Bad Request", title}`;
 * `details` carries that status line); text/plain and HTML are upstream's own renderings, so a
 * client that asks for nothing sees here what it sees on upstream.
 */
export function sendGlanceError(response: ServerResponse, error: GlanceHttpError, accept: string | undefined, headers: Readonly<Record<string, string>> = {}): void {
  const title = TITLES[error.status] ?? 'Error';
  const statusLine = `${error.status} ${title}`;
  const allHeaders = { ...headers, ...error.headers };
  const mediaType = errorMediaType(accept);
  if (mediaType === 'application/json') {
    sendJson(response, error.status, { error: { code: error.status, message: error.message, details: statusLine } }, allHeaders);
    return;
  }
  const body =
    mediaType === 'text/html'
      ? `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${escapeHtml(error.message)}<br /><br />\n\n\n\n </body>\n</html>`
      : `${statusLine}\n\n${error.message}\n\n   `;
  const payload = Buffer.from(body);
  response.writeHead(error.status, { ...allHeaders, 'content-type': `${mediaType}; charset=UTF-8`, 'content-length': String(payload.length) });
  response.end(payload);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}
