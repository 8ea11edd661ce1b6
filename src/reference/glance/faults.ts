import type { FaultDefinition } from '../types.ts';

/** Short names of the Glance fault ids, so injection sites cannot misspell one. */
export const GLANCE_FAULT = {
  createReturns200: 'status_code_conformance/create-returns-200',
  deleteReturns200: 'status_code_conformance/delete-returns-200',
  createMissingLocation: 'lifecycle_semantics/create-missing-location',
  imageMissingUpdatedAt: 'response_schema_conformance/image-missing-updated-at',
  minDiskAsString: 'response_schema_conformance/min-disk-as-string',
  statusUppercase: 'response_schema_conformance/status-uppercase',
  createdAtNotDateTime: 'response_schema_conformance/created-at-not-date-time',
  showTextPlain: 'content_type_conformance/show-text-plain',
  slowShow: 'max_response_time/slow-show',
  emptyName500: 'not_a_server_error/500-on-empty-name',
  acceptsInvalidVisibility: 'negative_data_rejection/accepts-invalid-visibility',
  rejectsCustomProperties: 'positive_data_acceptance/rejects-custom-properties',
  noIdentityAccepted: 'ignored_auth/no-identity-accepted',
  unsupportedMethodAsGet: 'unsupported_method/put-image-treated-as-get',
  deletedStillVisible: 'use_after_free/deleted-image-still-200',
  createdImageNotFound: 'ensure_resource_availability/created-image-not-found',
  privateVisibleById: 'visibility_isolation/private-visible-by-id',
  privateInList: 'visibility_isolation/private-in-list',
  communityInDefaultList: 'visibility_isolation/community-in-default-list',
  visibilityPatchIgnored: 'visibility_applied/visibility-patch-ignored',
  skipsItemAfterMarker: 'pagination_complete/skips-item-after-marker',
  duplicatesMarkerItem: 'pagination_complete/duplicates-marker-item',
  ignoresLimit: 'pagination_complete/ignores-limit',
  noNextOnFullPage: 'pagination_complete/no-next-on-full-page',
  nextLoops: 'pagination_complete/next-loops',
  ignoresSortKey: 'pagination_order/ignores-sort-key',
  tagFilterOr: 'list_filters/tag-filter-or',
  patchMediaTypeNotEnforced: 'lifecycle_semantics/patch-media-type-not-enforced',
  protectedDeleteAllowed: 'lifecycle_semantics/protected-delete-allowed',
  addDoesNotReplace: 'lifecycle_semantics/add-does-not-replace',
  deactivateNotApplied: 'lifecycle_semantics/deactivate-not-applied',
  patchPathNotString500: 'malformed_input_refused/patch-path-not-string-500',
  arrayCreateBody500: 'malformed_input_refused/array-create-body-500',
  duplicateMemberAccepted: 'sharing_rules/duplicate-member-accepted',
  ownerSetsMemberStatus: 'sharing_rules/owner-sets-member-status',
  pendingInDefaultList: 'sharing_rules/pending-in-default-list',
  memberListToOutsiders: 'sharing_rules/member-list-to-outsiders',
  removedMemberStillSees: 'sharing_rules/removed-member-still-sees',
  invisibleDeleteIs403: 'sharing_rules/invisible-delete-is-403',
} as const;

/** Any Glance fault id. */
export type GlanceFaultId = (typeof GLANCE_FAULT)[keyof typeof GLANCE_FAULT];

