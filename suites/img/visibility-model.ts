/**
 * The IMG Processing visibility model, from the vendor's publish/unpublish pages (specs/README.md):
 * an uploaded image is private (`url` null) and only its key's account and stage can read it; publish
 * puts it on a CDN (`url` a URL anybody can fetch without a key); unpublish sets `url` null and the
 * old URL stops serving. Commands upload their own images (a real PNG) and check every answer.
 */
import fc from 'fast-check';
import { mediaSample } from '../../src/generate/media-samples.ts';
import type { Exchange } from '../../src/transport/exchange.ts';
import { jsonBody, statusOf, type VisibilityClient } from '../../src/run/semantic/visibility-client.ts';
import type { VisibilityCommand, VisibilityDefinition, VisibilityProgram } from '../../src/run/semantic/visibility-run.ts';

interface ModelImage {
  readonly id: string;
  readonly label: string;
  /** The principal whose key uploaded it: the only one that may read or change it. */
  readonly by: string;
  url: string | null;
  /** URLs it was published at and unpublished from since: each must answer 404. */
  readonly retired: Set<string>;
}

/** The state of one sequence: the images it uploaded. */
export interface ImgVisibilityModel {
  readonly images: ModelImage[];
}

interface Env {
  readonly principals: readonly string[];
  /** Every image the run uploaded and has not deleted: id → uploader. */
  readonly created: Map<string, string>;
}

const CLAUSE = {
  privateByDefault: 'IMG visibility: an uploaded image is private (url null)',
  otherKey: "IMG visibility: another key (account or stage) gets 404 for an image it did not upload, and cannot publish or unpublish it",
  otherList: "IMG visibility: a key's list holds only its own account's and stage's images",
  publish: 'IMG visibility: publish answers 201 with url a URL that serves the image without a key',
  unpublish: 'IMG visibility: unpublish answers 201 with url null, and the old URL stops serving',
  readOwn: 'IMG visibility: the uploader reads its image with the url of its last publish (null when private)',
  upload: 'IMG visibility: a key uploads an image (201)',
} as const;

const pick = (model: ImgVisibilityModel, index: number): ModelImage | undefined => model.images[index % Math.max(model.images.length, 1)];

function urlOf(exchange: Exchange): unknown {
  const body = jsonBody(exchange);
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>).url : undefined;
}

function multipart(name: string): { body: Uint8Array; contentType: string } {
  const sample = mediaSample(['image/png']);
  if (!sample) throw new Error('no PNG sample');
  const boundary = `conform${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${name}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${name}.png"\r\nContent-Type: ${sample.mediaType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, sample.bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Fetches a published URL as anybody: no key. */
async function fetchPublic(client: VisibilityClient, url: string): Promise<Exchange> {
  return client.send(null, { method: 'GET', path: url });
}

const servesImage = (exchange: Exchange): boolean =>
  statusOf(exchange) === 200 && /^image\//i.test(String(exchange.response?.headers['content-type'] ?? ''));

class Upload implements VisibilityCommand<ImgVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: ImgVisibilityModel, client: VisibilityClient): Promise<void> {
    const label = String.fromCharCode(65 + (model.images.length % 26)) + (model.images.length >= 26 ? String(model.images.length) : '');
    const form = multipart(`conform-vis-${label}`);
    const exchange = await client.send(this.by, { method: 'POST', path: '/v1/images/upload', headers: { 'content-type': form.contentType }, body: form.body });
    const status = statusOf(exchange);
    const body = jsonBody(exchange) as { id?: unknown; url?: unknown } | undefined;
    client.step(`${this.by} uploads image ${label} → ${status}`);
    if (status !== 201 || typeof body?.id !== 'string') {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.upload, key: `upload:${status}`, expected: '201 with the image', got: String(status), exchange });
      return;
    }
    this.env.created.set(body.id, this.by);
    client.runtime.ledger.record({ operationId: 'uploadImage', url: `${client.runtime.target}/v1/images/${body.id}`, removeMethod: 'DELETE', principal: this.by, createdAt: new Date().toISOString() });
    const image: ModelImage = { id: body.id, label, by: this.by, url: null, retired: new Set() };
    model.images.push(image);
    if (body.url !== null) {
      client.mismatch({ suiteId: 'visibility_isolation', clause: CLAUSE.privateByDefault, key: 'upload-url', expected: 'url null', got: JSON.stringify(body.url), exchange });
      if (typeof body.url === 'string') image.url = body.url;
    }
  }
  toString(): string {
    return `upload(${this.by})`;
  }
}

/** Publish or unpublish. */
class Toggle implements VisibilityCommand<ImgVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly index: number,
    readonly publish: boolean,
  ) {}
  check(model: Readonly<ImgVisibilityModel>): boolean {
    return model.images.length > 0;
  }
  async run(model: ImgVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = pick(model, this.index);
    if (!image) return;
    const action = this.publish ? 'publish' : 'unpublish';
    const exchange = await client.send(this.by, { method: 'POST', path: `/v1/images/${image.id}/${action}` });
    const status = statusOf(exchange);
    const url = urlOf(exchange);
    client.step(`${this.by} ${action}es ${image.label} (of ${image.by}, ${image.url === null ? 'private' : 'published'}) → ${status} url ${JSON.stringify(url)}`);
    if (this.by !== image.by) {
      if (status !== 404) {
        client.mismatch({ suiteId: 'visibility_isolation', clause: CLAUSE.otherKey, key: `${action}-other:${status}`, expected: '404', got: String(status), exchange });
        if (status >= 200 && status < 300) this.#follow(image, url);
      }
      return;
    }
    const clause = this.publish ? CLAUSE.publish : CLAUSE.unpublish;
    const answerOk = status === 201 && (this.publish ? typeof url === 'string' && /^https?:\/\//i.test(url) : url === null);
    if (!answerOk) {
      client.mismatch({
        suiteId: 'visibility_applied',
        clause,
        key: `${action}-answer:${status}`,
        expected: this.publish ? '201 with url an absolute URL' : '201 with url null',
        got: `${status} url ${JSON.stringify(url)}`,
        exchange,
      });
      if (status < 200 || status >= 300) return;
    }
    const previous = image.url;
    this.#follow(image, url);
    if (this.publish && typeof url === 'string') {
      const fetched = await fetchPublic(client, url);
      client.step(`anybody fetches ${image.label}'s url → ${statusOf(fetched)} ${String(fetched.response?.headers['content-type'] ?? '')}`);
      if (!servesImage(fetched)) {
        client.mismatch({ suiteId: 'visibility_applied', clause, key: 'publish-not-served', expected: '200 image/* without a key', got: `${statusOf(fetched)} ${String(fetched.response?.headers['content-type'] ?? '')}`, exchange: fetched });
      }
    }
    if (!this.publish && previous !== null) {
      const fetched = await fetchPublic(client, previous);
      client.step(`anybody fetches ${image.label}'s old url → ${statusOf(fetched)}`);
      if (statusOf(fetched) !== 404) {
        client.mismatch({ suiteId: 'visibility_applied', clause, key: `unpublished-served:${statusOf(fetched)}`, expected: '404 at the old URL', got: String(statusOf(fetched)), exchange: fetched });
      }
    }
  }
  #follow(image: ModelImage, url: unknown): void {
    const next = typeof url === 'string' ? url : null;
    if (image.url !== null && image.url !== next) image.retired.add(image.url);
    if (next !== null) image.retired.delete(next);
    image.url = next;
  }
  toString(): string {
    return `${this.publish ? 'publish' : 'unpublish'}(${this.by}, image#${this.index})`;
  }
}

