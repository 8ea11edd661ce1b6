import { Secret } from '../secret.ts';
import type { Case, WireValue } from '../generate/case.ts';
import type { Principal } from '../principals.ts';
import type { OutgoingRequest } from './exchange.ts';

function reveal(value: WireValue): string {
  return value instanceof Secret ? value.reveal() : value;
}

/** The last base URL joined, without its trailing slashes: a run joins every request to the same one. */
let lastBase: { readonly url: string; readonly trimmed: string } | undefined;

/** `http://host:1/v2` + `/images` → `http://host:1/v2/images` (the target URL carries the base path). */
export function joinUrl(baseUrl: string, path: string): string {
  if (lastBase?.url !== baseUrl) lastBase = { url: baseUrl, trimmed: baseUrl.replace(/\/+$/, '') };
  return `${lastBase.trimmed}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The wire form of a case against `baseUrl`: secrets revealed here, at the last moment before sending. */
export function toOutgoingRequest(testCase: Case, baseUrl: string): OutgoingRequest {
  // Plain loops: this runs for every request sent, and the chained map/join and entry arrays showed in profiles.
  let query = '';
  for (const [name, value] of testCase.query) query += `${query === '' ? '' : '&'}${name}=${reveal(value)}`;
  const headers: Record<string, string> = {};
  const own = testCase.headers;
  for (const name of Object.keys(own)) headers[name] = reveal(own[name] as WireValue);
  let cookie = '';
  const cookies = testCase.cookies;
  for (const name of Object.keys(cookies)) cookie += `${cookie === '' ? '' : '; '}${name}=${reveal(cookies[name] as WireValue)}`;
  if (cookie !== '') headers.cookie = cookie;
  const url = `${joinUrl(baseUrl, testCase.path)}${query ? `?${query}` : ''}`;
  return testCase.body ? { method: testCase.method, url, headers, body: testCase.body.raw } : { method: testCase.method, url, headers };
}

/** A case's fields, to be changed before it is handed on. */
type EditableCase = { -readonly [K in keyof Case]: Case[K] };

/**
 * A copy of the case with the same keys in the same order, as `{ ...testCase }` gives. Every sent case
 * is copied at least once; V8 copies a case several times faster this way than through a spread with
 * overriding keys, which leaves its fast path on the cases' few shapes.
 */
function copyOf(testCase: Case): EditableCase {
  return Object.assign({}, testCase);
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
  const own = testCase.headers;
  for (const name of Object.keys(own)) if (!replaced.has(name.toLowerCase())) headers[name] = own[name] as WireValue;
  for (const [name, value] of entries) headers[name] = value;
  const attached = copyOf(testCase);
  attached.headers = headers;
  attached.principal = principal.name;
  return attached;
}

/** The case without the named headers (compared case-insensitively). */
export function withoutHeaders(testCase: Case, names: readonly string[]): Case {
  const drop = new Set(names.map((name) => name.toLowerCase()));
  const headers = Object.fromEntries(Object.entries(testCase.headers).filter(([name]) => !drop.has(name.toLowerCase())));
  return { ...testCase, headers };
}

/** The value `--accept` takes to send no Accept header at all. */
export const NO_ACCEPT = 'none';

/**
 * The case with the user's `Accept` in place of the documented one: `accept` by operationId, else
 * its `'*'` entry; `none` removes the header. Unchanged when the user set nothing for the operation.
 */
export function withAcceptOverride(testCase: Case, accept: Readonly<Record<string, string>> | undefined): Case {
  const value = accept?.[testCase.operationId] ?? accept?.['*'];
  if (value === undefined) return testCase;
  const without = withoutHeaders(testCase, ['accept']);
  return value === NO_ACCEPT ? without : { ...without, headers: { ...without.headers, accept: value } };
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

/**
 * Path templates cut at their `{name}` placeholders (literal text at even indexes, names at odd ones):
 * every addressed case re-expands one of a document's few templates. Emptied when full, so bounded.
 */
const templates = new Map<string, readonly string[]>();
const TEMPLATE_LIMIT = 512;

function templatePieces(template: string): readonly string[] {
  const known = templates.get(template);
  if (known) return known;
  // The same matches `replace(/\{([^}]+)\}/g, ...)` makes.
  const pieces: string[] = [];
  let from = 0;
  for (const match of template.matchAll(/\{([^}]+)\}/g)) {
    pieces.push(template.slice(from, match.index), match[1] as string);
    from = match.index + match[0].length;
  }
  pieces.push(template.slice(from));
  if (templates.size >= TEMPLATE_LIMIT) templates.clear();
  templates.set(template, pieces);
  return pieces;
}

/** `template` with every parameter `pathParams` has percent-encoded in place; the others stay `{name}`. */
function expand(template: string, pathParams: Readonly<Record<string, string>>): string {
  const pieces = templatePieces(template);
  let path = pieces[0] as string;
  for (let index = 1; index < pieces.length; index += 2) {
    const param = pieces[index] as string;
    const text = pathParams[param];
    path += `${text === undefined ? `{${param}}` : encodeURIComponent(text)}${pieces[index + 1] as string}`;
  }
  return path;
}

/** The case addressed to another item: path parameter `name` set to `value` and the path re-expanded. */
export function withPathParam(testCase: Case, name: string, value: string): Case {
  return withPathParams(testCase, { [name]: value });
}

/** The case addressed to another item: each path parameter of `values` set, and the path re-expanded once. */
export function withPathParams(testCase: Case, values: Readonly<Record<string, string>>): Case {
  const pathParams = { ...testCase.pathParams, ...values };
  const addressed = copyOf(testCase);
  addressed.pathParams = pathParams;
  addressed.path = expand(testCase.pathTemplate, pathParams);
  return addressed;
}

/** The case sent with another method (the unsupported-method probe). */
export function withMethod(testCase: Case, method: Case['method']): Case {
  return { ...testCase, method };
}

