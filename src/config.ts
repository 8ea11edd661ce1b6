/**
 * `conform/config`: the options of `conform run` as a file (`conform.config.{ts,json,yaml}`).
 * Light on purpose: safe to import from a vitest config.
 *
 * @example
 * // conform.config.ts
 * import { defineConfig } from 'conform/config';
 * export default defineConfig({ api: 'glance', target: 'http://127.0.0.1:9292', principals: './principals.json' });
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FixturesByApi } from './fixtures.ts';
import { ConfigInvalidError } from './errors.ts';
import { substituteEnv, type PrincipalsInput } from './principals.ts';

/** Everything a run can be told; every field optional (user input). */
export interface ConformConfig {
  /** A built-in API name (`glance`, `prime`, `img`)... */
  readonly api?: string;
  /** ...or the documents to test (paths, URLs, Markdown pages). */
  readonly sources?: readonly string[];
  /** Base URL of the deployment under test; absent = the embedded reference server. */
  readonly target?: string;
  /** A principals JSON file, or the principals inline. */
  readonly principals?: string | PrincipalsInput;
  readonly out?: string;
  readonly seed?: number;
  readonly maxExamples?: number;
  /** Visibility sequences per suite, tours included. */
  readonly sequences?: number;
  /** The most requests a run sends to one API (`'none'`: no budget); sizes maxExamples and sequences. */
  readonly budget?: number | 'none';
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly checks?: readonly string[];
  /** Requests in flight at once. */
  readonly workers?: number;
  /** Extra attempts of an idempotent request after a connection failure or a 503 with Retry-After; 0 disables. */
  readonly retries?: number;
  /** Requests per second, client-side cap. */
  readonly rateLimit?: number;
  readonly requestTimeoutMs?: number;
  readonly maxResponseBytes?: number;
  /** Opt in to measuring documented quotas (sends enough requests to hit them). */
  readonly rateLimitProbe?: boolean;
  /**
   * The `Accept` header instead of the one built from the documented response media types: one value
   * for every operation, or values by operationId (`'*'` for the rest); `'none'` sends no Accept.
   */
  readonly accept?: string | Readonly<Record<string, string>>;
  /** Existing resources the run may change and must put back: a fixtures file, or the same inline (see `src/fixtures.ts`). */
  readonly fixtures?: string | FixturesByApi;
  /**
   * The API's semantics for the semantic suites, keyed by operationId, for a document you cannot edit
   * (schemas/conform-declaration.schema.json; `conform init <document>` prints a start). Checked
   * against the document when a run loads it.
   */
  readonly declaration?: ConfigDeclarationInput;
}

/** `declaration` of a config file: resources, pagination and rate limits (see `src/openapi/declaration/declaration.ts`). */
export interface ConfigDeclarationInput {
  readonly resources?: Readonly<Record<string, unknown>>;
  readonly pagination?: Readonly<Record<string, unknown>>;
  readonly rateLimits?: Readonly<Record<string, unknown>>;
}

/**
 * The defaults every unset option takes: `conform run`, `conform matrix`, a config file and a suite
 * file run by plain vitest (`suiteSettings`) read them here, and nowhere else.
 */
export const configDefaults = {
  out: 'reports',
  maxExamples: 25,
  workers: 1,
  retries: 2,
  requestTimeoutMs: 10_000,
  maxResponseBytes: 10 * 1024 * 1024,
  rateLimitProbe: false,
} as const satisfies Partial<ConformConfig>;

/** The options every way of running conform resolves alike, resolved. */
export type ResolvedConfig = { -readonly [K in keyof typeof configDefaults]: (typeof configDefaults)[K] extends number ? number : (typeof configDefaults)[K] extends boolean ? boolean : string };

/** A layer of settings (the command line, a config file, a suite's own): any of the shared options, unset ones undefined. */
export type ConfigLayer = { readonly [K in keyof ResolvedConfig]?: ResolvedConfig[K] | undefined };

/**
 * The one place an option gets its value: from the first layer that sets it (the command line before
 * the config file), else its default (`configDefaults`). `conform run`, `conform matrix` and a suite
 * file run by plain vitest all resolve through it.
 */
export function resolveConfig(...layers: readonly ConfigLayer[]): ResolvedConfig {
  const pick = <K extends keyof ResolvedConfig>(key: K): ResolvedConfig[K] => {
    for (const layer of layers) {
      const value = layer[key];
      if (value !== undefined) return value as ResolvedConfig[K];
    }
    return configDefaults[key] as ResolvedConfig[K];
  };
  return {
    out: pick('out'),
    maxExamples: pick('maxExamples'),
    workers: pick('workers'),
    retries: pick('retries'),
    requestTimeoutMs: pick('requestTimeoutMs'),
    maxResponseBytes: pick('maxResponseBytes'),
    rateLimitProbe: pick('rateLimitProbe'),
  };
}

/**
 * The request budget of a run on a user's target whose document states a quota (`x-rate-limit`):
 * three windows of Prime's and IMG's documented 100, so a full run costs minutes, not a quarter hour.
 */
