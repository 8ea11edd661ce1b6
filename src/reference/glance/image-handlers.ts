import { randomUUID } from 'node:crypto';
import { assertClientMayName, isUuid, normalizeTags, validateAttribute } from './attributes.ts';

/** Attributes the vendor's `ImageCreate` types as plain strings, so null is refused on create. */
const NOT_NULL_ON_CREATE = ['name', 'container_format', 'disk_format'] as const;
import type { GlanceEnv, GlanceReply, GlanceRequest } from './exchange.ts';
import { isJsonObject, lookupImage, readJson } from './exchange.ts';
import { GLANCE_FAULT } from './faults.ts';
import { GlanceHttpError, badRequest, conflict, forbidden } from './glance-error.ts';
import type { ImageRecord, Visibility } from './model.ts';
import { VISIBILITIES } from './model.ts';
import { renderImage } from './render.ts';
import { isOwnerOrAdmin, isVisibleById } from './visibility.ts';

/** POST /v2/images: 201 with the image and an absolute Location, as upstream (webob absolutizes it). */
export async function createImage(request: GlanceRequest, env: GlanceEnv): Promise<GlanceReply> {
  const { context } = request;
  if (!context.canWrite) throw forbidden('You are not authorized to complete add_image action.');
  const raw = await request.body();
  if (raw.length === 0) throw badRequest('Body expected in request.');
  const body = await readJson({ ...request, body: () => Promise.resolve(raw) });
  // Fault: upstream Zed's crash on an array body (a string, number or null gets its 400).
  if (env.faults.has(GLANCE_FAULT.arrayCreateBody500) && Array.isArray(body)) {
    throw new GlanceHttpError(500, 'The server has either erred or is incapable of performing the requested operation.');
  }
  if (!isJsonObject(body)) throw badRequest('Request body must be a JSON object.');
  const fields = { ...body };
  // Fault: checksum in a create body dropped instead of refused.
  if (env.faults.has(GLANCE_FAULT.readOnlyCreateIgnored)) delete fields.checksum;
  for (const name of Object.keys(fields)) if (name !== 'id') assertClientMayName(name);
  // Fault: a visibility outside the enum is dropped, so the default applies, instead of 400.
  if (env.faults.has(GLANCE_FAULT.acceptsInvalidVisibility) && !(VISIBILITIES as readonly unknown[]).includes(fields.visibility)) {
    delete fields.visibility;
  }
  if (fields.id !== undefined && (typeof fields.id !== 'string' || !isUuid(fields.id))) {
    throw badRequest(`Provided object does not match schema 'image': ${JSON.stringify(fields.id)} is not a UUID (attribute 'id')`);
  }
  for (const [name, value] of Object.entries(fields)) if (name !== 'id') validateAttribute(name, value);
  // The vendor's ImageCreate has no nullable property (upstream accepts null for these): we follow the document.
  for (const name of NOT_NULL_ON_CREATE) {
    if (fields[name] === null) throw badRequest(`Provided object does not match schema 'image': None is not of type 'string' (attribute '${name}')`);
  }
  const { id: requestedId, name, visibility, protected: isProtected, os_hidden, owner, container_format, disk_format, min_disk, min_ram, tags, ...custom } =
    fields;
  // Fault: valid custom properties refused.
  if (env.faults.has(GLANCE_FAULT.rejectsCustomProperties) && Object.keys(custom).length > 0) {
    throw badRequest(`Provided object does not match schema 'image': unexpected property '${Object.keys(custom)[0] ?? ''}'`);
  }
  // Fault: an edge input crashes the server.
  if (env.faults.has(GLANCE_FAULT.emptyName500) && name === '') throw new GlanceHttpError(500, 'The server has either erred or is incapable of performing the requested operation.');
  // Fault: the admin's owner dropped.
  const imageOwner = owner === undefined || (context.isAdmin && env.faults.has(GLANCE_FAULT.adminOwnerIgnored)) ? context.project : (owner as string | null);
  // Fault: a project creates images for another.
  if (!context.isAdmin && imageOwner !== context.project && !env.faults.has(GLANCE_FAULT.tenantSetsOwner)) {
    throw forbidden(`You are not permitted to create images owned by '${String(imageOwner)}'`);
  }
  // Fault: private by default.
  const finalVisibility = (visibility as Visibility | undefined) ?? (env.faults.has(GLANCE_FAULT.defaultVisibilityPrivate) ? 'private' : 'shared');
  // Fault: publicize_image not enforced.
  if (finalVisibility === 'public' && !context.isAdmin && !env.faults.has(GLANCE_FAULT.memberPublicizes)) throw forbidden('You are not authorized to complete publicize_image action.');
  // Fault: the chosen id ignored.
  let id = env.faults.has(GLANCE_FAULT.chosenIdIgnored) ? randomUUID() : ((requestedId as string | undefined)?.toLowerCase() ?? randomUUID());
  // Fault: a taken id replaced by a new one.
  if (env.store.isTaken(id) && env.faults.has(GLANCE_FAULT.duplicateIdAccepted)) id = randomUUID();
  if (env.store.isTaken(id)) throw conflict(`Image ID ${id} already exists!`);
  const now = env.now();
  const image: ImageRecord = {
    id,
    name: (name as string | null | undefined) ?? null,
    status: 'queued',
    visibility: finalVisibility,
    // Fault: protected at create ignored.
    protected: env.faults.has(GLANCE_FAULT.createProtectedIgnored) ? false : ((isProtected as boolean | undefined) ?? false),
    os_hidden: (os_hidden as boolean | undefined) ?? false,
    owner: imageOwner,
    container_format: (container_format as string | null | undefined) ?? null,
    disk_format: (disk_format as string | null | undefined) ?? null,
    min_disk: (min_disk as number | undefined) ?? 0,
    min_ram: (min_ram as number | undefined) ?? 0,
    size: null,
    virtual_size: null,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    tags: normalizeTags((tags as string[] | undefined) ?? []),
    created_at: now,
    updated_at: now,
    properties: custom as Record<string, string>,
    data: null,
    members: new Map(),
  };
  env.store.add(image);
  // Fault: the answer names an id that was never stored.
  const shown = env.faults.has(GLANCE_FAULT.createdImageNotFound) ? { ...image, id: randomUUID() } : image;
  const headers: Record<string, string> = { 'openstack-image-import-methods': 'glance-direct' };
  // Fault: no Location header.
  if (!env.faults.has(GLANCE_FAULT.createMissingLocation)) headers.location = `${request.origin}/v2/images/${shown.id}`;
  // Fault: 200 instead of 201.
  const status = env.faults.has(GLANCE_FAULT.createReturns200) ? 200 : 201;
  return { status, json: renderImage(shown, env.faults), headers };
}

