import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';
import { PRIME_FAULT } from './faults.ts';
import type { PrimeFaults } from './faults.ts';

/** One entry of the spec's `ErrorResponse.errors`. */
export interface ErrorDetail {
  readonly param: string;
  readonly details: string;
}

/** Writes an `ErrorResponse` body: `{ errors: [{ param, details }, ...] }`. */
export function sendErrors(
  response: ServerResponse,
  status: number,
  errors: readonly ErrorDetail[],
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, status, { errors }, headers);
}

/** Writes an `ErrorResponse` with a single entry. */
export function sendError(
  response: ServerResponse,
  status: number,
  param: string,
  details: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendErrors(response, status, [{ param, details }], headers);
}

/** Writes a 200 JSON body, the one place the content-type fault bites. */
export function sendOk(
  response: ServerResponse,
  body: unknown,
  headers: Readonly<Record<string, string>>,
  faults: PrimeFaults,
): void {
  const contentType = faults.has(PRIME_FAULT.textPlain) ? 'text/plain; charset=utf-8' : 'application/json';
  sendJson(response, 200, body, headers, contentType);
}
