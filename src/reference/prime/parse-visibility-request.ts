import { PRIME_FAULT } from './faults.ts';
import type { PrimeFaults } from './faults.ts';
import type { Visibility } from './image-store.ts';
import type { ErrorDetail } from './responses.ts';

/** A PATCH body that passed validation. */
export interface VisibilityRequest {
  readonly visibility: Visibility;
  /** null or absent: the personal context. */
  readonly teamId: string | null;
}

/** The body as `UpdateImageVisibilityRequest`, or the 422 errors that refuse it. */
export type ParsedVisibilityRequest =
  | { readonly ok: true; readonly value: VisibilityRequest }
  | { readonly ok: false; readonly errors: readonly ErrorDetail[] };

/** Validates a raw PATCH body against `UpdateImageVisibilityRequest` (unknown properties are ignored). */
export function parseVisibilityRequest(raw: Buffer, faults: PrimeFaults): ParsedVisibilityRequest {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, errors: [{ param: 'body', details: 'body is not valid JSON' }] };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ param: 'body', details: 'body must be a JSON object' }] };
  }
  const fields = body as Record<string, unknown>;
  const errors: ErrorDetail[] = [];
  let visibility: Visibility = 'PRIVATE';
  const requested = fields['visibility'];
  if (requested === undefined) {
    errors.push({ param: 'visibility', details: 'field required' });
  } else if (requested === 'PUBLIC' || requested === 'PRIVATE') {
    visibility = requested;
  } else if (!faults.has(PRIME_FAULT.acceptsUnknownVisibility)) {
    errors.push({ param: 'visibility', details: "must be one of 'PRIVATE', 'PUBLIC'" });
  }
  let teamId: string | null = null;
  const team = fields['teamId'];
  if (typeof team === 'string') {
    teamId = team;
  } else if (team === null && faults.has(PRIME_FAULT.rejectsNullTeamId)) {
    errors.push({ param: 'teamId', details: 'must be a string' });
  } else if (team !== undefined && team !== null) {
    errors.push({ param: 'teamId', details: 'must be a string or null' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { visibility, teamId } };
}
