import type { Exchange } from '../../transport/exchange.ts';

/** How a list's pages read: where the items are, where the next page is, what identifies an item. */
export interface ListAdapter {
  /** The items of a page body; undefined when the body is not a page. */
  itemsOf(body: unknown): readonly unknown[] | undefined;
  /** The absolute URL of the next page, resolved against the page's own URL; undefined on the last page. */
  nextOf(body: unknown, pageUrl: string, exchange: Exchange): string | undefined;
  idOf(item: unknown): string | undefined;
}

/** One page of a walk. */
export interface WalkPage {
  readonly url: string;
  readonly exchange: Exchange;
  readonly items: readonly unknown[];
  readonly next?: string;
}

/** Why a walk stopped. */
export type WalkEnd = 'last-page' | 'loop' | 'page-bound' | 'error';

/** A walk over a paginated list: its pages, their items in order, and why it stopped. */
export interface Walk {
  readonly pages: readonly WalkPage[];
  readonly items: readonly unknown[];
  readonly end: WalkEnd;
  /** For `error`: what went wrong, with the exchange; for `loop`: the next URL seen before. */
  readonly detail?: string;
  readonly errorExchange?: Exchange;
}

function parseJson(exchange: Exchange): unknown {
  if (!exchange.response) return undefined;
  try {
    return JSON.parse(exchange.response.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Follows `next` from `firstUrl` until a page has none, a next URL repeats one already fetched (a
 * loop), `maxPages` pages were read, or a page is not a 200 page. Never unbounded.
 */
export async function walkPages(firstUrl: string, fetchPage: (url: string) => Promise<Exchange>, adapter: ListAdapter, maxPages: number): Promise<Walk> {
  const pages: WalkPage[] = [];
  const items: unknown[] = [];
  const visited = new Set<string>();
  let url: string | undefined = firstUrl;
  while (url !== undefined) {
    if (pages.length >= maxPages) return { pages, items, end: 'page-bound', detail: `still a next link after ${maxPages} pages` };
    if (visited.has(url)) return { pages, items, end: 'loop', detail: url };
    visited.add(url);
    const exchange = await fetchPage(url);
    const status = exchange.response?.status;
    const body = parseJson(exchange);
    const pageItems = status === 200 ? adapter.itemsOf(body) : undefined;
    if (!pageItems) {
      const why = status === undefined ? (exchange.failure?.message ?? 'no response') : status === 200 ? 'the body is not a page' : `answered ${status}`;
      return { pages, items, end: 'error', detail: `page ${pages.length + 1} ${why}`, errorExchange: exchange };
    }
    const next = adapter.nextOf(body, url, exchange);
    pages.push({ url, exchange, items: pageItems, ...(next === undefined ? {} : { next }) });
    items.push(...pageItems);
    url = next;
  }
  return { pages, items, end: 'last-page' };
}

/** A JSON pointer (RFC 6901) into a value; undefined when a step is missing. */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return pointer === '' ? value : (value as Record<string, unknown> | undefined)?.[''];
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const step = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** An adapter from pointers: items at `itemsPointer`, next link (absolute or relative) at `nextPointer`, id in `idField`. */
export function pointerAdapter(itemsPointer: string, nextPointer: string, idField = 'id'): ListAdapter {
  return {
    itemsOf: (body) => {
      const items = atPointer(body, itemsPointer);
      return Array.isArray(items) ? items : undefined;
    },
    nextOf: (body, pageUrl) => {
      const next = atPointer(body, nextPointer);
      return typeof next === 'string' && next !== '' ? new URL(next, pageUrl).toString() : undefined;
    },
    idOf: (item) => {
      const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[idField] : undefined;
      return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
    },
  };
}
