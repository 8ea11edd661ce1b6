import type { FindingDraft } from '../../checks/finding.ts';
import type { Exchange } from '../../transport/exchange.ts';
import type { ListAdapter, Walk, WalkPage } from './pagination-walk.ts';
import type { SortOrder } from '../../openapi/extensions/pagination.ts';

/** A finding draft and the exchange that shows it. */
export interface JudgedDraft {
  readonly draft: FindingDraft;
  readonly exchange: Exchange;
}

/** What a complete walk must show. */
export interface CompletenessModel {
  /** The page size asked for. */
  readonly limit: number;
  /** Ids the walk must list exactly once each. */
  readonly expectedIds: readonly string[];
  /** True when the walk must list nothing else (the model knows the whole list, e.g. a filter on a tag only the run uses). */
  readonly exact: boolean;
  /** True when every full page must carry next (Glance); false when the last page may be full (IMG). */
  readonly fullPageNeedsNext: boolean;
  /** Names the list in messages, e.g. `GET /images?limit=2&sort_key=name`. */
  readonly label: string;
}

function pageOf(walk: Walk, index: number): WalkPage | undefined {
  let seen = 0;
  for (const page of walk.pages) {
    seen += page.items.length;
    if (index < seen) return page;
  }
  return walk.pages.at(-1);
}

function firstExchange(walk: Walk): Exchange | undefined {
  return walk.pages[0]?.exchange ?? walk.errorExchange;
}

/**
 * Judges a walk for completeness: each page ≤ limit, next on every full page (when required) and
 * never after a short one, no loop, no bound reached, every expected item exactly once, and (exact)
 * nothing else. Pure: the walk is the evidence.
 */
export function judgeCompleteness(walk: Walk, model: CompletenessModel, adapter: Pick<ListAdapter, 'idOf'>): JudgedDraft[] {
  const out: JudgedDraft[] = [];
  const add = (key: string, message: string, exchange: Exchange | undefined, evidence: Record<string, unknown> = {}): void => {
    if (exchange) out.push({ draft: { key, message, evidence: { list: model.label, ...evidence } }, exchange });
  };
  if (walk.end === 'error') add('page-error', `${model.label}: ${walk.detail ?? 'a page failed'}`, walk.errorExchange);
  if (walk.end === 'loop') add('next-loops', `${model.label}: following next comes back to a page already read (${walk.detail ?? ''}), so the walk never ends`, walk.pages.at(-1)?.exchange);
  if (walk.end === 'page-bound') add('no-end', `${model.label}: ${walk.detail ?? 'the walk did not end'}`, walk.pages.at(-1)?.exchange);
  for (const [index, page] of walk.pages.entries()) {
    if (page.items.length > model.limit) {
      add('page-over-limit', `${model.label}: page ${index + 1} holds ${page.items.length} items, more than the limit ${model.limit}`, page.exchange, { page: index + 1, items: page.items.length, limit: model.limit });
    }
    const isLast = index === walk.pages.length - 1;
    if (page.next === undefined && page.items.length === model.limit && isLast && walk.end === 'last-page') {
      const walkedAll = model.expectedIds.every((id) => walk.items.some((item) => adapter.idOf(item) === id));
      if (model.fullPageNeedsNext || !walkedAll) {
        add('no-next-on-full-page', `${model.label}: page ${index + 1} is full (${model.limit} items) but has no next link${walkedAll ? '' : ', and items are still missing'}`, page.exchange, { page: index + 1 });
      }
    }
    if (page.next !== undefined && page.items.length < model.limit) {
      add('next-after-last', `${model.label}: page ${index + 1} holds ${page.items.length} of ${model.limit} items yet carries a next link`, page.exchange, { page: index + 1, next: page.next });
    }
  }
  const counts = new Map<string, number>();
  for (const [index, item] of walk.items.entries()) {
    const id = adapter.idOf(item);
    if (id === undefined) continue;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    if (counts.get(id) === 2) add('duplicate-item', `${model.label}: item ${id} is listed twice`, pageOf(walk, index)?.exchange, { id });
  }
  const missing = model.expectedIds.filter((id) => !counts.has(id));
  if (missing.length > 0 && walk.end !== 'error') {
    add('missing-item', `${model.label}: ${missing.length} of ${model.expectedIds.length} items never listed (e.g. ${missing.slice(0, 3).join(', ')})`, walk.pages.at(-1)?.exchange ?? firstExchange(walk), { missing: missing.slice(0, 20) });
  }
  if (model.exact) {
    const expected = new Set(model.expectedIds);
    const extra = [...counts.keys()].filter((id) => !expected.has(id));
    if (extra.length > 0) add('unexpected-item', `${model.label}: lists ${extra.length} item(s) the list should not hold (e.g. ${extra.slice(0, 3).join(', ')})`, firstExchange(walk), { extra: extra.slice(0, 20) });
  }
  return out;
}


function fieldValue(item: unknown, field: string): unknown {
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined;
}

