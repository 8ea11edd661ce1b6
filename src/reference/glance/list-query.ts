import { IMAGE_STATUSES } from './model.ts';
import { GLANCE_FAULT, type GlanceFaults } from './faults.ts';
import { badRequest } from './glance-error.ts';
import type { ImageRecord } from './model.ts';
import { compareTime, parseTimeFilter, splitFilterOp } from './timestamps.ts';
import type { MemberStatusFilter } from './visibility.ts';

/** Keys `sort_key` / `sort` accept (upstream `_available_sort_keys`). */
export const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** Page size without `limit`, and the cap above which `limit` is lowered (glance-api.conf defaults). */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 1000;

/** One parsed filter: a test an image must pass. */
export type ImagePredicate = (image: ImageRecord) => boolean;

/** A validated GET /v2/images query. */
export interface ListQuery {
  readonly limit: number;
  readonly marker: string | undefined;
  readonly memberStatus: MemberStatusFilter;
  /** undefined = no visibility filter (the default list). */
  readonly visibility: string | undefined;
  readonly tags: readonly string[];
  readonly sortKeys: readonly SortKey[];
  readonly sortDirs: readonly SortDir[];
  /** Column and custom-property filters, os_hidden included. */
  readonly predicates: readonly ImagePredicate[];
}

const PAGING_AND_SORT = new Set(['limit', 'marker', 'member_status', 'tag', 'sort', 'sort_key', 'sort_dir', 'visibility']);
/** Columns whose filter also takes `in:a,b,c`. */
const IN_COLUMNS = new Set(['id', 'name', 'status', 'container_format', 'disk_format']);
const EXACT_COLUMNS = new Set(['owner', 'checksum', 'os_hash_algo', 'os_hash_value', 'min_ram', 'min_disk']);

const NO_FAULTS: GlanceFaults = { has: () => false };

/** Parses and validates the list query the way upstream's `RequestDeserializer.index` does (400 on error). */
export function parseListQuery(params: URLSearchParams, faults: GlanceFaults = NO_FAULTS): ListQuery {
  const last = (name: string): string | undefined => params.getAll(name).at(-1);
  const limit = parseLimit(last('limit'), faults);
  const memberStatus = parseMemberStatus(last('member_status') ?? 'accepted');
  const visibility = last('visibility');
  // The vendor documents these filters as enums; values outside them (the empty one included) are 400.
  if (visibility !== undefined && !['community', 'public', 'private', 'shared', 'all'].includes(visibility)) {
    throw badRequest(`Invalid visibility value: ${visibility}`);
  }
  const status = last('status');
  if (status !== undefined && !status.startsWith('in:') && !status.startsWith('eq:') && !(IMAGE_STATUSES as readonly string[]).includes(status)) {
    throw badRequest(`Invalid status value: ${status}`);
  }
  const { sortKeys, sortDirs } = parseSorting(params, faults);
  return {
    limit,
    marker: last('marker'),
    memberStatus,
    visibility,
    tags: params.getAll('tag').map((tag) => tag.trim()),
    sortKeys,
    sortDirs,
    predicates: parsePredicates(params, last, faults),
  };
}

function parseLimit(raw: string | undefined, faults: GlanceFaults): number {
  // Fault: no default page size.
  if (raw === undefined) return faults.has(GLANCE_FAULT.defaultPageSizeIgnored) ? MAX_LIMIT : DEFAULT_LIMIT;
  // Fault: a fraction rounded down, an empty limit the default.
  if (faults.has(GLANCE_FAULT.fractionalLimitAccepted) && /^\s*\d*(\.\d*)?\s*$/.test(raw)) return raw.trim() === '' ? DEFAULT_LIMIT : Math.min(Math.floor(Number(raw)), MAX_LIMIT);
  // Python's int(): optional sign, digits, surrounding blanks; "2.0" and "" are refused.
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw badRequest('limit param must be an integer');
  const limit = Number(raw.trim());
  // Fault: limit=0 taken as no limit.
  if (limit === 0 && faults.has(GLANCE_FAULT.limitZeroDefaultPage)) return DEFAULT_LIMIT;
  if (limit < 0) throw badRequest('limit param must be positive');
  return Math.min(limit, MAX_LIMIT);
}

