/**
 * Principals: named sets of credentials, attached to a case according to the operation's security
 * requirements. Values are {@link Secret}s from the moment they are read.
 */
import { ConfigInvalidError } from '../errors.ts';
import { Secret } from '../secret.ts';
import type { Operation, SecurityScheme } from '../spec/types.ts';
import { isJsonObject } from './_internals/json.ts';

/** A caller identity: the header values (and, for apiKey-in-query/cookie schemes, query and cookie values) it sends. */
export interface Principal {
  readonly name: string;
  /** Header name (any case) → value, e.g. `X-Auth-Token` or `Authorization` (`Bearer …`). */
  readonly headers: Readonly<Record<string, Secret>>;
  readonly query?: Readonly<Record<string, Secret>>;
  readonly cookies?: Readonly<Record<string, Secret>>;
}

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

/**
 * Reads a principals file: `{"<name>": {"headers": {...}, "query"?: {...}, "cookies"?: {...}}}`; a value may be
 * `${ENV_VAR}` (or contain several), replaced from `env`. A missing variable is a config error naming it, never its value.
 */
export function parsePrincipals(text: string, env: Readonly<Record<string, string | undefined>>, source = 'principals'): Principal[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    throw new ConfigInvalidError(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isJsonObject(parsed)) throw new ConfigInvalidError(`${source}: expected an object of principals`);
  return Object.entries(parsed).map(([name, entry]) => {
    if (!isJsonObject(entry)) throw new ConfigInvalidError(`${source}: principal '${name}' must be an object`);
    const section = (key: 'headers' | 'query' | 'cookies'): Record<string, Secret> | undefined => {
      const raw = entry[key];
      if (raw === undefined) return undefined;
      if (!isJsonObject(raw)) throw new ConfigInvalidError(`${source}: principal '${name}'.${key} must be an object`);
      return Object.fromEntries(
        Object.entries(raw).map(([field, value]) => {
          if (typeof value !== 'string') throw new ConfigInvalidError(`${source}: principal '${name}'.${key}.${field} must be a string`);
          return [field, new Secret(expand(value, env, `${source}: principal '${name}'.${key}.${field}`))];
        }),
      );
    };
    return { name, headers: section('headers') ?? {}, query: section('query'), cookies: section('cookies') };
  });
}

function expand(value: string, env: Readonly<Record<string, string | undefined>>, where: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
    const found = env[variable];
    if (found === undefined) throw new ConfigInvalidError(`${where}: environment variable ${variable} is not set`);
    return found;
  });
}
