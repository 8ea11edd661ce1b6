import { Secret } from '../secret.ts';
import type { Case, WireValue } from '../generate/case.ts';
import type { Principal } from '../principals.ts';
import type { OutgoingRequest } from '../transport/exchange.ts';

function reveal(value: WireValue): string {
  return value instanceof Secret ? value.reveal() : value;
}

/** `http://host:1/v2` + `/images` → `http://host:1/v2/images` (the target URL carries the base path). */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The wire form of a case against `baseUrl`: secrets revealed here, at the last moment before sending. */
export function toOutgoingRequest(testCase: Case, baseUrl: string): OutgoingRequest {
  const query = testCase.query.map(([name, value]) => `${name}=${reveal(value)}`).join('&');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(testCase.headers)) headers[name] = reveal(value);
  const cookies = Object.entries(testCase.cookies).map(([name, value]) => `${name}=${reveal(value)}`);
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  return {
    method: testCase.method,
    url: `${joinUrl(baseUrl, testCase.path)}${query ? `?${query}` : ''}`,
    headers,
    ...(testCase.body ? { body: testCase.body.raw } : {}),
  };
}

/**
 * A principal's headers as attached: of names equal but for case, the last one, in its place. With
 * the lower-cased names they replace. Worked out once per principal, not on every request.
 */
const attachedHeaders = new WeakMap<Principal, { readonly entries: readonly (readonly [string, WireValue])[]; readonly replaced: ReadonlySet<string> }>();

function headersOf(principal: Principal): { readonly entries: readonly (readonly [string, WireValue])[]; readonly replaced: ReadonlySet<string> } {
  const known = attachedHeaders.get(principal);
  if (known) return known;
  const all = Object.entries(principal.headers);
  const lower = all.map(([name]) => name.toLowerCase());
  const entries = all.filter((_, index) => !lower.includes(lower[index] as string, index + 1));
  const attached = { entries, replaced: new Set(lower) };
  attachedHeaders.set(principal, attached);
  return attached;
}

/** The case with every header of `principal` attached (identity headers included, not only the scheme's). */
export function withPrincipal(testCase: Case, principal: Principal | undefined): Case {
  if (!principal) return testCase;
  const { entries, replaced } = headersOf(principal);
  // The case's own headers a principal header names (in any case) give way to it; the rest keep their order.
  const headers: Record<string, WireValue> = {};
  for (const [name, value] of Object.entries(testCase.headers)) if (!replaced.has(name.toLowerCase())) headers[name] = value;
  for (const [name, value] of entries) headers[name] = value;
  return { ...testCase, headers, principal: principal.name };
}

/** The case without the named headers (compared case-insensitively). */
export function withoutHeaders(testCase: Case, names: readonly string[]): Case {
  const drop = new Set(names.map((name) => name.toLowerCase()));
  const headers = Object.fromEntries(Object.entries(testCase.headers).filter(([name]) => !drop.has(name.toLowerCase())));
  return { ...testCase, headers };
}

/** The case with the named headers set to a value no server can accept as a credential. */
export function withInvalidHeaders(testCase: Case, names: readonly string[]): Case {
  const replace = new Set(names.map((name) => name.toLowerCase()));
  const headers: Record<string, WireValue> = {};
  for (const [name, value] of Object.entries(testCase.headers)) {
    headers[name] = replace.has(name.toLowerCase()) ? invalidCredential(name, reveal(value)) : value;
  }
  return { ...testCase, headers };
}

function invalidCredential(name: string, value: string): string {
  if (/^bearer\s/i.test(value)) return 'Bearer conform-invalid-credential';
  if (/^basic\s/i.test(value)) return `Basic ${Buffer.from('conform:invalid').toString('base64')}`;
  return name.toLowerCase() === 'x-identity-status' ? 'Invalid' : 'conform-invalid-credential';
}

/** The case addressed to another item: path parameter `name` set to `value` and the path re-expanded. */
export function withPathParam(testCase: Case, name: string, value: string): Case {
  const pathParams = { ...testCase.pathParams, [name]: value };
  const path = testCase.pathTemplate.replace(/\{([^}]+)\}/g, (whole, param: string) => {
    const text = pathParams[param];
    return text === undefined ? whole : encodeURIComponent(text);
  });
  return { ...testCase, pathParams, path };
}

/** The case sent with another method (the unsupported-method probe). */
export function withMethod(testCase: Case, method: Case['method']): Case {
  return { ...testCase, method };
}

/**
 * The case with every optional parameter left out: the request most likely to be accepted, which
 * the probes start from (a vendor's document often under-constrains optional filters).
 */
export function withOnlyRequired(testCase: Case, optional: ReadonlyArray<{ readonly name: string; readonly in: string }>): Case {
  const optionalQuery = new Set(optional.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
  const optionalHeaders = new Set(optional.filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name.toLowerCase()));
  const optionalCookies = new Set(optional.filter((parameter) => parameter.in === 'cookie').map((parameter) => parameter.name));
  const baseName = (encoded: string): string => {
    const name = decodeURIComponent(encoded);
    const bracket = name.indexOf('[');
    return bracket > 0 ? name.slice(0, bracket) : name;
  };
  return {
    ...testCase,
    query: testCase.query.filter(([name]) => !optionalQuery.has(baseName(name))),
    headers: Object.fromEntries(Object.entries(testCase.headers).filter(([name]) => !optionalHeaders.has(name.toLowerCase()))),
    cookies: Object.fromEntries(Object.entries(testCase.cookies).filter(([name]) => !optionalCookies.has(name))),
  };
}
