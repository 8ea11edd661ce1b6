import type { RecordedExchange } from './events.ts';

type Headers = RecordedExchange['request']['headers'];

interface HarNameValue {
  readonly name: string;
  readonly value: string;
}

function harHeaders(headers: Headers): HarNameValue[] {
  const pairs: HarNameValue[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') pairs.push({ name, value });
    else if (value) for (const item of value) pairs.push({ name, value: item });
  }
  return pairs;
}

/** Printable ASCII only: a URL the parser would take as written (conform sends percent-encoded ones). */
const PLAIN_URL = /^[\x21-\x7e]*$/;

/** The query of `url` as the URL parser splits it; a plain URL's query is split without parsing the rest. */
function harQuery(url: string): HarNameValue[] {
  let query: string;
  if (PLAIN_URL.test(url)) {
    const hash = url.indexOf('#');
    const start = url.indexOf('?');
    if (start < 0 || (hash >= 0 && hash < start)) return [];
    // With its `?`: URLSearchParams drops one leading `?`, which must not be a second one of the query.
    query = url.slice(start, hash < 0 ? undefined : hash);
  } else {
    try {
      query = new URL(url).search;
    } catch {
      return [];
    }
  }
  const pairs: HarNameValue[] = [];
  for (const [name, value] of new URLSearchParams(query)) pairs.push({ name, value });
  return pairs;
}

function headerValue(headers: Headers, name: string): string {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return typeof value === 'string' ? value : (value?.[0] ?? '');
}

/**
 * One HAR 1.2 entry; a transport failure is recorded as status 0 with the failure in `comment`, and
 * the attempts a retry replaced as `_retried`.
 */
function harEntry(operationId: string, exchange: RecordedExchange, evidenceFor?: string): unknown {
  const { request, response } = exchange;
  const isBase64 = response?.body.startsWith('base64:') ?? false;
  return {
    startedDateTime: exchange.startedAt,
    time: exchange.durationMs,
    comment: exchange.failure ? `${exchange.failure.code}: ${exchange.failure.message}` : operationId,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(request.headers),
      queryString: harQuery(request.url),
      ...(request.body === undefined
        ? {}
        : { postData: { mimeType: headerValue(request.headers, 'content-type'), text: request.body } }),
      headersSize: -1,
      bodySize: request.body === undefined ? 0 : Buffer.byteLength(request.body),
    },
    response: {
      status: response?.status ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(response?.headers ?? {}),
      content: {
        size: response?.bodyBytes ?? 0,
        mimeType: response ? headerValue(response.headers, 'content-type') : '',
        text: isBase64 ? (response?.body.slice('base64:'.length) ?? '') : (response?.body ?? ''),
        ...(isBase64 ? { encoding: 'base64' } : {}),
        ...(response?.truncated ? { comment: 'truncated' } : {}),
      },
      redirectURL: response ? headerValue(response.headers, 'location') : '',
      headersSize: -1,
      bodySize: response?.bodyBytes ?? -1,
    },
    cache: {},
    timings: { send: 0, wait: exchange.durationMs, receive: 0 },
    // HAR's custom-field convention (a leading underscore): the operation the exchange is evidence
    // for (summary.json names it too), and the retries, since a retry must not hide a flaky target.
    _operationId: operationId,
    ...(evidenceFor === undefined || evidenceFor === operationId ? {} : { _evidenceFor: evidenceFor }),
    ...(exchange.retried ? { _retried: exchange.retried } : {}),
  };
}

/**
 * The entry serialized once, where the exchange is recorded: the event log carries it as is and the
 * HAR report copies it, so an exchange is never parsed back and serialized again.
 */
export function harEntryJson(operationId: string, exchange: RecordedExchange, evidenceFor?: string): string {
  return JSON.stringify(harEntry(operationId, exchange, evidenceFor));
}
