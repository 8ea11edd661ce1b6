import type { GlanceEnv, GlanceReply, GlanceRequest } from './exchange.ts';
import { GLANCE_FAULT, type GlanceFaults } from './faults.ts';
import { badRequest, forbidden } from './glance-error.ts';
import { listLinks } from './list-links.ts';
import { parseListQuery, type SortDir, type SortKey } from './list-query.ts';
import { imageComparator } from './list-sort.ts';
import type { ImageRecord } from './model.ts';
import { renderImage } from './render.ts';
import { isListable, isVisibleById } from './visibility.ts';

/** GET /v2/images: visibility rules, filters, sort, keyset pagination after the marker. */
export function listImages(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const { context } = request;
  if (!context.canRead) throw forbidden('You are not authorized to complete get_images action.');
  // Fault: the old sorting syntax is dropped beside the new one instead of refused.
  const params = new URLSearchParams(request.query);
  if (env.faults.has(GLANCE_FAULT.mixedSortAccepted) && params.has('sort')) for (const name of ['sort_key', 'sort_dir']) params.delete(name);
  const query = parseListQuery(params, env.faults);
  const { faults } = env;
  const leaks = {
    // Fault: other tenants' private images listed.
    privateInList: faults.has(GLANCE_FAULT.privateInList),
    // Fault: other tenants' community images in the default list.
    communityInDefaultList: faults.has(GLANCE_FAULT.communityInDefaultList),
    // Fault: pending memberships in the default list.
    pendingInDefaultList: faults.has(GLANCE_FAULT.pendingInDefaultList),
  };
  // Fault: repeated tags are OR-ed.
  const tagsMatch = faults.has(GLANCE_FAULT.tagFilterOr)
    ? (image: ImageRecord) => query.tags.length === 0 || query.tags.some((tag) => image.tags.includes(tag))
    : (image: ImageRecord) => query.tags.every((tag) => image.tags.includes(tag));
  // Fault: sort keys ignored, created_at order kept.
  const compare = faults.has(GLANCE_FAULT.ignoresSortKey)
    ? imageComparator(['created_at'], query.sortDirs.slice(0, 1))
    : imageComparator(...faultySorting(query.sortKeys, query.sortDirs, env.faults), { nullsLast: faults.has(GLANCE_FAULT.nullSizeSortsLast) });
  const matching = env.store
    .all()
    .filter((image) => isListable(context, image, query.memberStatus, query.visibility, leaks))
    .filter((image) => tagsMatch(image) && query.predicates.every((predicate) => predicate(image)))
    .sort(compare);

  let after = matching;
  if (query.marker !== undefined) {
    const marker = env.store.get(query.marker);
    const known = marker !== undefined && isVisibleById(context, marker) ? marker : undefined;
    // Fault: an unknown marker is ignored: the first page comes back.
    if (!known && !faults.has(GLANCE_FAULT.unknownMarkerIgnored)) throw badRequest(`No image found with ID ${query.marker}`);
    // Fault: a marker without a name compares as if named "" (upstream Glance does).
    const from = known && known.name === null && faults.has(GLANCE_FAULT.nullNameMarkerAsEmpty) ? { ...known, name: '' } : known;
    if (from) after = matching.filter((image) => compare(image, from) > 0);
    // Fault: the first image after the marker is lost.
    if (faults.has(GLANCE_FAULT.skipsItemAfterMarker)) after = after.slice(1);
    // Fault: the marker image is served again.
    if (faults.has(GLANCE_FAULT.duplicatesMarkerItem) && known) after = [known, ...after];
  }
  // Fault: limit ignored.
  const page = faults.has(GLANCE_FAULT.ignoresLimit) ? after : after.slice(0, query.limit);
  const full = page.length > 0 && page.length === query.limit;
  let nextMarker: string | undefined;
  // Fault: no next on a full page.
  if (full && !faults.has(GLANCE_FAULT.noNextOnFullPage)) {
    // Fault: next repeats the request's own marker, so a walk never ends.
    nextMarker = faults.has(GLANCE_FAULT.nextLoops) && query.marker !== undefined ? query.marker : page.at(-1)?.id;
  }
  return {
    status: 200,
    json: {
      images: page.map((image) => renderImage(image, faults)),
      ...faultyLinks(listLinks(request.query, nextMarker), request, faults),
      schema: '/v2/schemas/images',
    },
  };
}

/** The sort a sorting fault makes of the one asked for. */
function faultySorting(keys: readonly SortKey[], dirs: readonly SortDir[], faults: GlanceFaults): [SortKey[], SortDir[]] {
  let sortKeys = [...keys];
  let sortDirs = [...dirs];
  // Fault: one direction for several keys applies to the first only.
  if (faults.has(GLANCE_FAULT.oneSortDirFirstKeyOnly) && sortDirs.length === 1 && sortKeys.length > 1) sortDirs = sortKeys.map((_, index) => (index === 0 ? (dirs[0] ?? 'desc') : 'desc'));
  // Fault: the tie-breakers descending whatever the direction given.
  if (faults.has(GLANCE_FAULT.tieBreakAlwaysDesc)) {
    if (sortDirs.length === 1) sortDirs = sortKeys.map(() => dirs[0] ?? 'desc');
    for (const tie of ['created_at', 'id'] as const) {
      if (!sortKeys.includes(tie)) {
        sortKeys = [...sortKeys, tie];
        sortDirs = [...sortDirs, 'desc'];
      }
    }
  }
  return [sortKeys, sortDirs];
}

/** The links a link fault makes of upstream's. */
function faultyLinks(links: { first: string; next?: string }, request: GlanceRequest, faults: GlanceFaults): { first: string; next?: string } {
  let { first, next } = links;
  // Fault: first without the query.
  if (faults.has(GLANCE_FAULT.firstLinkDropsQuery)) first = '/v2/images';
  // Fault: next keeps only limit and marker.
  if (faults.has(GLANCE_FAULT.nextDropsFilters) && next !== undefined) {
    const kept = new URLSearchParams([...new URL(next, 'http://x').searchParams].filter(([name]) => name === 'limit' || name === 'marker'));
    next = `/v2/images?${kept.toString()}`;
  }
  // Fault: absolute URLs.
  if (faults.has(GLANCE_FAULT.absoluteLinks)) {
    first = `${request.origin}${first}`;
    if (next !== undefined) next = `${request.origin}${next}`;
  }
  return next === undefined ? { first } : { first, next };
}