class Get implements VisibilityCommand<ImgVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly index: number,
  ) {}
  check(model: Readonly<ImgVisibilityModel>): boolean {
    return model.images.length > 0;
  }
  async run(model: ImgVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = pick(model, this.index);
    if (!image) return;
    const exchange = await client.send(this.by, { method: 'GET', path: `/v1/images/${image.id}` });
    const status = statusOf(exchange);
    const url = urlOf(exchange);
    client.step(`${this.by} gets ${image.label} (of ${image.by}) → ${status}`);
    if (this.by !== image.by) {
      if (status !== 404) client.mismatch({ suiteId: 'visibility_isolation', clause: CLAUSE.otherKey, key: `get-other:${status}`, expected: '404', got: String(status), exchange });
      return;
    }
    if (status !== 200 || url !== image.url) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.readOwn, key: `get:${status}`, expected: `200 with url ${JSON.stringify(image.url)}`, got: `${status} url ${JSON.stringify(url)}`, exchange });
      if (status === 200 && (typeof url === 'string' || url === null)) image.url = url;
    }
  }
  toString(): string {
    return `get(${this.by}, image#${this.index})`;
  }
}

class FetchRetired implements VisibilityCommand<ImgVisibilityModel> {
  constructor(readonly index: number) {}
  check(model: Readonly<ImgVisibilityModel>): boolean {
    return model.images.some((image) => image.url !== null || image.retired.size > 0);
  }
  async run(model: ImgVisibilityModel, client: VisibilityClient): Promise<void> {
    const candidates = model.images.filter((image) => image.url !== null || image.retired.size > 0);
    const image = candidates[this.index % Math.max(candidates.length, 1)];
    if (!image) return;
    for (const url of [...(image.url ? [image.url] : []), ...image.retired]) {
      const fetched = await fetchPublic(client, url);
      const live = url === image.url;
      client.step(`anybody fetches ${image.label}'s ${live ? 'url' : 'old url'} → ${statusOf(fetched)}`);
      if (live && !servesImage(fetched)) {
        client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.publish, key: 'published-not-served', expected: '200 image/*', got: String(statusOf(fetched)), exchange: fetched });
      } else if (!live && statusOf(fetched) !== 404) {
        client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.unpublish, key: `unpublished-served:${statusOf(fetched)}`, expected: '404', got: String(statusOf(fetched)), exchange: fetched });
      }
    }
  }
  toString(): string {
    return `fetchPublicUrls(image#${this.index})`;
  }
}

