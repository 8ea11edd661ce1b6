import { createHash } from 'node:crypto';
import type { GlanceEnv, GlanceReply, GlanceRequest } from './exchange.ts';
import { lookupImage } from './exchange.ts';
import { GLANCE_FAULT } from './faults.ts';
import { GlanceHttpError, badRequest, conflict, forbidden, notFound } from './glance-error.ts';
import type { ImageRecord } from './model.ts';
import { isOwnerOrAdmin } from './visibility.ts';

/** Largest image upload the reference server keeps in memory. */
export const MAX_IMAGE_BYTES = 16 * 1_048_576;

function ownedImage(request: GlanceRequest, env: GlanceEnv, action: string): ImageRecord {
  // Fault: an unknown image is refused as a bad request, not as not found.
  if (env.faults.has(GLANCE_FAULT.unknownActionIs400) && !env.store.get(request.params.imageId ?? '')) throw badRequest(`Cannot ${action} an unknown image.`);
  const image = lookupImage(request, env);
  if (!request.context.canWrite || !isOwnerOrAdmin(request.context, image)) {
    throw forbidden(`You are not authorized to complete ${action} action.`);
  }
  return image;
}

/**
 * POST .../actions/deactivate: the owner (member role) or the admin, as Zed's policy says (the
 * vendor document says admin only). active -> deactivated, deactivated stays; other states 403.
 */
export function deactivateImage(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const image = ownedImage(request, env, 'deactivate');
  // Fault: a queued image "deactivates" (answered, nothing changes).
  if (image.status === 'queued' && env.faults.has(GLANCE_FAULT.queuedDeactivateAllowed)) return { status: 204 };
  if (image.status !== 'active' && image.status !== 'deactivated') {
    throw forbidden(`Not allowed to deactivate image in status '${image.status}'`);
  }
  // Fault: deactivate is not repeatable.
  if (image.status === 'deactivated' && env.faults.has(GLANCE_FAULT.repeatedDeactivate403)) throw forbidden("Not allowed to deactivate image in status 'deactivated'");
  // Fault: answered 204 but nothing changes.
  if (image.status === 'active' && !env.faults.has(GLANCE_FAULT.deactivateNotApplied)) {
    image.status = 'deactivated';
    image.updated_at = env.now();
  }
  return { status: 204 };
}

/** POST .../actions/reactivate: deactivated -> active, active stays; other states 403. */
export function reactivateImage(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const image = ownedImage(request, env, 'reactivate');
  if (image.status !== 'active' && image.status !== 'deactivated') {
    throw forbidden(`Not allowed to reactivate image in status '${image.status}'`);
  }
  // Fault: reactivate is not repeatable.
  if (image.status === 'active' && env.faults.has(GLANCE_FAULT.repeatedReactivate403)) throw forbidden("Not allowed to reactivate image in status 'active'");
  if (image.status === 'deactivated') {
    image.status = 'active';
    image.updated_at = env.now();
  }
  return { status: 204 };
}

/** PUT /v2/images/{id}/tags/{tag}: 204, idempotent. */
export function addTag(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const image = ownedImage(request, env, 'modify_image');
  const tag = request.params.tag ?? '';
  if (tag.length > 255) throw badRequest(`Provided object does not match schema 'image': tag '${tag.slice(0, 20)}...' is too long (maxLength 255)`);
  if (!image.tags.includes(tag)) {
    image.tags.push(tag);
    image.updated_at = env.now();
  }
  return { status: 204 };
}

/** DELETE /v2/images/{id}/tags/{tag}: 204, 404 when the image lacks the tag. */
export function removeTag(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const image = ownedImage(request, env, 'modify_image');
  const index = image.tags.indexOf(request.params.tag ?? '');
  if (index < 0) throw notFound('The resource could not be found.');
  image.tags.splice(index, 1);
  image.updated_at = env.now();
  return { status: 204 };
}

/** PUT /v2/images/{id}/file: octet-stream upload of a queued image with both formats set; then active. */
export async function uploadImageData(request: GlanceRequest, env: GlanceEnv): Promise<GlanceReply> {
  const { faults } = env;
  // Fault: any media type stored.
  if (request.mediaType !== 'application/octet-stream' && !faults.has(GLANCE_FAULT.uploadWrongTypeAccepted)) {
    throw new GlanceHttpError(415, `The request media type ${request.mediaType || '(none)'} is not supported by this server.`);
  }
  const image = ownedImage(request, env, 'upload_image');
  // Fault: an active image's data replaced.
  if (image.status !== 'queued' && !(image.status === 'active' && faults.has(GLANCE_FAULT.secondUploadAccepted))) throw conflict(`Image status transition from ${image.status} to saving is not allowed`);
  // Fault: data stored without formats.
  if ((image.disk_format === null || image.container_format === null) && !faults.has(GLANCE_FAULT.uploadWithoutFormatsAccepted)) {
    throw badRequest('Properties disk_format, container_format must be set prior to saving data.');
  }
  const data = await request.body(MAX_IMAGE_BYTES);
  storeImageData(image, data);
  // Faults: what the upload derives, wrong or missing.
  if (faults.has(GLANCE_FAULT.checksumWrong)) image.checksum = createHash('md5').update(Buffer.concat([data, Buffer.from('x')])).digest('hex');
  if (faults.has(GLANCE_FAULT.sizeNotSet)) image.size = null;
  if (faults.has(GLANCE_FAULT.multihashMissing)) {
    image.os_hash_algo = null;
    image.os_hash_value = null;
  }
  image.updated_at = env.now();
  return { status: 204 };
}

/** Sets the data and everything Glance derives from it (size, md5 checksum, sha512 multihash, active). */
export function storeImageData(image: ImageRecord, data: Buffer): void {
  image.data = data;
  image.size = data.length;
  image.checksum = createHash('md5').update(data).digest('hex');
  image.os_hash_algo = 'sha512';
  image.os_hash_value = createHash('sha512').update(data).digest('hex');
  image.status = 'active';
}

/** GET /v2/images/{id}/file: 200 with the data, 204 when none, 403 for a non-admin on a deactivated image. */
export function downloadImageData(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const { faults } = env;
  // Fault: any project reads any image's data.
  const leaked = faults.has(GLANCE_FAULT.outsiderDownload) ? env.store.get(request.params.imageId ?? '') : undefined;
  const image = leaked ?? lookupImage(request, env);
  // Faults: the owner let through, the admin kept out.
  const blocked = request.context.isAdmin ? faults.has(GLANCE_FAULT.adminDeactivatedDownload403) : !faults.has(GLANCE_FAULT.deactivatedDownloadAllowed);
  if (image.status === 'deactivated' && blocked) {
    throw forbidden('The requested image has been deactivated. Image data download is forbidden.');
  }
  if (image.data === null) {
    // Fault: no data is not found.
    if (faults.has(GLANCE_FAULT.queuedDownload404)) throw notFound('The requested image has no data.');
    return { status: 204 };
  }
  const data = faults.has(GLANCE_FAULT.downloadCorrupt) ? Buffer.concat([image.data.subarray(0, -1), Buffer.from([(image.data.at(-1) ?? 0) ^ 0xff])]) : image.data;
  return {
    status: 200,
    raw: data,
    contentType: 'application/octet-stream',
    headers: image.checksum && !faults.has(GLANCE_FAULT.downloadNoContentMd5) ? { 'content-md5': image.checksum } : {},
  };
}
