import { IMAGE_STATUSES } from './model.ts';
import { badRequest } from './glance-error.ts';
import type { ImageRecord } from './model.ts';
import { compareTime, parseTimeFilter } from './timestamps.ts';
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

/** Parses and validates the list query the way upstream's `RequestDeserializer.index` does (400 on error). */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const last = (name: string): string | undefined => params.getAll(name).at(-1);
  const limit = parseLimit(last('limit'));
  const memberStatus = parseMemberStatus(last('member_status') ?? 'accepted');
  const visibility = last('visibility');
  // The vendor documents these filters as enums; values outside them (the empty one included) are 400.
  if (visibility !== undefined && !['community', 'public', 'private', 'shared', 'all'].includes(visibility)) {
    throw badRequest(`Invalid visibility value: ${visibility}`);
  }
  const status = last('status');
  if (status !== undefined && !status.startsWith('in:') && !(IMAGE_STATUSES as readonly string[]).includes(status)) {
    throw badRequest(`Invalid status value: ${status}`);
  }
  const { sortKeys, sortDirs } = parseSorting(params);
  return {
    limit,
    marker: last('marker'),
    memberStatus,
    visibility,
    tags: params.getAll('tag').map((tag) => tag.trim()),
    sortKeys,
    sortDirs,
    predicates: parsePredicates(params, last),
  };
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  // Python's int(): optional sign, digits, surrounding blanks; "2.0" and "" are refused.
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw badRequest('limit param must be an integer');
  const limit = Number(raw.trim());
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
function parseSorting(params: URLSearchParams): { sortKeys: SortKey[]; sortDirs: SortDir[] } {
  const sortKeys: SortKey[] = [];
  const sortDirs: SortDir[] = [];
  if (params.has('sort')) {
    if (params.has('sort_key') || params.has('sort_dir')) throw badRequest('Old and new sorting syntax cannot be combined');
    for (const part of (params.getAll('sort').at(-1) ?? '').trim().split(',')) {
      const colon = part.indexOf(':');
      const key = colon < 0 ? part : part.slice(0, colon);
      const dir = colon < 0 ? '' : part.slice(colon + 1);
      sortKeys.push(parseSortKey(key));
      sortDirs.push(parseSortDir(dir.trim() === '' ? 'desc' : dir));
    }
  } else {
    for (const key of params.getAll('sort_key')) sortKeys.push(parseSortKey(key));
    for (const dir of params.getAll('sort_dir')) sortDirs.push(parseSortDir(dir));
    if (sortDirs.length > 1 && sortDirs.length !== sortKeys.length) {
      throw badRequest('Number of sort dirs does not match the number of sort keys');
    }
  }
  return {
    sortKeys: sortKeys.length > 0 ? sortKeys : ['created_at'],
    sortDirs: sortDirs.length > 0 ? sortDirs : ['desc'],
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

function parsePredicates(params: URLSearchParams, last: (name: string) => string | undefined): ImagePredicate[] {
  const predicates: ImagePredicate[] = [];
  const names = [...new Set(params.keys())].filter((name) => !PAGING_AND_SORT.has(name));
  if (!names.includes('os_hidden')) predicates.push((image) => !image.os_hidden);
  for (const name of names) {
    const value = last(name) ?? '';
    predicates.push(parsePredicate(name, value));
  }
  return predicates;
}

function parsePredicate(name: string, value: string): ImagePredicate {
  if (name === 'changes-since') throw badRequest('The "changes-since" filter is no longer available on v2.');
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
    const { op, epochMs } = parseTimeFilter(name, value);
    return (image) => compareTime(image[name], op, epochMs);
  }
  if (IN_COLUMNS.has(name)) {
    const column = name as 'id' | 'name' | 'status' | 'container_format' | 'disk_format';
    const wanted = value.startsWith('in:') ? value.slice(3).split(',') : [value];
    return (image) => image[column] !== null && wanted.includes(image[column]);
  }
  if (EXACT_COLUMNS.has(name)) {
    const column = name as 'owner' | 'checksum' | 'os_hash_algo' | 'os_hash_value' | 'min_ram' | 'min_disk';
    return (image) => image[column] !== null && String(image[column]) === value;
  }
  // Upstream turns any other query parameter into a custom-property filter.
  return (image) => Object.hasOwn(image.properties, name) && image.properties[name] === value;
}
