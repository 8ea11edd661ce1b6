import type { PaginationDeclaration } from '../../openapi/declaration/declaration.ts';
import { responseHeader, type Exchange } from '../../transport/exchange.ts';
import { atPointer, type ListAdapter } from './pagination-walk.ts';

/** The `rel="next"` target of an RFC 8288 Link header, resolved against the page's URL. */
export function nextLink(header: string | undefined, pageUrl: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(match[2] ?? '');
    const rel = (rels?.[1] ?? rels?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('next')) return new URL(match[1] ?? '', pageUrl).toString();
  }
  return undefined;
}

function withQuery(pageUrl: string, name: string, value: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set(name, value);
  return url.toString();
}

const integerIn = (url: string, name: string): number | undefined => {
  const raw = new URL(url).searchParams.get(name);
  return raw !== null && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
};

/**
 * How a declared list reads, whatever its style: `cursor` follows the next token or link of the body
 * (a token goes back as `cursorParam`), `link-header` the Link header's `rel="next"`, `offset` and
 * `page` step by the items a page held until a page comes back empty (or the declared total is
 * reached). `idPointer` is where an item's id is.
 */
export function declaredListAdapter(pagination: PaginationDeclaration | undefined, idPointer: string, itemsPointer: string): ListAdapter {
  return {
    itemsOf: (body) => {
      const items = atPointer(body, pagination?.itemsPointer ?? itemsPointer);
      return Array.isArray(items) ? items : undefined;
    },
    nextOf: (body: unknown, pageUrl: string, exchange: Exchange) => {
      if (!pagination) return undefined;
      const items = atPointer(body, pagination.itemsPointer);
      const count = Array.isArray(items) ? items.length : 0;
      switch (pagination.style) {
        case 'link-header':
          return nextLink(exchange.response ? responseHeader(exchange.response, 'link') : undefined, pageUrl);
        case 'cursor': {
          const next = pagination.nextPointer === undefined ? undefined : atPointer(body, pagination.nextPointer);
          if (typeof next !== 'string' || next === '') return undefined;
          // A link (absolute or a path) is followed; a bare token goes back in the cursor parameter.
          if (/^(https?:\/\/|\/|\?)/i.test(next)) return new URL(next, pageUrl).toString();
          return pagination.cursorParam ? withQuery(pageUrl, pagination.cursorParam, next) : undefined;
        }
        case 'offset': {
          if (count === 0 || !pagination.offsetParam) return undefined;
          const offset = (integerIn(pageUrl, pagination.offsetParam) ?? 0) + count;
          const total = pagination.totalPointer === undefined ? undefined : atPointer(body, pagination.totalPointer);
          if (typeof total === 'number' && offset >= total) return undefined;
          return withQuery(pageUrl, pagination.offsetParam, String(offset));
        }
        case 'page': {
          if (count === 0 || !pagination.pageParam) return undefined;
          const page = integerIn(pageUrl, pagination.pageParam) ?? pagination.firstPage ?? 1;
          return withQuery(pageUrl, pagination.pageParam, String(page + 1));
        }
      }
    },
    idOf: (item) => {
      const id = atPointer(item, idPointer);
      return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
    },
  };
}
