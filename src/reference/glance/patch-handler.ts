import type { GlanceEnv, GlanceReply, GlanceRequest } from './exchange.ts';
import { lookupImage, readJson } from './exchange.ts';
import { GLANCE_FAULT } from './faults.ts';
import { GlanceHttpError, forbidden } from './glance-error.ts';
import { PATCH_MEDIA_TYPES, applyPatch, parsePatch } from './patch.ts';
import { renderImage } from './render.ts';
import { isOwnerOrAdmin } from './visibility.ts';

const ACCEPT_PATCH = Object.keys(PATCH_MEDIA_TYPES).sort().join(', ');

/**
 * PATCH /v2/images/{id}. Order as upstream: media type (415, with Accept-Patch), then the body
 * (400/403), then the image (404), then the modify policy (403), then the changes (403/409).
 */
export async function patchImage(request: GlanceRequest, env: GlanceEnv): Promise<GlanceReply> {
  let version = PATCH_MEDIA_TYPES[request.mediaType];
  // Fault: the v2.0 patch type refused.
  if (version === 4 && env.faults.has(GLANCE_FAULT.v20PatchRefused)) version = undefined;
  // Fault: any media type is taken as v2.1.
  if (version === undefined && env.faults.has(GLANCE_FAULT.patchMediaTypeNotEnforced)) version = 10;
  if (version === undefined) {
    // Fault: no Accept-Patch.
    throw new GlanceHttpError(415, `The request media type ${request.mediaType || '(none)'} is not supported by this server.`, env.faults.has(GLANCE_FAULT.noAcceptPatch) ? {} : { 'accept-patch': ACCEPT_PATCH });
  }
  let document = await readJson(request);
  // Fault: operations on virtual_size dropped instead of refused.
  if (env.faults.has(GLANCE_FAULT.virtualSizeWritable) && Array.isArray(document)) {
    document = document.filter((operation: unknown) => !(typeof operation === 'object' && operation !== null && Object.values(operation).includes('/virtual_size')));
  }
  // Fault: upstream Zed's crash on a patch path that is not a string, before the image is looked up.
  if (env.faults.has(GLANCE_FAULT.patchPathNotString500) && Array.isArray(document) && document.some((operation) => typeof operation === 'object' && operation !== null && 'path' in operation && typeof (operation as { path: unknown }).path !== 'string')) {
    throw new GlanceHttpError(500, 'The server has either erred or is incapable of performing the requested operation.');
  }
  const parsed = parsePatch(document, version);
  // Fault: operations applied last to first.
  const changes = env.faults.has(GLANCE_FAULT.patchOutOfOrder) ? [...parsed].reverse() : parsed;
  const image = lookupImage(request, env);
  if (!request.context.canWrite || !isOwnerOrAdmin(request.context, image)) {
    throw forbidden('You are not authorized to complete modify_image action.');
  }
  const patched = applyPatch(image, changes, request.context, {
    version,
    // Fault: add on an existing attribute keeps the old value.
    keepOldValueOnAdd: env.faults.has(GLANCE_FAULT.addDoesNotReplace),
    // Fault: formats replaced on an active image.
    formatsAlwaysWritable: env.faults.has(GLANCE_FAULT.formatChangeWhenActive),
    removeMissingAccepted: env.faults.has(GLANCE_FAULT.removeMissingAccepted),
    baseRemoveAccepted: env.faults.has(GLANCE_FAULT.baseRemoveAccepted),
    tenantChangesOwner: env.faults.has(GLANCE_FAULT.tenantChangesOwner),
    memberPublicizes: env.faults.has(GLANCE_FAULT.memberPublicizes),
  });
  // Fault: an edge input crashes the server.
  if (env.faults.has(GLANCE_FAULT.emptyName500) && patched.name === '') {
    throw new GlanceHttpError(500, 'The server has either erred or is incapable of performing the requested operation.');
  }
  patched.updated_at = env.now();
  const stored = { ...patched };
  // Fault: the answer shows the new visibility but the stored one does not change.
  if (env.faults.has(GLANCE_FAULT.visibilityPatchIgnored)) stored.visibility = image.visibility;
  Object.assign(image, stored);
  return { status: 200, json: renderImage(patched, env.faults) };
}
