/**
 * Shared by the IMG reference server's tests: start a server, send requests as a principal, upload
 * multipart files, walk pages, and validate bodies against the schemas of specs/img-processing.yaml.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { request } from 'undici';
import { parse } from 'yaml';
import { startReferenceServer } from '../server.ts';
import type { ReferenceServer } from '../types.ts';
import type { ImgFaultId } from './faults.ts';
import { imgDefaultPrincipals } from './principals.ts';

/** Where the canonical IMG document lives. */
export const IMG_SPEC_PATH = new URL('../../../specs/img-processing.yaml', import.meta.url);

/** A principal of `imgDefaultPrincipals`, or no key at all. */
export type ImgAs = keyof typeof imgDefaultPrincipals | 'anonymous';

/** Starts an IMG reference server. */
export function startImg(
  options: { faults?: readonly ImgFaultId[]; seedData?: number; rateWindowMs?: number } = {},
): Promise<ReferenceServer> {
  return startReferenceServer({ api: 'img', ...options });
}

/** One response, read whole. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

/** How to send one request. */
export interface SendOptions {
  /** Whose key is sent; 'anonymous' sends none (default owner). */
  readonly as?: ImgAs;
  readonly body?: FormData | string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends one request; `pathOrUrl` is a path on the server or an absolute URL (links, CDN URLs). */
export async function send(server: ReferenceServer, method: string, pathOrUrl: string, options: SendOptions = {}): Promise<Reply> {
  const as = options.as ?? 'owner';
  const headers: Record<string, string> = as === 'anonymous' ? {} : { ...imgDefaultPrincipals[as].headers };
  Object.assign(headers, options.headers);
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${server.url}${pathOrUrl}`;
  let status: number;
  let replyHeaders: Headers;
  let bytes: Buffer;
  if (options.body instanceof FormData) {
    // Multipart goes through fetch, whose FormData is the global one the tests build.
    const response = await fetch(url, { method, headers, body: options.body });
    status = response.status;
    replyHeaders = response.headers;
    bytes = Buffer.from(await response.arrayBuffer());
  } else {
    // undici.request is several times cheaper than fetch, which matters for the quota bursts.
    const response = await request(url, { method: method as 'GET', headers, body: options.body });
    status = response.statusCode;
    replyHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const one of Array.isArray(value) ? value : [value ?? '']) replyHeaders.append(name, one);
    }
    bytes = Buffer.from(await response.body.arrayBuffer());
  }
  let json: unknown;
  try {
    json = bytes.length === 0 ? undefined : JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status, headers: replyHeaders, bytes, json };
}

/** Uploads `file` as the multipart `image` part (with a filename) and `name`. */
export function upload(
  server: ReferenceServer,
  file: Buffer,
  name = 'upload',
  as: ImgAs = 'owner',
): Promise<Reply> {
  const form = new FormData();
  form.set('name', name);
  form.set('image', new Blob([file]), 'image.bin');
  return send(server, 'POST', '/v1/images/upload', { as, body: form });
}

/** The Image fields the tests read. */
export interface ImageBody {
  readonly id: string;
  readonly name: string;
  readonly url: string | null;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly size: number;
  readonly created_at: string;
}

/** The list envelope. */
export interface PageBody {
  readonly data: readonly ImageBody[];
  readonly links: { readonly previous: string | null; readonly next: string | null };
}

/** What a walk over `links.next` saw. */
export interface Walk {
  readonly pages: readonly PageBody[];
  readonly ids: readonly string[];
  /** True when `next` became null within the bound. */
  readonly finished: boolean;
}

/** Follows `links.next` from the first page, at most `maxPages` pages. */
export async function walkPages(server: ReferenceServer, take: number, maxPages: number, as: ImgAs = 'owner'): Promise<Walk> {
  const pages: PageBody[] = [];
  let next: string | null = `/v1/images?take=${take}`;
  for (let index = 0; index < maxPages && next !== null; index += 1) {
    const reply = await send(server, 'GET', next, { as });
    if (reply.status !== 200) throw new Error(`page ${index} answered ${reply.status}`);
    const page = reply.json as PageBody;
    pages.push(page);
    next = page.links.next;
  }
  return { pages, ids: pages.flatMap((page) => page.data.map((image) => image.id)), finished: next === null };
}

/** The parsed canonical IMG document. */
export function loadImgSpec(): Record<string, unknown> {
  return parse(readFileSync(IMG_SPEC_PATH, 'utf8')) as Record<string, unknown>;
}

/** Validates values against `#/components/schemas/<name>` of specs/img-processing.yaml. */
export class ImgSchemas {
  readonly #ajv: Ajv2020.default;

  constructor() {
    const spec = loadImgSpec();
    this.#ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormatsModule.default(this.#ajv);
    this.#ajv.addSchema({ $id: 'img.json', components: spec['components'] });
  }

  /** The Ajv errors of `value` against the named component schema, as `instancePath keyword` strings (empty: valid). */
  errors(schemaName: string, value: unknown): string[] {
    const validate = this.#ajv.getSchema(`img.json#/components/schemas/${schemaName}`);
    if (!validate) throw new Error(`no schema ${schemaName} in specs/img-processing.yaml`);
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
  }
}
