import type { ImageContext } from './image-store.ts';
import { sameContext } from './image-store.ts';
import type { PrimeOperationHandler } from './exchange.ts';
import { presentImage } from './present-image.ts';
import { sendError, sendOk } from './responses.ts';
import { personalContext, selectTeam, visibleToEveryone } from './visibility.ts';

/** `GET /api/v1/images` (reference-only): the caller's context, plus other contexts' PUBLIC rows on `include=public`. */
export const listImages: PrimeOperationHandler = ({ response, user, query, headers }, { store, faults }) => {
  const visibility = query.get('visibility');
  if (visibility !== null && visibility !== 'PUBLIC' && visibility !== 'PRIVATE') {
    sendError(response, 422, 'visibility', "must be one of 'PRIVATE', 'PUBLIC'", headers);
    return;
  }
  const include = query.get('include');
  if (include !== null && include !== 'public') {
    sendError(response, 422, 'include', "must be 'public'", headers);
    return;
  }
  const teamId = query.get('teamId');
  let context: ImageContext = personalContext(user);
  if (teamId !== null) {
    const team = selectTeam(user, teamId, faults);
    // Unknown team and non-member look the same, so the answer does not reveal which teams exist.
    if (!team?.member) {
      sendError(response, 404, 'teamId', 'team not found', headers);
      return;
    }
    context = team.context;
  }
  const rows = store.all().filter((row) => sameContext(row.context, context));
  if (include === 'public') {
    rows.push(...store.all().filter((row) => !sameContext(row.context, context) && visibleToEveryone(row, faults)));
  }
  const data = rows.filter((row) => visibility === null || row.visibility === visibility).map((row) => presentImage(row, faults));
  sendOk(response, { data, totalCount: data.length }, headers, faults);
};
