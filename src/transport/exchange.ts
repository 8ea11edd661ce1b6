/** What the transport sends: everything already serialized, so what was sent is exactly what is recorded. */
export interface OutgoingRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Absolute URL, query included. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface ReceivedResponse {
  readonly status: number;
  /** Header names lower-cased; repeated headers keep every value. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** The body as received, at most `maxBodyBytes` of it. */
  readonly body: Buffer;
  /** True when the target sent more than `maxBodyBytes`; the rest was not read. */
  readonly truncated: boolean;
}

/** Why no (complete) response arrived. `code` is one of conform's stable error codes. */
export interface TransportFailure {
  readonly code: 'CONFORM_TARGET_UNREACHABLE' | 'CONFORM_REQUEST_TIMEOUT';
  /** One line, e.g. `connection refused by 127.0.0.1:9` or `no response headers within 5000 ms`. */
  readonly message: string;
  /** The underlying error code (`ECONNRESET`, `UND_ERR_SOCKET`, ...), when there was one. */
  readonly errorCode?: string;
  /** True when the failure came before any byte of a response: the target cannot have answered. */
  readonly beforeResponse?: boolean;
}

/** An attempt that was sent again (a connection reset, a 503 with Retry-After): kept so a retry never hides a flaky target. */
export interface RetriedAttempt {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly status?: number;
  readonly failure?: TransportFailure;
}

/** One request and what came back: the unit every check reads. */
export interface Exchange {
  readonly request: OutgoingRequest;
  /** Absent when the transport failed before a status line arrived. */
  readonly response?: ReceivedResponse;
  readonly failure?: TransportFailure;
  /** ISO timestamp of the send. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** Earlier attempts of this same request that were retried, oldest first; absent when sent once. */
  readonly retried?: readonly RetriedAttempt[];
}

/** A response header's first value, by case-insensitive name. */
export function responseHeader(response: ReceivedResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : value?.[0];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const decoded = new WeakMap<ReceivedResponse, string | null>();
const parsed = new WeakMap<ReceivedResponse, { readonly value: unknown } | { readonly error: unknown }>();

/**
 * The body as UTF-8 text, or undefined when it is not UTF-8 (never U+FFFD in place of bad bytes).
 * Decoded once per response: the harvest and several checks read the same body.
 */
export function responseText(response: ReceivedResponse): string | undefined {
  let text = decoded.get(response);
  if (text === undefined) {
    try {
      text = UTF8.decode(response.body);
    } catch {
      text = null;
    }
    decoded.set(response, text);
  }
  return text ?? undefined;
}

/**
 * `JSON.parse` of the UTF-8 body, parsed once per response; the value is shared, so readers must not
 * mutate it. Undefined when the body is not UTF-8.
 */
export function responseJson(response: ReceivedResponse): { readonly value: unknown } | { readonly error: unknown } | undefined {
  const known = parsed.get(response);
  if (known) return known;
  const text = responseText(response);
  if (text === undefined) return undefined;
  let result: { readonly value: unknown } | { readonly error: unknown };
  try {
    result = { value: JSON.parse(text) as unknown };
  } catch (error: unknown) {
    result = { error };
  }
  parsed.set(response, result);
  return result;
}

/**
 * The body's JSON value, undefined when it does not parse. A UTF-8 body shares {@link responseJson}'s
 * parse with the checks; other bytes are read leniently (U+FFFD in place of bad ones), since a value
 * next to a bad byte is still a value the target returned: what the harvest and the resource pools want.
 */
export function lenientJsonBody(response: ReceivedResponse): unknown {
  if (responseText(response) !== undefined) {
    const result = responseJson(response);
    return result && 'value' in result ? result.value : undefined;
  }
  try {
    return JSON.parse(response.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
