import { readFile } from 'node:fs/promises';
import { ConfigInvalidError } from './errors.ts';
import { Secret } from './secret.ts';

/**
 * Who a request acts as: a name the suites use (`owner`, `other`, `admin`, `teammate`) and the
 * headers that carry its identity. Every value is a {@link Secret} object (none prints by accident);
 * the sensitive ones (see {@link isSensitiveValue}) are also hidden wherever they appear in reports,
 * logs and curl lines, the others (a project id, a role list) stay readable, so a curl line replays.
 */
export interface Principal {
  readonly name: string;
  readonly headers: Readonly<Record<string, Secret>>;
  /** For apiKey schemes `in: query` / `in: cookie`: the key by its parameter name. */
  readonly query?: Readonly<Record<string, Secret>>;
  readonly cookies?: Readonly<Record<string, Secret>>;
}

/** Principals by name. */
export type Principals = ReadonlyMap<string, Principal>;

/**
 * The JSON form: `{"<name>": {"headers": {"Header": "value or ${ENV}"}, "query"?: {...}, "cookies"?: {...},
 * "secret"?: ["Header", ...]}}`; `secret` marks more values sensitive than the rules do.
 */
export type PrincipalsInput = Readonly<
  Record<
    string,
    {
      readonly headers: Readonly<Record<string, string>>;
      readonly query?: Readonly<Record<string, string>>;
      readonly cookies?: Readonly<Record<string, string>>;
      readonly secret?: readonly string[];
    }
  >
>;

/** Names whose values are credentials: whatever their value, they are hidden. */
const SENSITIVE_NAME = /authorization|cookie|token|secret|password|passwd|credential|session|api[-_]?key|^key$|[-_]key$|signature/i;

/**
 * Whether a principal's value is a credential to hide from every output: it came from the
 * environment (`${ENV}`, where CI keeps its secrets), travels as a cookie, is named like a
 * credential (Authorization, X-Auth-Token, x-api-key, ...), or the principals file lists it under
 * `secret`. Identity that is not a credential (Glance's X-Project-Id, X-Roles) stays readable.
 */
export function isSensitiveValue(section: 'headers' | 'query' | 'cookies', name: string, raw: string, markedSecret: ReadonlySet<string>): boolean {
  return section === 'cookies' || /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(raw) || SENSITIVE_NAME.test(name) || markedSecret.has(name.toLowerCase());
}

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` with the environment's value. A missing variable is an error that names the
 * variable, never a value.
 */
export function substituteEnv(text: string, env: Readonly<Record<string, string | undefined>>, where: string): string {
  return text.replace(ENV_REFERENCE, (_match, name: string) => {
    const value = env[name];
    if (value === undefined) throw new ConfigInvalidError(`${where}: environment variable ${name} is not set`);
    return value;
  });
}

/** Validates the JSON form and wraps every header value as a secret. */
export function parsePrincipals(
  input: unknown,
  source: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Principals {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigInvalidError(`${source}: principals must be an object of {"<name>": {"headers": {...}}}`);
  }
  const principals = new Map<string, Principal>();
  for (const [name, entry] of Object.entries(input as Record<string, unknown>)) {
    const fields = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    if (typeof fields.headers !== 'object' || fields.headers === null || Array.isArray(fields.headers)) {
      throw new ConfigInvalidError(`${source}: principal '${name}' needs a "headers" object`);
    }
    const marked = fields.secret;
    if (marked !== undefined && (!Array.isArray(marked) || marked.some((item) => typeof item !== 'string'))) {
      throw new ConfigInvalidError(`${source}: principal '${name}' "secret" must be a list of header, query or cookie names`);
    }
    const markedSecret = new Set((marked ?? []).map((item) => item.toLowerCase()));
    const section = (key: 'headers' | 'query' | 'cookies', label: string): Record<string, Secret> | undefined => {
      const raw = fields[key];
      if (raw === undefined) return undefined;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigInvalidError(`${source}: principal '${name}' "${key}" must be an object`);
      const secrets: Record<string, Secret> = {};
      for (const [field, value] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof value !== 'string') throw new ConfigInvalidError(`${source}: principal '${name}' ${label} '${field}' must be a string`);
        secrets[field] = new Secret(substituteEnv(value, env, `${source}: principal '${name}' ${label} '${field}'`), { sensitive: isSensitiveValue(key, field, value, markedSecret) });
      }
      return secrets;
    };
    const query = section('query', 'query parameter');
    const cookies = section('cookies', 'cookie');
    principals.set(name, { name, headers: section('headers', 'header') ?? {}, ...(query ? { query } : {}), ...(cookies ? { cookies } : {}) });
  }
  return principals;
}

/** Reads a principals JSON file. */
export async function loadPrincipalsFile(
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Principals> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new ConfigInvalidError(`${path}: cannot read principals file (${code})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    throw new ConfigInvalidError(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parsePrincipals(parsed, path, env);
}

/** Every sensitive value of the principals, for the {@link Redactor}. */
export function principalSecrets(principals: Principals): string[] {
  return [...principals.values()].flatMap((principal) =>
    [principal.headers, principal.query ?? {}, principal.cookies ?? {}].flatMap((values) =>
      Object.values(values)
        .filter((secret) => secret.sensitive)
        .map((secret) => secret.reveal()),
    ),
  );
}

/** Back to the JSON form with real values, for handing to a worker process (never to a report). */
export function revealPrincipals(principals: Principals): PrincipalsInput {
  const reveal = (values: Readonly<Record<string, Secret>>): Record<string, string> =>
    Object.fromEntries(Object.entries(values).map(([name, secret]) => [name, secret.reveal()]));
  const out: Record<string, { headers: Record<string, string>; query?: Record<string, string>; cookies?: Record<string, string>; secret?: string[] }> = {};
  for (const principal of principals.values()) {
    // Which values are sensitive travels with them: a value that came from ${ENV} is a plain string now.
    const sensitive = [principal.headers, principal.query ?? {}, principal.cookies ?? {}].flatMap((values) =>
      Object.entries(values)
        .filter(([, secret]) => secret.sensitive)
        .map(([name]) => name),
    );
    out[principal.name] = {
      headers: reveal(principal.headers),
      ...(principal.query ? { query: reveal(principal.query) } : {}),
      ...(principal.cookies ? { cookies: reveal(principal.cookies) } : {}),
      ...(sensitive.length > 0 ? { secret: sensitive } : {}),
    };
  }
  return out;
}
