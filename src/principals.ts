import { readFile } from 'node:fs/promises';
import { ConfigInvalidError } from './errors.ts';
import { Secret } from './secret.ts';

/**
 * Who a request acts as: a name the suites use (`owner`, `other`, `admin`, `teammate`) and the
 * headers that carry its identity. Every header value is a {@link Secret}: identity headers are
 * credentials or as good as credentials (Glance's trusted headers), so none ever prints.
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

/** The JSON form: `{"<name>": {"headers": {"Header": "value or ${ENV}"}, "query"?: {...}, "cookies"?: {...}}}`. */
export type PrincipalsInput = Readonly<
  Record<
    string,
    {
      readonly headers: Readonly<Record<string, string>>;
      readonly query?: Readonly<Record<string, string>>;
      readonly cookies?: Readonly<Record<string, string>>;
    }
  >
>;

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
    const section = (key: 'headers' | 'query' | 'cookies', label: string): Record<string, Secret> | undefined => {
      const raw = fields[key];
      if (raw === undefined) return undefined;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigInvalidError(`${source}: principal '${name}' "${key}" must be an object`);
      const secrets: Record<string, Secret> = {};
      for (const [field, value] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof value !== 'string') throw new ConfigInvalidError(`${source}: principal '${name}' ${label} '${field}' must be a string`);
        secrets[field] = new Secret(substituteEnv(value, env, `${source}: principal '${name}' ${label} '${field}'`));
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

/** Every secret value of the principals, for the {@link Redactor}. */
export function principalSecrets(principals: Principals): string[] {
  return [...principals.values()].flatMap((principal) =>
    [principal.headers, principal.query ?? {}, principal.cookies ?? {}].flatMap((values) => Object.values(values).map((secret) => secret.reveal())),
  );
}

/** Back to the JSON form with real values, for handing to a worker process (never to a report). */
export function revealPrincipals(principals: Principals): PrincipalsInput {
  const reveal = (values: Readonly<Record<string, Secret>>): Record<string, string> =>
    Object.fromEntries(Object.entries(values).map(([name, secret]) => [name, secret.reveal()]));
  const out: Record<string, { headers: Record<string, string>; query?: Record<string, string>; cookies?: Record<string, string> }> = {};
  for (const principal of principals.values()) {
    out[principal.name] = {
      headers: reveal(principal.headers),
      ...(principal.query ? { query: reveal(principal.query) } : {}),
      ...(principal.cookies ? { cookies: reveal(principal.cookies) } : {}),
    };
  }
  return out;
}