function parseMemberStatus(raw: string): MemberStatusFilter {
  if (raw === 'pending' || raw === 'accepted' || raw === 'rejected' || raw === 'all') return raw;
  throw badRequest(`Invalid status: ${raw}`);
}

function parseSortKey(raw: string): SortKey {
  const key = raw.trim();
  if (!(SORT_KEYS as readonly string[]).includes(key)) {
    throw badRequest(`Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);
  }
  return key as SortKey;
}

function parseSortDir(raw: string): SortDir {
  const dir = raw.trim();
  if (dir !== 'asc' && dir !== 'desc') throw badRequest(`Invalid sort direction: ${dir}`);
  return dir;
}

/** Classic `sort_key=..&sort_dir=..` or new `sort=k:dir,...`; mixing them is 400. */
function parseSorting(params: URLSearchParams, faults: GlanceFaults): { sortKeys: SortKey[]; sortDirs: SortDir[] } {
  const sortKeys: SortKey[] = [];
  const sortDirs: SortDir[] = [];
  if (params.has('sort')) {
    if (params.has('sort_key') || params.has('sort_dir')) throw badRequest('Old and new sorting syntax cannot be combined');
    for (const part of (params.getAll('sort').at(-1) ?? '').trim().split(',')) {
      const colon = part.indexOf(':');
      const key = colon < 0 ? part : part.slice(0, colon);
      const dir = colon < 0 ? '' : part.slice(colon + 1);
      sortKeys.push(parseSortKey(key));
      // Fault: a key without a direction sorts ascending.
      sortDirs.push(parseSortDir(dir.trim() === '' ? (faults.has(GLANCE_FAULT.sortDefaultDirAsc) ? 'asc' : 'desc') : dir));
    }
  } else {
    for (const key of params.getAll('sort_key')) sortKeys.push(parseSortKey(key));
    for (const dir of params.getAll('sort_dir')) sortDirs.push(parseSortDir(dir));
    // Fault: a count mismatch accepted (the extra directions dropped).
    if (faults.has(GLANCE_FAULT.sortDirCountAccepted) && sortDirs.length > sortKeys.length) sortDirs.splice(Math.max(sortKeys.length, 1));
    if (sortDirs.length > 1 && sortDirs.length !== sortKeys.length) {
      throw badRequest('Number of sort dirs does not match the number of sort keys');
    }
  }
  return {
    sortKeys: sortKeys.length > 0 ? sortKeys : ['created_at'],
    // Fault: oldest first when no sort is given.
    sortDirs: sortDirs.length > 0 ? sortDirs : [sortKeys.length === 0 && faults.has(GLANCE_FAULT.defaultOrderAscending) ? 'asc' : 'desc'],
  };
}

function parseBoolean(name: string, raw: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw badRequest(`Invalid value '${raw}' for '${name}' filter. Valid values are 'true' or 'false'.`);
}

function parseSize(raw: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw badRequest('Unable to filter on a range with a non-numeric value.');
  return Number(raw.trim());
}

function parsePredicates(params: URLSearchParams, last: (name: string) => string | undefined, faults: GlanceFaults): ImagePredicate[] {
  const predicates: ImagePredicate[] = [];
  const names = [...new Set(params.keys())].filter((name) => !PAGING_AND_SORT.has(name));
  // Fault: hidden images in the default list.
  if (!names.includes('os_hidden') && !faults.has(GLANCE_FAULT.hiddenInDefaultList)) predicates.push((image) => !image.os_hidden);
  for (const name of names) {
    const value = last(name) ?? '';
    predicates.push(parsePredicate(name, value, faults));
  }
  return predicates;
}

const ANY: ImagePredicate = () => true;

/** The filters a fault makes the server ignore. */
function ignoredFilter(name: string, faults: GlanceFaults): boolean {
  return (
    (faults.has(GLANCE_FAULT.formatFilterIgnored) && (name === 'disk_format' || name === 'container_format')) ||
    (faults.has(GLANCE_FAULT.ownerFilterIgnored) && name === 'owner') ||
    (faults.has(GLANCE_FAULT.statusFilterIgnored) && name === 'status') ||
    (faults.has(GLANCE_FAULT.protectedFilterIgnored) && name === 'protected') ||
    (faults.has(GLANCE_FAULT.sizeFilterIgnored) && (name === 'size_min' || name === 'size_max'))
  );
}

const INVERTED: Readonly<Record<string, string>> = { gt: 'lt', gte: 'lte', lt: 'gt', lte: 'gte' };

function parsePredicate(name: string, value: string, faults: GlanceFaults): ImagePredicate {
  if (name === 'changes-since') throw badRequest('The "changes-since" filter is no longer available on v2.');
  if (ignoredFilter(name, faults)) return ANY;
  if (name === 'protected' || name === 'os_hidden') {
    const wanted = parseBoolean(name, value);
    return (image) => image[name] === wanted;
  }
  if (name === 'size_min') {
    const min = parseSize(value);
    return (image) => image.size !== null && image.size >= min;
  }
  if (name === 'size_max') {
    const max = parseSize(value);
    return (image) => image.size !== null && image.size <= max;
  }
  if (name === 'created_at' || name === 'updated_at') {
    let parsed: ReturnType<typeof parseTimeFilter>;
    try {
      parsed = parseTimeFilter(name, value);
    } catch (error: unknown) {
      // Fault: a filter that cannot be read is dropped.
      if (faults.has(GLANCE_FAULT.badTimeFilterAccepted)) return ANY;
      throw error;
    }
    // Fault: the comparison turned around.
    const op = faults.has(GLANCE_FAULT.timeFilterInverted) ? ((INVERTED[parsed.op] ?? parsed.op) as typeof parsed.op) : parsed.op;
    return (image) => compareTime(image[name], op, parsed.epochMs);
  }
  if (IN_COLUMNS.has(name)) {
    const column = name as 'id' | 'name' | 'status' | 'container_format' | 'disk_format';
    const split = splitFilterOp(value);
    // Fault: 'in:a,b' and unknown operators are one literal value.
    const literal = (faults.has(GLANCE_FAULT.inOperatorLiteral) && split.op === 'in') || (faults.has(GLANCE_FAULT.unknownFilterOperatorAccepted) && split.op !== 'in' && split.op !== 'eq');
    const { op, threshold } = literal ? { op: 'eq', threshold: value } : split;
    if (op !== 'in' && op !== 'eq') throw badRequest(`Unable to filter by unknown operator '${op}'.`);
    // Fault: quotes kept.
    const wanted = op === 'in' ? (faults.has(GLANCE_FAULT.inQuotesKept) ? threshold.split(',') : splitQuotedValues(threshold)) : [threshold];
    // Fault: names matched by substring.
    if (column === 'name' && faults.has(GLANCE_FAULT.nameFilterSubstring)) return (image) => image.name !== null && wanted.some((part) => (image.name ?? '').includes(part));
    return (image) => image[column] !== null && wanted.includes(image[column]);
  }
  if (EXACT_COLUMNS.has(name)) {
    const column = name as 'owner' | 'checksum' | 'os_hash_algo' | 'os_hash_value' | 'min_ram' | 'min_disk';
    return (image) => image[column] !== null && String(image[column]) === value;
  }
  // Fault: custom-property filters ignored.
  if (faults.has(GLANCE_FAULT.customPropertyFilterIgnored)) return ANY;
  // Upstream turns any other query parameter into a custom-property filter.
  return (image) => Object.hasOwn(image.properties, name) && image.properties[name] === value;
}

/**
 * Upstream `split_filter_value_for_quotes`: comma-separated values, a value in double quotes may hold
 * commas and escaped quotes; unbalanced quotes are refused (`validate_quotes`).
 */
function splitQuotedValues(list: string): string[] {
  const unescaped = list.replace(/\\./g, '');
  if ((unescaped.match(/"/g) ?? []).length % 2 !== 0) throw badRequest(`Invalid filter value ${list}. The quote is not closed.`);
  const values: string[] = [];
  for (const match of list.matchAll(/"([^"\\]*(?:\\.[^"\\]*)*)",?|([^,]+),?|,/g)) values.push(match[1] ?? match[2] ?? '');
  return values;
}