const DESCRIPTIONS: Readonly<Record<GlanceFaultId, string>> = {
  [GLANCE_FAULT.createReturns200]: 'POST /v2/images answers 200 instead of 201 (body and Location unchanged)',
  [GLANCE_FAULT.deleteReturns200]: 'DELETE /v2/images/{id} answers 200 with an empty JSON object, a status the document does not list',
  [GLANCE_FAULT.createMissingLocation]: 'POST /v2/images answers 201 without the Location header',
  [GLANCE_FAULT.imageMissingUpdatedAt]: 'image bodies omit the required updated_at field',
  [GLANCE_FAULT.minDiskAsString]: 'image bodies carry min_disk as a string ("0") instead of an integer',
  [GLANCE_FAULT.statusUppercase]: 'image bodies carry status in upper case ("QUEUED"), outside the enum',
  [GLANCE_FAULT.createdAtNotDateTime]: 'image bodies carry created_at as "YYYY-MM-DD HH:MM:SS", not an RFC 3339 date-time',
  [GLANCE_FAULT.showTextPlain]: 'GET /v2/images/{id} labels its JSON body text/plain',
  [GLANCE_FAULT.slowShow]: 'GET /v2/images/{id} answers only after 1.5 s',
  [GLANCE_FAULT.emptyName500]: 'creating or patching an image with name "" answers 500',
  [GLANCE_FAULT.acceptsInvalidVisibility]: 'POST /v2/images accepts a visibility outside the enum (stores the default, shared) instead of 400',
  [GLANCE_FAULT.rejectsCustomProperties]: 'POST /v2/images answers 400 to a valid custom string property',
  [GLANCE_FAULT.noIdentityAccepted]: 'requests without X-Identity-Status: Confirmed are served (as an anonymous reader) instead of 401',
  [GLANCE_FAULT.unsupportedMethodAsGet]: 'PUT /v2/images/{id} is served like GET (200) instead of 405',
  [GLANCE_FAULT.deletedStillVisible]: 'GET /v2/images/{id} of a deleted image answers 200 (status deleted) instead of 404',
  [GLANCE_FAULT.createdImageNotFound]: 'POST /v2/images answers an id that was never stored, so GET of it is 404',
  [GLANCE_FAULT.privateVisibleById]: "another tenant's private image is shown by id (200) instead of 404",
  [GLANCE_FAULT.privateInList]: "other tenants' private images appear in a tenant's image list",
  [GLANCE_FAULT.communityInDefaultList]: "other tenants' community images appear in the default list (no visibility filter)",
  [GLANCE_FAULT.visibilityPatchIgnored]: 'PATCH of /visibility answers 200 showing the new value but the stored visibility does not change',
  [GLANCE_FAULT.skipsItemAfterMarker]: 'a page requested with a marker omits the first image after the marker',
  [GLANCE_FAULT.duplicatesMarkerItem]: 'a page requested with a marker starts with the marker image again',
  [GLANCE_FAULT.ignoresLimit]: 'the limit parameter is ignored: the whole list comes back in one page',
  [GLANCE_FAULT.noNextOnFullPage]: 'a full page carries no next link',
  [GLANCE_FAULT.nextLoops]: 'the next link of a page requested with a marker repeats that marker, so following next never ends',
  [GLANCE_FAULT.ignoresSortKey]: 'sort_key / sort keys are ignored; the list stays in created_at order',
  [GLANCE_FAULT.tagFilterOr]: 'repeated tag filters match images having ANY of the tags instead of ALL',
  [GLANCE_FAULT.patchMediaTypeNotEnforced]: 'PATCH /v2/images/{id} accepts any Content-Type (e.g. application/json) instead of 415',
  [GLANCE_FAULT.protectedDeleteAllowed]: 'DELETE of a protected image answers 204 and deletes it instead of 403',
  [GLANCE_FAULT.addDoesNotReplace]: 'a JSON-Patch add on an existing attribute answers 200 but keeps the old value',
  [GLANCE_FAULT.deactivateNotApplied]: 'POST .../actions/deactivate answers 204 but the image stays active',
  [GLANCE_FAULT.patchPathNotString500]: 'PATCH /v2/images/{id} with a patch whose path is not a string (null, true, a number, a list) answers 500, as upstream Zed does',
  [GLANCE_FAULT.arrayCreateBody500]: 'POST /v2/images with a JSON array body ([] or [1]) answers 500, as upstream Zed does',
  [GLANCE_FAULT.duplicateMemberAccepted]: 'adding a member the image already has answers 200 (the membership reset to pending) instead of 409',
  [GLANCE_FAULT.ownerSetsMemberStatus]: "the owner may set its member's status (200) instead of 403",
  [GLANCE_FAULT.pendingInDefaultList]: "a shared image whose membership is pending is in the member's default list",
  [GLANCE_FAULT.memberListToOutsiders]: 'a project that is no member of a shared image reads its member list (200, empty) instead of 404',
  [GLANCE_FAULT.removedMemberStillSees]: 'removing a member answers 204 but the membership stays: the former member still sees the image',
  [GLANCE_FAULT.invisibleDeleteIs403]: "DELETE of another project's image the caller cannot see answers 403 (the image's existence leaks) instead of 404",
};

/** Every fault the Glance reference server can switch on. */
export const GLANCE_FAULTS: readonly FaultDefinition[] = Object.values(GLANCE_FAULT).map((id) => ({
  id,
  api: 'glance',
  description: DESCRIPTIONS[id],
  caughtBy: id.slice(0, id.indexOf('/')),
}));

/** The switched-on faults of one server, typed so an injection site names a real fault. */
export interface GlanceFaults {
  has(id: GlanceFaultId): boolean;
}
