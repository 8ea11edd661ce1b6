import { BodyTooLargeError, readBody, sendEmpty } from '../http.ts';
import { PRIME_FAULT } from './faults.ts';
import type { ImageContext, ImageRow } from './image-store.ts';
import { sameContext } from './image-store.ts';
import type { PrimeOperationHandler } from './exchange.ts';
import { parseVisibilityRequest } from './parse-visibility-request.ts';
import { presentImage } from './present-image.ts';
import { sendError, sendErrors, sendOk } from './responses.ts';
import { personalContext, selectTeam } from './visibility.ts';

async function readLimitedBody(request: Parameters<typeof readBody>[0]): Promise<Buffer | undefined> {
  try {
    return await readBody(request, 65_536);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return undefined;
    throw error;
  }
}

/** `PATCH /api/v1/images/{name}/{tag}/visibility`: sets every artifact row of name:tag in the caller's context. */
export const updateVisibility: PrimeOperationHandler = async ({ request, response, user, match, headers }, { store, faults }) => {
  const raw = await readLimitedBody(request);
  const parsed = raw === undefined ? { ok: false as const, errors: [{ param: 'body', details: 'body over 64 KiB' }] } : parseVisibilityRequest(raw, faults);
  if (!parsed.ok) {
    sendErrors(response, faults.has(PRIME_FAULT.invalidBody400) ? 400 : 422, parsed.errors, headers);
    return;
  }
  const { visibility, teamId } = parsed.value;
  let context: ImageContext = personalContext(user);
  if (teamId !== null) {
    const team = selectTeam(user, teamId, faults);
    if (!team?.member) {
      sendError(response, 404, 'teamId', 'team not found', headers);
      return;
    }
    context = team.context;
  }
  let rows: ImageRow[] = store.find(context, match.imageName, match.imageTag);
  if (rows.length === 0 && faults.has(PRIME_FAULT.nonOwnerCanUpdate)) {
    const anywhere = store.findAnywhere(match.imageName, match.imageTag);
    const first = anywhere[0];
    rows = first ? anywhere.filter((row) => sameContext(row.context, first.context)) : [];
  }
  if (rows.length === 0) {
    sendError(response, 404, 'image_name', `image ${match.imageName}:${match.imageTag} not found`, headers);
    return;
  }
  let answered: readonly ImageRow[] = rows;
  if (faults.has(PRIME_FAULT.notPersisted)) {
    answered = rows.map((row) => ({ ...row, visibility }));
  } else {
    const targets = faults.has(PRIME_FAULT.partialRows) ? rows.slice(0, 1) : rows;
    for (const row of targets) row.visibility = visibility;
  }
  if (faults.has(PRIME_FAULT.vanishesAfterUpdate)) store.remove(rows);
  if (faults.has(PRIME_FAULT.update204)) {
    sendEmpty(response, 204, headers);
    return;
  }
  sendOk(
    response,
    {
      success: true,
      message: `image ${match.imageName}:${match.imageTag} is now ${visibility}`,
      visibility,
      images: answered.map((row) => presentImage(row, faults)),
    },
    headers,
    faults,
  );
};
