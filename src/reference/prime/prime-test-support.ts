/**
 * Shared by the Prime reference server's tests: start a server, send one request as a principal,
 * and validate bodies against the schemas of specs/prime-intellect.yaml.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { startReferenceServer } from '../server.ts';
import type { ReferenceServer } from '../types.ts';
import type { PrimeFaultId } from './faults.ts';
import { primeDefaultPrincipals } from './principals.ts';
import type { PrimePrincipalName } from './principals.ts';

/** Where the canonical Prime document lives. */
export const PRIME_SPEC_PATH = new URL('../../../specs/prime-intellect.yaml', import.meta.url);

/** Starts a Prime reference server with the given faults. */
export function startPrime(options: { faults?: readonly PrimeFaultId[]; seedData?: number; rateWindowMs?: number } = {}): Promise<ReferenceServer> {
  return startReferenceServer({ api: 'prime', ...options });
}

/** One response, read whole. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

/** How to send one request. */
export interface SendOptions {
  /** The principal whose token is sent; 'anonymous' sends no Authorization (the default is owner). */
  readonly as?: PrimePrincipalName | 'anonymous';
  /** A string is sent as written; anything else as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends one request to the server and reads the whole response. */
export async function send(server: ReferenceServer, method: string, path: string, options: SendOptions = {}): Promise<Reply> {
  const principal = options.as ?? 'owner';
  const headers: Record<string, string> = principal === 'anonymous' ? {} : { ...primeDefaultPrincipals[principal].headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, options.headers);
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Sends a PATCH of one image's visibility. */
export function patchVisibility(
  server: ReferenceServer,
  image: string,
  body: unknown,
  as: PrimePrincipalName | 'anonymous' = 'owner',
): Promise<Reply> {
  const [name = '', tag = ''] = image.split(':');
  return send(server, 'PATCH', `/api/v1/images/${encodeURIComponent(name)}/${encodeURIComponent(tag)}/visibility`, { as, body });
}

/** The parsed canonical Prime document. */
export function loadPrimeSpec(): Record<string, unknown> {
  return parse(readFileSync(PRIME_SPEC_PATH, 'utf8')) as Record<string, unknown>;
}

/** Validates values against `#/components/schemas/<name>` of specs/prime-intellect.yaml. */
export class PrimeSchemas {
  readonly #ajv: Ajv2020.default;

  constructor() {
    const spec = loadPrimeSpec();
    this.#ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormatsModule.default(this.#ajv);
    this.#ajv.addSchema({ $id: 'prime.json', components: spec['components'] });
  }

  /** The Ajv errors of `value` against the named component schema, as `instancePath keyword` strings (empty: valid). */
  errors(schemaName: string, value: unknown): string[] {
    const validate = this.#ajv.getSchema(`prime.json#/components/schemas/${schemaName}`);
    if (!validate) throw new Error(`no schema ${schemaName} in specs/prime-intellect.yaml`);
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
  }
}
