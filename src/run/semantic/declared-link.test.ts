import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../transport/exchange.ts';
import { fetchLinks, judgeLinkShown, type LinkClient, type LinkedItem } from './declared-link.ts';
import type { VisibilityRequest } from './visibility-client.ts';
import type { VisibilityMismatch } from './visibility-violation.ts';

// IMG's images as specs/img-processing.yaml declares them: `url` serves a public image to anybody, null while private.
const images: LinkedItem['declared'] = {
  name: 'image',
  states: ['public', 'private'],
  visibility: {
    actions: { public: 'publishImage', private: 'unpublishImage' },
    default: 'private',
    rules: { public: { read: 'owner', listed: 'owner', change: 'owner', refusal: 404 }, private: { read: 'owner', listed: 'owner', change: 'owner', refusal: 404 } },
    link: { pointer: '/url', states: ['public'], serves: 'image/*', gone: [404] },
  },
};

const TARGET = 'http://127.0.0.1:9/v1';
const CDN = 'https://cdn.example/owner/a.png';

const exchangeOf = (status: number, contentType = 'application/json'): Exchange => ({
  request: { method: 'GET', url: TARGET, headers: {} },
  response: { status, headers: { 'content-type': contentType }, body: Buffer.alloc(0), truncated: false },
  startedAt: '',
  durationMs: 0,
});

/** A client that answers each URL as `answers` says and records what the judge reports. */
function recordingClient(answers: Readonly<Record<string, Exchange>> = {}): { client: LinkClient; mismatches: VisibilityMismatch[]; fetched: string[] } {
  const mismatches: VisibilityMismatch[] = [];
  const fetched: string[] = [];
  const client: LinkClient = {
    runtime: { target: TARGET },
    step: () => undefined,
    mismatch: (mismatch: VisibilityMismatch) => {
      mismatches.push(mismatch);
    },
    send: (principal: string | null, request: VisibilityRequest) => {
      expect(principal).toBeNull();
      fetched.push(request.path);
      return Promise.resolve(answers[request.path] ?? exchangeOf(404));
    },
  };
  return { client, mismatches, fetched };
}

const itemIn = (state: string, link: string | null = null): LinkedItem => ({ declared: images, label: 'image A', owner: 'owner', state, link, retired: new Set() });

describe('judgeLinkShown', () => {
  it('should take a public item\'s URL as its link, and report none (null, or not a URL) as the link missing', () => {
    const { client, mismatches } = recordingClient();
    const item = itemIn('public');
    judgeLinkShown(client, item, { url: CDN }, exchangeOf(201), 'move');
    judgeLinkShown(client, itemIn('public'), { url: null }, exchangeOf(201), 'move');
    judgeLinkShown(client, itemIn('public'), { url: '/relative.png' }, exchangeOf(200), 'read');
    expect(item.link).toBe(CDN);
    expect(mismatches.map((found) => [found.suiteId, found.key])).toEqual([
      ['visibility_applied', 'link-missing:move'],
      ['visibility_applied', 'link-missing:read'],
    ]);
  });

  it('should report a link shown while private as a leak, and a link that changes while public', () => {
    const { client, mismatches } = recordingClient();
    judgeLinkShown(client, itemIn('private'), { url: CDN }, exchangeOf(200), 'create');
    judgeLinkShown(client, itemIn('public', CDN), { url: 'https://cdn.example/owner/b.png' }, exchangeOf(200), 'read');
    expect(mismatches.map((found) => [found.suiteId, found.key])).toEqual([
      ['visibility_isolation', 'link-shown:private:create'],
      ['visibility_applied', 'link-changed:read'],
    ]);
  });

  it('should retire the link of an item that is private again (null or absent), and learn nothing of a public one shown without the field', () => {
    const { client, mismatches } = recordingClient();
    const unpublished = itemIn('private', CDN);
    judgeLinkShown(client, unpublished, { url: null }, exchangeOf(201), 'move');
    const summarised = itemIn('private', CDN);
    judgeLinkShown(client, summarised, { id: 'a' }, exchangeOf(200), 'list');
    const published = itemIn('public', CDN);
    judgeLinkShown(client, published, { id: 'a' }, exchangeOf(200), 'list');
    expect([unpublished.link, [...unpublished.retired], summarised.link, [...summarised.retired], published.link, mismatches]).toEqual([null, [CDN], null, [CDN], CDN, []]);
  });
});

describe('fetchLinks', () => {
  it('should fetch the live link without credentials and each retired one, and pass a served image and a gone link', async () => {
    const { client, mismatches, fetched } = recordingClient({ [CDN]: exchangeOf(200, 'image/png'), 'https://cdn.example/owner/old.png': exchangeOf(404) });
    await fetchLinks(client, { ...itemIn('public', CDN), retired: new Set(['https://cdn.example/owner/old.png']) });
    expect([fetched, mismatches]).toEqual([[CDN, 'https://cdn.example/owner/old.png'], []]);
  });

  it('should report a live link that serves no image, and a retired one still served', async () => {
    const { client, mismatches } = recordingClient({ [CDN]: exchangeOf(200, 'text/html'), 'https://cdn.example/owner/old.png': exchangeOf(200, 'image/png') });
    await fetchLinks(client, { ...itemIn('public', CDN), retired: new Set(['https://cdn.example/owner/old.png']) });
    expect(mismatches.map((found) => [found.key, found.expected, found.got])).toEqual([
      ['link-not-served', '2xx image/*', '200 text/html'],
      ['link-still-served:200', '404', '200'],
    ]);
  });

  it('should send a link on the target as a path below it', async () => {
    const { client, fetched } = recordingClient();
    await fetchLinks(client, itemIn('public', `${TARGET}/cdn/a.png`));
    expect(fetched).toEqual(['/cdn/a.png']);
  });
});
