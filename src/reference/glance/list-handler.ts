import type { GlanceEnv, GlanceReply, GlanceRequest } from './exchange.ts';
import { GLANCE_FAULT } from './faults.ts';
import { badRequest, forbidden } from './glance-error.ts';
import { listLinks } from './list-links.ts';
import { parseListQuery } from './list-query.ts';
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
  const query = parseListQuery(params);
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
    : imageComparator(query.sortKeys, query.sortDirs);
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
    if (known) after = matching.filter((image) => compare(image, known) > 0);
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
      ...listLinks(request.query, nextMarker),
      schema: '/v2/schemas/images',
    },
  };
}
