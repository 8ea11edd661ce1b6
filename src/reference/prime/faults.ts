import { caughtByOf } from '../caught-by.ts';
import type { FaultDefinition } from '../types.ts';
import type { RuleId } from '../../checks/rules.ts';

/** Fault ids of the Prime reference server, named so a typo is a compile error, not a silent no-op. */
export const PRIME_FAULT = {
  unknownTeamCrash: 'not_a_server_error/unknown-team-crash',
  invalidBody400: 'status_code_conformance/400-for-invalid-body',
  update204: 'status_code_conformance/204-on-update',
  textPlain: 'content_type_conformance/text-plain-json',
  noRateLimitHeaders: 'response_headers_conformance/no-ratelimit-headers',
  missingCreatedAt: 'response_schema_conformance/missing-created-at',
  sizeBytesString: 'response_schema_conformance/size-bytes-as-string',
  lowercaseStatus: 'response_schema_conformance/lowercase-status',
  httpDateCreatedAt: 'response_schema_conformance/http-date-created-at',
  acceptsUnknownVisibility: 'negative_data_rejection/accepts-unknown-visibility',
  rejectsNullTeamId: 'positive_data_acceptance/rejects-null-team-id',
  noCredentialsAccepted: 'ignored_auth/no-credentials-accepted',
  invalidTokenAccepted: 'ignored_auth/invalid-token-accepted',
  ignoresMethod: 'unsupported_method/ignores-method',
  vanishesAfterUpdate: 'visibility_applied/vanishes-after-update',
  privateVisibleToOthers: 'visibility_isolation/private-visible-to-others',
  nonOwnerCanUpdate: 'visibility_isolation/non-owner-can-update',
  teamMembershipIgnored: 'visibility_isolation/team-membership-ignored',
  notPersisted: 'visibility_applied/not-persisted',
  partialRows: 'visibility_applied/partial-rows',
  never429: 'rate_limit_enforced/never-429',
  perIpOnly: 'rate_limit_enforced/per-ip-only',
  noRetryAfter: 'rate_limit_enforced/no-retry-after',
  neverRecovers: 'rate_limit_enforced/never-recovers',
} as const;

/** One Prime fault id. */
export type PrimeFaultId = (typeof PRIME_FAULT)[keyof typeof PRIME_FAULT];

const descriptions: Readonly<Record<PrimeFaultId, string>> = {
  [PRIME_FAULT.unknownTeamCrash]: 'a teamId naming no team is dereferenced unchecked: 500 instead of 404',
  [PRIME_FAULT.invalidBody400]: 'an invalid PATCH body answers 400 (undocumented) instead of 422',
  [PRIME_FAULT.update204]: 'a successful PATCH answers 204 with no body instead of 200',
  [PRIME_FAULT.textPlain]: 'every 200 JSON body is labelled text/plain',
  [PRIME_FAULT.noRateLimitHeaders]: 'responses other than 429 lack the documented RateLimit-Limit/Remaining/Reset headers',
  [PRIME_FAULT.missingCreatedAt]: 'image rows omit the required createdAt',
  [PRIME_FAULT.sizeBytesString]: 'image rows give sizeBytes as a string instead of an integer',
  [PRIME_FAULT.lowercaseStatus]: "image rows give status in lower case ('completed'), outside the enum",
  [PRIME_FAULT.httpDateCreatedAt]: 'image rows give createdAt as an HTTP-date, not an RFC 3339 date-time',
  [PRIME_FAULT.acceptsUnknownVisibility]: 'any visibility value is accepted (anything but PUBLIC becomes PRIVATE) instead of 422',
  [PRIME_FAULT.rejectsNullTeamId]: 'a PATCH body with teamId: null (allowed by the schema) is refused with 422',
  [PRIME_FAULT.noCredentialsAccepted]: 'a request without credentials acts as the owner instead of answering 401',
  [PRIME_FAULT.invalidTokenAccepted]: 'any bearer token acts as the owner instead of answering 401',
  [PRIME_FAULT.ignoresMethod]: 'routes match on the path alone: an undocumented method runs the documented handler instead of 405',
  [PRIME_FAULT.vanishesAfterUpdate]: 'a successful PATCH drops the image from the store: reading it back answers 404',
  [PRIME_FAULT.privateVisibleToOthers]: "PRIVATE images of other contexts are visible through get and list (include=public)",
  [PRIME_FAULT.nonOwnerCanUpdate]: "a PATCH not found in the caller's context falls back to any context holding name:tag",
  [PRIME_FAULT.teamMembershipIgnored]: 'any existing teamId selects that team context, member or not',
  [PRIME_FAULT.notPersisted]: 'a PATCH answers the requested visibility but leaves the stored image unchanged',
  [PRIME_FAULT.partialRows]: 'a PATCH updates only the first artifact row; the others keep the old visibility',
  [PRIME_FAULT.never429]: 'the quota is counted but never enforced: no 429',
  [PRIME_FAULT.perIpOnly]: 'the quota is keyed by client IP alone, so one token exhausts it for every token',
  [PRIME_FAULT.noRetryAfter]: 'a 429 omits Retry-After',
  [PRIME_FAULT.neverRecovers]: 'a key refused once stays refused after its window ends',
};

/** Defects the lifecycle (PATCH to the other visibility, read back by get and list, and back) also meets. */
const ALSO_CAUGHT_BY: Partial<Record<PrimeFaultId, readonly RuleId[]>> = {
  [PRIME_FAULT.notPersisted]: ['lifecycle_semantics'],
  [PRIME_FAULT.vanishesAfterUpdate]: ['lifecycle_semantics'],
};

/** The Prime fault catalogue: each id is `<check-or-suite-id>/<defect>` and names its catcher. */
export const primeFaults: readonly FaultDefinition[] = Object.values(PRIME_FAULT).map((id) => ({
  id,
  api: 'prime',
  description: descriptions[id],
  caughtBy: caughtByOf(id),
  ...(ALSO_CAUGHT_BY[id] ? { alsoCaughtBy: ALSO_CAUGHT_BY[id] } : {}),
}));

/** The set of switched-on faults, typed so only catalogue ids can be asked about. */
export interface PrimeFaults {
  has(id: PrimeFaultId): boolean;
}
