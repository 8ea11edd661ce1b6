/** GitHub's page size: `per_page` (default 30, at most 100), `page` from 1. */
export interface Page {
  readonly perPage: number;
  readonly page: number;
}

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/** The page a query asks for; undefined when `per_page` or `page` is not an integer (a 422). */
export function pageOf(query: URLSearchParams): Page | undefined {
  const integer = (name: string, fallback: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const perPage = integer('per_page', DEFAULT_PER_PAGE);
  const page = integer('page', 1);
  if (perPage === undefined || page === undefined) return undefined;
  // As GitHub does: a size out of range is the default or the maximum, a page below 1 is the first.
  return { perPage: perPage < 1 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE), page: Math.max(1, page) };
}

/** The `Link` header of a page (RFC 8288): `first`/`prev` after the first page, `next`/`last` before the last. */
export function linkHeader(base: URL, page: Page, total: number, nextPage: number | undefined): string | undefined {
  const lastPage = Math.max(1, Math.ceil(total / page.perPage));
  const at = (number: number): string => {
    const url = new URL(base.toString());
    url.searchParams.set('per_page', String(page.perPage));
    url.searchParams.set('page', String(number));
    return `<${url.toString()}>`;
  };
  const links: string[] = [];
  if (nextPage !== undefined) links.push(`${at(nextPage)}; rel="next"`, `${at(lastPage)}; rel="last"`);
  if (page.page > 1) links.push(`${at(1)}; rel="first"`, `${at(Math.min(page.page - 1, lastPage))}; rel="prev"`);
  return links.length > 0 ? links.join(', ') : undefined;
}
