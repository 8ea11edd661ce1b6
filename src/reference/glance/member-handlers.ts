import type { GlanceEnv, GlanceReply, GlanceRequest } from './exchange.ts';
import { isJsonObject, lookupImage, readJson } from './exchange.ts';
import { GLANCE_FAULT } from './faults.ts';
import { badRequest, conflict, forbidden, notFound } from './glance-error.ts';
import type { ImageRecord, MemberRecord, MemberStatus } from './model.ts';
import { MEMBER_STATUSES } from './model.ts';
import { renderMember } from './render.ts';
import { isOwnerOrAdmin } from './visibility.ts';

function sharedImage(image: ImageRecord, action: string): void {
  if (image.visibility !== 'shared') {
    throw forbidden(`Not allowed to ${action} for image ${image.id}: Only shared images have members.`);
  }
}

function memberNotFound(image: ImageRecord, memberId: string): Error {
  return notFound(`${memberId} not found in the member list of the image ${image.id}.`);
}

/** Members a caller may see: all for the owner and the admin, only its own entry for a member. */
function visibleMembers(request: GlanceRequest, image: ImageRecord): MemberRecord[] {
  const all = [...image.members.values()];
  if (isOwnerOrAdmin(request.context, image)) return all;
  return all.filter((member) => member.memberId === request.context.project);
}

/** POST /v2/images/{id}/members: 200 (not 201, as upstream) with a pending member. */
export async function addMember(request: GlanceRequest, env: GlanceEnv): Promise<GlanceReply> {
  const body = await readJson(request);
  if (!isJsonObject(body) || body.member === undefined) throw badRequest('Member to be added not specified');
  if (typeof body.member !== 'string' || body.member.trim() === '' || body.member.length > 255) {
    throw badRequest('Member must be a non-empty string of at most 255 characters');
  }
  const memberId = body.member;
  const image = lookupImage(request, env);
  if (!request.context.canWrite || !isOwnerOrAdmin(request.context, image)) {
    throw forbidden('You are not authorized to complete add_member action.');
  }
  sharedImage(image, 'add members');
  // Fault: a duplicate add is taken as a fresh one.
  if (image.members.has(memberId) && !env.faults.has(GLANCE_FAULT.duplicateMemberAccepted)) throw conflict(`Member ${memberId} is duplicated for image ${image.id}`);
  const now = env.now();
  const member: MemberRecord = { memberId, status: 'pending', createdAt: now, updatedAt: now };
  image.members.set(memberId, member);
  return { status: 200, json: renderMember(image.id, member) };
}

/** GET /v2/images/{id}/members. */
export function listMembers(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  // Fault: a project that cannot see the shared image reads its (to it, empty) member list.
  const hidden = env.store.get(request.params.imageId ?? '');
  if (env.faults.has(GLANCE_FAULT.memberListToOutsiders) && hidden?.visibility === 'shared' && request.context.project !== null) {
    return { status: 200, json: { members: visibleMembers(request, hidden).map((member) => renderMember(hidden.id, member)), schema: '/v2/schemas/members' } };
  }
  const image = lookupImage(request, env);
  sharedImage(image, 'list members');
  return {
    status: 200,
    json: { members: visibleMembers(request, image).map((member) => renderMember(image.id, member)), schema: '/v2/schemas/members' },
  };
}

/** GET /v2/images/{id}/members/{member_id}. */
export function showMember(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const image = lookupImage(request, env);
  const memberId = request.params.memberId ?? '';
  sharedImage(image, 'show member');
  const member = visibleMembers(request, image).find((candidate) => candidate.memberId === memberId);
  if (!member) throw memberNotFound(image, memberId);
  return { status: 200, json: renderMember(image.id, member) };
}

/**
 * PUT /v2/images/{id}/members/{member_id}: only the member itself (or the admin) sets its status;
 * the owner gets 403, another member 404 (it cannot see that membership).
 */
export async function updateMember(request: GlanceRequest, env: GlanceEnv): Promise<GlanceReply> {
  const body = await readJson(request);
  const status = isJsonObject(body) ? body.status : undefined;
  if (typeof status !== 'string' || !(MEMBER_STATUSES as readonly string[]).includes(status)) {
    throw badRequest('Incorrect request: Status must be "pending", "accepted" or "rejected".');
  }
  const image = lookupImage(request, env);
  const memberId = request.params.memberId ?? '';
  const { context } = request;
  const isSelf = context.project !== null && context.project === memberId;
  if (!context.isAdmin && !isSelf) {
    // Fault: the owner may set its member's status.
    if (isOwnerOrAdmin(context, image) && !env.faults.has(GLANCE_FAULT.ownerSetsMemberStatus)) throw forbidden('You are not authorized to complete modify_member action.');
    if (!isOwnerOrAdmin(context, image)) throw memberNotFound(image, memberId);
  }
  if (!context.canWrite) throw forbidden('You are not authorized to complete modify_member action.');
  const member = image.members.get(memberId);
  if (!member) throw memberNotFound(image, memberId);
  member.status = status as MemberStatus;
  member.updatedAt = env.now();
  return { status: 200, json: renderMember(image.id, member) };
}

/** DELETE /v2/images/{id}/members/{member_id}: the owner (or admin) only; 204. */
export function removeMember(request: GlanceRequest, env: GlanceEnv): GlanceReply {
  const image = lookupImage(request, env);
  const memberId = request.params.memberId ?? '';
  if (!request.context.canWrite || !isOwnerOrAdmin(request.context, image)) {
    throw forbidden('You are not authorized to complete delete_member action.');
  }
  if (!image.members.has(memberId)) throw memberNotFound(image, memberId);
  // Fault: the removal is answered but not done.
  if (!env.faults.has(GLANCE_FAULT.removedMemberStillSees)) image.members.delete(memberId);
  return { status: 204 };
}