/** GET /v2/images/{id}. */
export function showImage(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const { context } = request;
  const id = request.params.imageId ?? '';
  // Fault: use after free, a deleted image is still served.
  const deleted = env.store.getDeleted(id);
  if (env.faults.has(GLANCE_FAULT.deletedStillVisible) && deleted && context.canRead && isVisibleById(context, deleted)) {
    return { status: 200, json: renderImage(deleted, env.faults) };
  }
  const live = env.store.get(id);
  // Fault: another tenant's private image is shown.
  const leaked = env.faults.has(GLANCE_FAULT.privateVisibleById) && live?.visibility === 'private' && context.canRead;
  const image = leaked && live ? live : lookupImage(request, env);
  // Fault: the JSON body is labelled text/plain.
  const contentType = env.faults.has(GLANCE_FAULT.showTextPlain) ? 'text/plain' : 'application/json';
  return { status: 200, json: renderImage(image, env.faults), contentType };
}

/** DELETE /v2/images/{id}: 204; 403 for someone else's visible image or a protected one. */
export function deleteImage(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const id = request.params.imageId ?? '';
  // Fault: an image the caller cannot see is refused as forbidden, which tells it that the image exists.
  const existing = env.store.get(id);
  if (env.faults.has(GLANCE_FAULT.invisibleDeleteIs403) && existing && !isVisibleById(request.context, existing)) {
    throw forbidden('You are not authorized to complete delete_image action.');
  }
  const image = lookupImage(request, env, `Failed to find image ${id} to delete`);
  if (!request.context.canWrite || !isOwnerOrAdmin(request.context, image)) {
    throw forbidden('You are not authorized to complete delete_image action.');
  }
  // Fault: protection ignored.
  if (image.protected && !env.faults.has(GLANCE_FAULT.protectedDeleteAllowed)) {
    throw forbidden(`Image ${id} is protected and cannot be deleted.`);
  }
  env.store.delete(id, env.now());
  // Fault: a status the document does not list for delete.
  if (env.faults.has(GLANCE_FAULT.deleteReturns200)) return { status: 200, json: {} };
  return { status: 204 };
}
