import { IMG_FAULT } from './faults.ts';

/** The documented page size when `take` is absent. */
export const DEFAULT_TAKE = 10;
/** The documented lower bound of `take`. */
export const MIN_TAKE = 1;
/** The documented upper bound of `take`. */
export const MAX_TAKE = 100;

/** One page cut from an ordered list: its items and the ids the neighbour pages start at. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextFrom: string | null;
  readonly previousFrom: string | null;
}

/**
 * Cuts the page that starts at the item with id `from` (or at the first item) and holds `take` items.
 * Returns undefined when `from` is not the id of any item. The pagination faults act here.
 */
export function paginate<T extends { readonly id: string }>(
  ordered: readonly T[],
  take: number,
  from: string | undefined,
  faults: ReadonlySet<string>,
): Page<T> | undefined {
  const start = from === undefined ? 0 : ordered.findIndex((item) => item.id === from);
  if (start < 0) return undefined;
  const size = faults.has(IMG_FAULT.ignoresTake) ? DEFAULT_TAKE : take;
  const end = Math.min(ordered.length, start + size);
  const items = ordered.slice(start, end);
  let nextIndex: number | undefined = end < ordered.length ? end : undefined;
  if (nextIndex !== undefined && faults.has(IMG_FAULT.skipsItemAtPageBoundary)) nextIndex += 1;
  if (nextIndex !== undefined && faults.has(IMG_FAULT.duplicatesAcrossPages)) nextIndex = Math.max(end - 1, start + 1);
  if (faults.has(IMG_FAULT.noNextOnFullPage) && items.length === size) nextIndex = undefined;
  if (nextIndex === undefined && faults.has(IMG_FAULT.nextLoops) && ordered.length > 0) nextIndex = 0;
  const next = nextIndex === undefined ? undefined : ordered[nextIndex];
  const previous = start > 0 ? ordered[Math.max(0, start - size)] : undefined;
  return { items, nextFrom: next?.id ?? null, previousFrom: previous?.id ?? null };
}