class List implements VisibilityCommand<ImgVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
  ) {}
  check(model: Readonly<ImgVisibilityModel>): boolean {
    return model.images.length > 0;
  }
  async run(model: ImgVisibilityModel, client: VisibilityClient): Promise<void> {
    const listed = new Map<string, unknown>();
    let exchange = await client.send(this.by, { method: 'GET', path: '/v1/images', query: { take: '100' } });
    const first = exchange;
    for (let page = 0; page < 5 && statusOf(exchange) === 200; page += 1) {
      const body = jsonBody(exchange) as { data?: { id?: unknown; url?: unknown }[]; links?: { next?: unknown } } | undefined;
      for (const item of body?.data ?? []) if (typeof item.id === 'string') listed.set(item.id, item.url);
      if (typeof body?.links?.next !== 'string') break;
      exchange = await client.send(this.by, { method: 'GET', path: new URL(body.links.next, client.runtime.target).toString() });
    }
    client.step(`${this.by} lists its images → ${statusOf(first)} [${model.images.filter((image) => listed.has(image.id)).map((image) => image.label).join(', ')}]`);
    for (const image of model.images) {
      if (image.by !== this.by && listed.has(image.id)) {
        client.mismatch({ suiteId: 'visibility_isolation', clause: CLAUSE.otherList, key: 'list-other', expected: `no ${image.label} (of ${image.by}) in ${this.by}'s list`, got: `${image.label} listed`, exchange });
      } else if (image.by === this.by && listed.has(image.id) && listed.get(image.id) !== image.url) {
        client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.readOwn, key: 'list-url', expected: `${image.label} with url ${JSON.stringify(image.url)}`, got: JSON.stringify(listed.get(image.id)), exchange });
      }
    }
  }
  toString(): string {
    return `list(${this.by})`;
  }
}

function commandsFor(env: Env): fc.Arbitrary<VisibilityCommand<ImgVisibilityModel>>[] {
  const principal = fc.constantFrom(...env.principals);
  // The uploader acts most of the time; the others probe isolation.
  const actor = fc.constantFrom(...env.principals, 'owner', 'owner');
  const index = fc.nat({ max: 7 });
  return [
    fc.constantFrom('owner', 'owner', ...env.principals.filter((name) => name !== 'ownerTest')).map((by) => new Upload(env, by)),
    fc.record({ by: actor, index, publish: fc.boolean() }).map(({ by, index: at, publish }) => new Toggle(env, by, at, publish)),
    fc.record({ by: actor, index, publish: fc.boolean() }).map(({ by, index: at, publish }) => new Toggle(env, by, at, publish)),
    fc.record({ by: principal, index }).map(({ by, index: at }) => new Get(env, by, at)),
    index.map((at) => new FetchRetired(at)),
    principal.map((by) => new List(env, by)),
  ];
}

/**
 * The sequence every run starts with, whatever the seed: the owner uploads, publishes (read by
 * everyone, fetched from the CDN), unpublishes (the CDN URL retired) and publishes again, with the
 * other principal's reads, writes and lists in between: each step the model judges, once.
 */
function tourOf(env: Env): VisibilityCommand<ImgVisibilityModel>[] {
  const others = env.principals.filter((name) => name !== 'owner');
  return [
    new Upload(env, 'owner'),
    new Toggle(env, 'owner', 0, true),
    ...others.map((by) => new Get(env, by, 0)),
    new FetchRetired(0),
    new Toggle(env, 'owner', 0, false),
    new FetchRetired(0),
    new Get(env, 'owner', 0),
    ...others.map((by) => new Toggle(env, by, 0, true)),
    ...env.principals.map((by) => new List(env, by)),
    new Toggle(env, 'owner', 0, true),
    new Get(env, 'owner', 0),
  ];
}

async function remove(client: VisibilityClient, id: string, by: string): Promise<boolean> {
  // Unpublish first: an API without delete must at least not leave the image public.
  await client.send(by, { method: 'POST', path: `/v1/images/${id}/unpublish` });
  const status = statusOf(await client.send(by, { method: 'DELETE', path: `/v1/images/${id}` }));
  if (status !== 204 && status !== 200 && status !== 404) return false;
  client.runtime.ledger.markRemoved(`${client.runtime.target}/v1/images/${id}`);
  return true;
}

/** IMG's visibility suites: owner and other required; ownerTest (the owner's other stage) optional. */
export const imgVisibility: VisibilityDefinition<ImgVisibilityModel> = {
  api: 'img',
  label: 'IMG',
  requiredPrincipals: ['owner', 'other'],
  prepare(client): Promise<VisibilityProgram<ImgVisibilityModel>> {
    const env: Env = { principals: ['owner', 'other', 'ownerTest'].filter((name) => client.has(name)), created: new Map() };
    const sweep = async (): Promise<string[]> => {
      const left: string[] = [];
      for (const [id, by] of [...env.created]) {
        if (await remove(client, id, by)) env.created.delete(id);
        else left.push(`${client.runtime.target}/v1/images/${id}`);
      }
      return left;
    };
    return Promise.resolve({
      commands: commandsFor(env),
      tours: [tourOf(env)],
      reset: async () => {
        await sweep();
        return { images: [] };
      },
      cleanup: sweep,
    });
  },
};