export const DEFAULT_QUOTA_BUDGET = 300;

/**
 * A suite file run by plain vitest (`npx vitest suites/glance`), with no `conform run` settings: a
 * smaller size than the CLI's, as its embedded server is the target and `npm test` runs every suite.
 */
export const PLAIN_VITEST_MAX_EXAMPLES = 10;

/** Identity function that gives a config file type checking. */
export function defineConfig(config: ConformConfig): ConformConfig {
  return config;
}

/** The file names looked up, in order, when `--config` is not given. */
export const CONFIG_FILE_NAMES = ['conform.config.ts', 'conform.config.json', 'conform.config.yaml', 'conform.config.yml'] as const;

/** The config file in `directory`, if there is one. */
export function findConfigFile(directory: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => resolve(directory, name)).find((path) => existsSync(path));
}

function substituteDeep(value: unknown, env: Readonly<Record<string, string | undefined>>, where: string): unknown {
  if (typeof value === 'string') return substituteEnv(value, env, where);
  if (Array.isArray(value)) return value.map((item, index) => substituteDeep(item, env, `${where}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = substituteDeep(item, env, `${where}.${key}`);
    return out;
  }
  return value;
}

const KNOWN_KEYS = new Set<string>([
  'api', 'sources', 'target', 'principals', 'out', 'seed', 'maxExamples', 'sequences', 'budget', 'include', 'exclude', 'checks',
  'workers', 'retries', 'rateLimit', 'requestTimeoutMs', 'maxResponseBytes', 'rateLimitProbe', 'accept', 'fixtures', 'declaration',
]);

/** Reads a config file; `${ENV}` in any string is substituted; relative paths resolve against the file. */
export async function loadConfigFile(
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ConformConfig> {
  const absolute = resolve(path);
  let raw: unknown;
  try {
    if (extname(absolute) === '.ts' || extname(absolute) === '.js' || extname(absolute) === '.mjs') {
      // The CLI may run from its JavaScript build, without tsx's loader: a TypeScript config goes through tsx.
      const module = (extname(absolute) === '.ts' ? await (await import('tsx/esm/api')).tsImport(pathToFileURL(absolute).href, import.meta.url) : await import(pathToFileURL(absolute).href)) as { default?: unknown };
      raw = module.default;
      // tsx loads a `.ts` outside an ESM package as CommonJS: its `export default` arrives one level down.
      if (extname(absolute) === '.ts' && typeof raw === 'object' && raw !== null && Object.keys(raw).every((key) => key === 'default' || key === '__esModule') && 'default' in raw) {
        raw = (raw as { default: unknown }).default;
      }
    } else {
      const text = await readFile(absolute, 'utf8');
      raw = extname(absolute) === '.json' ? JSON.parse(text) : parseYaml(text);
    }
  } catch (error: unknown) {
    const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message.split('\n', 1)[0] : String(error));
    throw new ConfigInvalidError(`${path}: cannot load config (${reason})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigInvalidError(`${path}: a config must be an object`);
  const unknown = Object.keys(raw).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) throw new ConfigInvalidError(`${path}: unknown option(s) ${unknown.join(', ')}`);
  const config = substituteDeep(raw, env, path) as ConformConfig;
  acceptOverride(config.accept, `${path}: accept`);
  assertCount(config.sequences, `${path}: sequences`);
  if (config.budget !== 'none') assertCount(config.budget, `${path}: budget`, ' or "none"');
  const base = dirname(absolute);
  const principals = typeof config.principals === 'string' && !isAbsolute(config.principals) ? resolve(base, config.principals) : config.principals;
  const fixtures = typeof config.fixtures === 'string' && !isAbsolute(config.fixtures) ? resolve(base, config.fixtures) : config.fixtures;
  return { ...config, ...(principals === undefined ? {} : { principals }), ...(fixtures === undefined ? {} : { fixtures }) };
}

function assertCount(value: unknown, where: string, orElse = ''): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
    throw new ConfigInvalidError(`${where} must be a whole number of at least 1${orElse}, got ${JSON.stringify(value)}`);
  }
}

/**
 * The `accept` option as settings hold it (`{'*': value}` or by operationId); undefined when unset.
 * `where` names the option in the one-line error a malformed value gets.
 */
export function acceptOverride(accept: unknown, where: string): Readonly<Record<string, string>> | undefined {
  if (accept === undefined) return undefined;
  const valid = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value);
  if (valid(accept)) return { '*': accept.trim() };
  if (typeof accept !== 'object' || accept === null || Array.isArray(accept)) throw new ConfigInvalidError(`${where} must be a media-type list (e.g. "application/json"), "none", or a mapping from operationId to one`);
  const byOperation: Record<string, string> = {};
  for (const [operationId, value] of Object.entries(accept)) {
    if (!valid(value)) throw new ConfigInvalidError(`${where}.${operationId} must be a media-type list or "none"`);
    byOperation[operationId] = value.trim();
  }
  return byOperation;
}
