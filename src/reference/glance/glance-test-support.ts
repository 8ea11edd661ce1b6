/**
 * Helpers for the Glance reference server's own tests: plain HTTP calls as a named principal.
 * Imported only by `*.test.ts`.
 */
import { startReferenceServer } from '../server.ts';
import type { ReferenceServer } from '../types.ts';
import { glanceDefaultPrincipals } from './principals.ts';

/** Headers of a plain tenant (reader + member) of the given project. */
export function tenantHeaders(project: string): Record<string, string> {
  return { 'X-Identity-Status': 'Confirmed', 'X-Project-Id': project, 'X-User-Id': `user-${project}`, 'X-Roles': 'reader,member' };
}

/** The three default principals' headers plus ad-hoc tenants. */
export const AS = {
  owner: { ...glanceDefaultPrincipals.owner.headers },
  other: { ...glanceDefaultPrincipals.other.headers },
  admin: { ...glanceDefaultPrincipals.admin.headers },
  none: {} as Record<string, string>,
} as const;

export const PATCH_V21 = 'application/openstack-images-v2.1-json-patch';

/** An image as the server renders it. */
export interface ImageJson {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly visibility: string;
  readonly protected: boolean;
  readonly os_hidden: boolean;
  readonly owner: string | null;
  readonly tags: string[];
  readonly size: number | null;
  readonly min_disk: unknown;
  readonly created_at: string;
  readonly updated_at?: string;
  readonly [key: string]: unknown;
}

/** Any JSON body the server answers, loosely typed for assertions. */
export interface ResponseBody extends Partial<ImageJson> {
  readonly images?: ImageJson[];
  readonly first?: string;
  readonly next?: string;
  readonly error?: { code: number; message: string; details: string };
  readonly members?: { member_id: string; status: string }[];
  readonly member_id?: string;
}

/** A response reduced to what the tests look at. */
export interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON ({} for an empty or non-JSON body). */
  readonly body: ResponseBody;
  readonly text: string;
}

/** A client bound to one server. */
export class GlanceClient {
  constructor(readonly url: string) {}

  async call(
    headers: Readonly<Record<string, string>>,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Exchange> {
    // A client of the vendor document asks for what it documents; fetch's own default (*/*) gets HTML errors, as upstream's.
    const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = contentType;
    }
    const response = await fetch(`${this.url}${path}`, init);
    const text = await response.text();
    let parsed: ResponseBody = {};
    try {
      parsed = text ? (JSON.parse(text) as ResponseBody) : {};
    } catch {
      parsed = {};
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get(headers: Readonly<Record<string, string>>, path: string): Promise<Exchange> {
    return this.call(headers, 'GET', path);
  }

  /** Creates an image and returns the id it answered; fails the test on anything but 2xx. */
  async create(headers: Readonly<Record<string, string>>, fields: Record<string, unknown> = {}): Promise<string> {
    const reply = await this.call(headers, 'POST', '/v2/images', fields);
    if (reply.status < 200 || reply.status > 299) throw new Error(`create answered ${reply.status}: ${reply.text}`);
    return reply.body.id ?? '';
  }

  patch(headers: Readonly<Record<string, string>>, id: string, ops: unknown, contentType = PATCH_V21): Promise<Exchange> {
    return this.call(headers, 'PATCH', `/v2/images/${id}`, ops, contentType);
  }

  /** Ids of a list response, in order. */
  async listIds(headers: Readonly<Record<string, string>>, query = ''): Promise<string[]> {
    const reply = await this.get(headers, `/v2/images${query}`);
    if (reply.status !== 200) throw new Error(`list answered ${reply.status}: ${reply.text}`);
    return (reply.body.images ?? []).map((image) => image.id);
  }
}

/** Starts a Glance reference server and a client for it. */
export async function startGlance(options: { faults?: string[]; seedData?: number } = {}): Promise<{ server: ReferenceServer; client: GlanceClient }> {
  const server = await startReferenceServer({ api: 'glance', ...options });
  return { server, client: new GlanceClient(server.url) };
}
