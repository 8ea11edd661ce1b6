/**
 * Principals: named sets of credentials, attached to a case according to the operation's security
 * requirements. Values are {@link Secret}s from the moment they are read.
 */
import { Secret } from '../secret.ts';
import type { Principal } from '../principals.ts';
import type { Operation, SecurityScheme } from '../openapi/types.ts';

export type { Principal } from '../principals.ts';

/** What a principal adds to one request. */
export interface Credentials {
  readonly headers: Record<string, Secret>;
  readonly query: [string, Secret][];
  readonly cookies: Record<string, Secret>;
}

/**
 * The credentials `principal` sends to `operation`: the first security alternative it can satisfy in full
 * (or, failing that, whatever it has for the first alternative). `security: []` or an empty alternative gets none.
 */
export function credentialsFor(operation: Pick<Operation, 'security'>, schemes: readonly SecurityScheme[], principal: Principal): Credentials {
  const none: Credentials = { headers: {}, query: [], cookies: {} };
  if (operation.security.length === 0) return none;
  const attempts = operation.security.map((requirement) => attach(Object.keys(requirement), schemes, principal));
  if (operation.security.some((requirement) => Object.keys(requirement).length === 0) && !attempts.some((a) => a.complete && a.used)) return none;
  return (attempts.find((attempt) => attempt.complete && attempt.used) ?? attempts[0] ?? { credentials: none }).credentials;
}

function attach(names: string[], schemes: readonly SecurityScheme[], principal: Principal): { credentials: Credentials; complete: boolean; used: boolean } {
  const credentials: Credentials = { headers: {}, query: [], cookies: {} };
  let complete = true;
  let used = false;
  for (const name of names) {
    const scheme = schemes.find((s) => s.key === name);
    const found = scheme ? apply(scheme, principal, credentials) : false;
    complete &&= found;
    used ||= found;
  }
  return { credentials, complete, used };
}

function apply(scheme: SecurityScheme, principal: Principal, out: Credentials): boolean {
  if (scheme.type === 'apiKey' && scheme.paramName) {
    const name = scheme.paramName;
    if (scheme.in === 'query') {
      const value = lookup(principal.query, name) ?? lookup(principal.headers, name);
      if (value) out.query.push([encodeURIComponent(name), new Secret(encodeURIComponent(value.reveal()))]);
      return value !== undefined;
    }
    if (scheme.in === 'cookie') {
      const value = lookup(principal.cookies, name) ?? lookup(principal.headers, name);
      if (value) out.cookies[name] = value;
      return value !== undefined;
    }
    const value = lookup(principal.headers, name);
    if (value) out.headers[name] = value;
    return value !== undefined;
  }
  if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
    const value = lookup(principal.headers, 'authorization');
    if (!value) return false;
    const text = value.reveal();
    const prefix = scheme.type === 'http' && scheme.scheme === 'basic' ? 'Basic' : 'Bearer';
    // A bare token in the principals file gets its scheme word; a full header value is sent as written.
    out.headers.Authorization = /^\S+\s+\S/.test(text) ? value : new Secret(`${prefix} ${text}`);
    return true;
  }
  return false;
}

function lookup(map: Readonly<Record<string, Secret>> | undefined, name: string): Secret | undefined {
  if (!map) return undefined;
  const lower = name.toLowerCase();
  const key = Object.keys(map).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : map[key];
}
