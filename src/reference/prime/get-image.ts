import type { ImageContext } from './image-store.ts';
import type { PrimeOperationHandler } from './exchange.ts';
import { presentImage } from './present-image.ts';
import { userById } from './principals.ts';
import { sendError, sendOk } from './responses.ts';
import { canSee, personalContext, selectTeam } from './visibility.ts';

/** `GET /api/v1/images/{name}/{tag}` (reference-only): the rows of name:tag in one context the caller may see. */
export const getImage: PrimeOperationHandler = ({ response, user, match, query, headers }, { store, faults }) => {
  const teamId = query.get('teamId');
  const ownerId = query.get('ownerId');
  if (teamId !== null && ownerId !== null) {
    sendError(response, 422, 'ownerId', 'give teamId or ownerId, not both', headers);
    return;
  }
  let context: ImageContext = personalContext(user);
  let member = true;
  if (teamId !== null) {
    const team = selectTeam(user, teamId, faults);
    if (!team) {
      sendError(response, 404, 'teamId', 'team not found', headers);
      return;
    }
    context = team.context;
    member = team.member;
  } else if (ownerId !== null) {
    const owner = userById(ownerId);
    if (!owner) {
      sendError(response, 404, 'ownerId', 'user not found', headers);
      return;
    }
    context = personalContext(owner);
    member = owner.id === user.id;
  }
  const rows = store
    .find(context, match.imageName, match.imageTag)
    .filter((row) => member || canSee(user, row, faults));
  if (rows.length === 0) {
    // A PRIVATE image of someone else answers exactly like a missing one.
    sendError(response, 404, 'image_name', `image ${match.imageName}:${match.imageTag} not found`, headers);
    return;
  }
  const images = rows.map((row) => presentImage(row, faults));
  sendOk(response, { imageName: match.imageName, imageTag: match.imageTag, images }, headers, faults);
};
