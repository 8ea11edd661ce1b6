import type { Redactor } from '../redact.ts';
import { responseText, type Exchange } from '../transport/exchange.ts';
import type { RecordedExchange } from './events.ts';

/** Bodies kept in reports; the HAR and summary never hold more of one response than this. */
export const DEFAULT_RECORDED_BODY_BYTES = 64 * 1024;

function bodyText(body: Uint8Array, maxBytes: number): { text: string; cut: boolean } {
  const slice = body.byteLength > maxBytes ? body.subarray(0, maxBytes) : body;
  const text = Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString('utf8');
  // U+FFFD means the bytes were not UTF-8: keep them exactly, as base64.
  if (text.includes('\uFFFD')) return { text: `base64:${Buffer.from(slice).toString('base64')}`, cut: slice !== body };
  return { text, cut: slice !== body };
}

/** The exchange as reports may hold it: credentials redacted, bodies capped at `maxBodyBytes`. */
export function recordExchange(exchange: Exchange, redactor: Redactor, maxBodyBytes = DEFAULT_RECORDED_BODY_BYTES): RecordedExchange {
  const { request, response } = exchange;
  const requestBody =
    request.body === undefined
      ? undefined
      : redactor.text(typeof request.body === 'string' ? request.body : bodyText(request.body, maxBodyBytes).text);
  const recordedResponse = response
    ? (() => {
        // A whole body is decoded once for the record, the harvest and the checks.
        const whole = response.body.byteLength > maxBodyBytes ? undefined : responseText(response);
        const { text, cut } = whole === undefined || whole.includes('\uFFFD') ? bodyText(response.body, maxBodyBytes) : { text: whole, cut: false };
        return {
          status: response.status,
          headers: redactor.headers(response.headers),
          body: redactor.text(text),
          bodyBytes: response.body.byteLength,
          truncated: response.truncated || cut,
        };
      })()
    : undefined;
  return {
    request: {
      method: request.method,
      url: redactor.text(request.url),
      headers: redactor.headers(request.headers),
      ...(requestBody === undefined ? {} : { body: requestBody }),
    },
    ...(recordedResponse ? { response: recordedResponse } : {}),
    ...(exchange.failure ? { failure: exchange.failure } : {}),
    startedAt: exchange.startedAt,
    durationMs: Math.round(exchange.durationMs * 1000) / 1000,
    ...(exchange.retried ? { retried: exchange.retried } : {}),
  };
}
