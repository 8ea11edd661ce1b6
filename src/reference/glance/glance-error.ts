import type { ServerResponse } from 'node:http';
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

/**
 * Writes the vendor document's `{error:{code,message,details}}` body. Upstream Glance answers HTML
 * or `{message, code:"400 Bad Request", title}`; `details` carries that upstream status line.
 */
export function sendGlanceError(response: ServerResponse, error: GlanceHttpError, headers: Readonly<Record<string, string>> = {}): void {
  const title = TITLES[error.status] ?? 'Error';
  sendJson(response, error.status, { error: { code: error.status, message: error.message, details: `${error.status} ${title}` } }, {
    ...headers,
    ...error.headers,
  });
}
