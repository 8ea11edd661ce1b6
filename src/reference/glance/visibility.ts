import type { GlanceContext } from './context.ts';
import type { ImageRecord, MemberStatus } from './model.ts';

/**
 * Upstream `is_image_visible`: admin sees all; ownerless, public and community images are visible to
 * everyone; owners see theirs; a shared image is visible to its members whatever their member status.
 */
export function isVisibleById(context: GlanceContext, image: ImageRecord): boolean {
  if (context.isAdmin) return true;
  if (image.owner === null) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (context.project === null) return false;
  if (image.owner === context.project) return true;
  return image.visibility === 'shared' && image.members.has(context.project);
}

/** True when the caller may change the image (modify/delete/deactivate policies): owner or admin. */
export function isOwnerOrAdmin(context: GlanceContext, image: ImageRecord): boolean {
  return context.isAdmin || (context.project !== null && image.owner === context.project);
}

/** `member_status` query values: the three member states and `all`. */
export type MemberStatusFilter = MemberStatus | 'all';
/** `visibility` query values: the four visibilities, `all`, or any other string (matches nothing). */
export type VisibilityFilter = string | undefined;

/**
 * Upstream `image_get_all` + `_select_images_query`: which images enter a list before the other
 * filters. A regular user gets public, community, its own and shared-with-it images (member status
 * matching `member_status`, default accepted); without a visibility filter, community images of
 * other tenants are dropped. The admin gets every image, with the same community rule.
 */
export function isListable(
  context: GlanceContext,
  image: ImageRecord,
  memberStatus: MemberStatusFilter,
  visibility: VisibilityFilter,
  leaks: { readonly privateInList: boolean; readonly communityInDefaultList: boolean; readonly pendingInDefaultList?: boolean },
): boolean {
  // Fault: pending memberships count as accepted in the default list.
  const pendingLeak = leaks.pendingInDefaultList === true && memberStatus === 'accepted' && visibility === undefined && isRegularListable(context, image, 'pending', false);
  if (!context.isAdmin && !pendingLeak && !isRegularListable(context, image, memberStatus, leaks.privateInList)) return false;
  if (visibility !== undefined) return visibility === 'all' || image.visibility === visibility;
  if (image.visibility !== 'community') return true;
  if (leaks.communityInDefaultList) return true;
  return context.project !== null && image.owner === context.project;
}

function isRegularListable(context: GlanceContext, image: ImageRecord, memberStatus: MemberStatusFilter, privateLeak: boolean): boolean {
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (privateLeak && image.visibility === 'private') return true;
  if (context.project === null) return false;
  if (image.owner === context.project) return true;
  if (image.visibility !== 'shared') return false;
  const member = image.members.get(context.project);
  return member !== undefined && (memberStatus === 'all' || member.status === memberStatus);
}
