import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

/** The `error` codes of the spec's Error schema. */
export type ImgErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unprocessable_entity'
  | 'rate_limited'
  | 'internal_error';

/** Sends the spec's Error body `{ error, message }`. */
export function sendError(
  response: ServerResponse,
  status: number,
  error: ImgErrorCode,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, status, { error, message }, headers);
}