/** Compares two field values: nulls first (as MySQL and SQLite order them), numbers numerically, strings by code unit. */
export function compareFieldValues(left: unknown, right: unknown): number {
  const l = left ?? null;
  const r = right ?? null;
  if (l === r) return 0;
  if (l === null) return -1;
  if (r === null) return 1;
  if (typeof l === 'number' && typeof r === 'number') return l - r;
  const a = String(l);
  const b = String(r);
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * Judges a walk's order: the items never go against the requested sort (ties allowed), and no item
 * comes back (a strictly ordered sequence cannot revisit one). Where items without a value (null or
 * absent) go is the database's choice (MySQL and SQLite put them first ascending, PostgreSQL last) and
 * no document states it: they must only stay together, at the start or the end; the items with a
 * value are judged against each other. Pure.
 */
export function judgeOrder(walk: Walk, order: SortOrder, label: string, adapter: Pick<ListAdapter, 'idOf'>, valueOf: (item: unknown) => unknown = (item) => fieldValue(item, order.field)): JudgedDraft[] {
  const out: JudgedDraft[] = [];
  const seen = new Set<string>();
  let reportedOrder = false;
  let reportedRepeat = false;
  const reportOrder = (message: string, index: number, exchange: Exchange): void => {
    reportedOrder = true;
    out.push({ draft: { key: 'out-of-order', message: `${label}: ${message} at position ${index + 1}, against ${order.field} ${order.direction}`, evidence: { list: label, field: order.field, direction: order.direction, position: index + 1 } }, exchange });
  };
  const valued = (index: number): boolean => (valueOf(walk.items[index]) ?? null) !== null;
  // The items without a value: one block, first or last.
  const blank = walk.items.flatMap((_, index) => (valued(index) ? [] : [index]));
  // Where the block breaks: the first item without a value that does not follow the one before.
  const apart = blank.find((index, position) => position > 0 && index !== (blank[position - 1] as number) + 1);
  const atAnEnd = blank.length === 0 || blank[0] === 0 || blank.at(-1) === walk.items.length - 1;
  let previousValued: number | undefined;
  for (const [index, item] of walk.items.entries()) {
    const id = adapter.idOf(item);
    const exchange = pageOf(walk, index)?.exchange;
    if (!exchange) continue;
    if (id !== undefined && seen.has(id) && !reportedRepeat) {
      reportedRepeat = true;
      out.push({ draft: { key: 'item-revisited', message: `${label}: item ${id} comes back at position ${index + 1}, so the walk is not in ${order.field} ${order.direction} order`, evidence: { list: label, id, position: index + 1 } }, exchange });
    }
    if (id !== undefined) seen.add(id);
    if (reportedOrder) continue;
    if (!valued(index)) {
      if (index === apart) {
        reportOrder(`items without ${order.field} are not together: another one comes back after ${JSON.stringify(valueOf(walk.items[index - 1]))}`, index, exchange);
      } else if (apart === undefined && !atAnEnd && index === blank[0]) {
        reportOrder(`items without ${order.field} are neither first nor last: the first follows ${JSON.stringify(valueOf(walk.items[index - 1]))}`, index, exchange);
      }
      continue;
    }
    if (previousValued !== undefined) {
      const compared = compareFieldValues(valueOf(walk.items[previousValued]), valueOf(item));
      if (order.direction === 'asc' ? compared > 0 : compared < 0) reportOrder(`${order.field} ${JSON.stringify(valueOf(walk.items[previousValued]))} is followed by ${JSON.stringify(valueOf(item))}`, index, exchange);
    }
    previousValued = index;
  }
  return out;
}

/**
 * Judges a filtered list against the model: the filtered walk must hold exactly the items of
 * `model` (the full list as the run knows it) that `matches` accepts. Pure.
 */
export function judgeFilter(model: readonly unknown[], filtered: Walk, matches: (item: unknown) => boolean, label: string, adapter: Pick<ListAdapter, 'idOf'>): JudgedDraft[] {
  const exchange = filtered.pages[0]?.exchange ?? filtered.errorExchange;
  if (!exchange) return [];
  if (filtered.end === 'error') return [{ draft: { key: 'filter-error', message: `${label}: ${filtered.detail ?? 'failed'}`, evidence: { list: label } }, exchange }];
  const want = new Set(model.filter(matches).map((item) => adapter.idOf(item)).filter((id) => id !== undefined));
  const got = new Set(filtered.items.map((item) => adapter.idOf(item)).filter((id) => id !== undefined));
  const missing = [...want].filter((id) => !got.has(id));
  const extra = [...got].filter((id) => !want.has(id));
  const out: JudgedDraft[] = [];
  if (extra.length > 0) out.push({ draft: { key: 'filter-too-wide', message: `${label}: returns ${extra.length} item(s) the filter excludes (e.g. ${extra.slice(0, 3).join(', ')})`, evidence: { list: label, extra: extra.slice(0, 20) } }, exchange });
  if (missing.length > 0) out.push({ draft: { key: 'filter-too-narrow', message: `${label}: leaves out ${missing.length} matching item(s) (e.g. ${missing.slice(0, 3).join(', ')})`, evidence: { list: label, missing: missing.slice(0, 20) } }, exchange });
  return out;
}
