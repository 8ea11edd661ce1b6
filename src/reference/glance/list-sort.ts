import type { SortDir, SortKey } from './list-query.ts';
import type { ImageRecord } from './model.ts';

/** Orders images like upstream's paginate_query: the given keys, then created_at and id as tie-breakers. */
export type ImageComparator = (left: ImageRecord, right: ImageRecord) => number;

/**
 * Builds the total order a list and its marker use. Tie-breakers take the single given direction, or
 * desc when several were given (upstream `image_get_all`). Nulls sort first ascending, as in SQL.
 */
export function imageComparator(sortKeys: readonly SortKey[], sortDirs: readonly SortDir[], options: { readonly nullsLast?: boolean } = {}): ImageComparator {
  const keys = [...sortKeys];
  const dirs = sortDirs.length === 1 ? keys.map(() => sortDirs[0] ?? 'desc') : [...sortDirs];
  const tieDir: SortDir = sortDirs.length === 1 ? (sortDirs[0] ?? 'desc') : 'desc';
  for (const tie of ['created_at', 'id'] as const) {
    if (!keys.includes(tie)) {
      keys.push(tie);
      dirs.push(tieDir);
    }
  }
  return (left, right) => {
    for (const [index, key] of keys.entries()) {
      const order = compareValues(left[key], right[key], options.nullsLast === true);
      if (order !== 0) return dirs[index] === 'desc' ? -order : order;
    }
    return 0;
  };
}

function compareValues(left: string | number | null, right: string | number | null, nullsLast: boolean): number {
  if (left === right) return 0;
  if (left === null) return nullsLast ? 1 : -1;
  if (right === null) return nullsLast ? -1 : 1;
  return left < right ? -1 : 1;
}
