import type { TransportFailure } from './exchange.ts';

const UNREACHABLE_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the target',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_RESPONSE_STATUS_CODE: 'bad status line',
  HPE_INVALID_CONSTANT: 'malformed HTTP response',
  HPE_INVALID_STATUS: 'malformed HTTP status line',
  HPE_INVALID_HEADER_TOKEN: 'malformed HTTP header',
  UND_ERR_INVALID_ARG: 'invalid request',
};

const TIMEOUT_CODES: Readonly<Record<string, string>> = {
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  UND_ERR_ABORTED: 'request aborted at the timeout',
  ABORT_ERR: 'request aborted at the timeout',
  TimeoutError: 'request timed out',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const withCode = error as { code?: unknown; name?: unknown; cause?: unknown };
  if (typeof withCode.code === 'string') return withCode.code;
  if (withCode.name === 'TimeoutError' || withCode.name === 'AbortError') return 'TimeoutError';
  return codeOf(withCode.cause);
}

/** Maps an undici/node error to a one-line failure with a stable conform code. */
export function classifyFailure(error: unknown, url: string, timeoutMs: number, beforeResponse?: boolean): TransportFailure {
  const code = codeOf(error);
  const where = safeOrigin(url);
  const detail = { ...(code ? { errorCode: code } : {}), ...(beforeResponse === undefined ? {} : { beforeResponse }) };
  if (code && code in TIMEOUT_CODES) {
    return { code: 'CONFORM_REQUEST_TIMEOUT', message: `${TIMEOUT_CODES[code]} (${timeoutMs} ms) from ${where}`, ...detail };
  }
  const reason = (code && UNREACHABLE_CODES[code]) ?? (error instanceof Error ? error.message.split('\n', 1)[0] : String(error));
  return { code: 'CONFORM_TARGET_UNREACHABLE', message: `${reason} at ${where}${code ? ` (${code})` : ''}`, ...detail };
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
