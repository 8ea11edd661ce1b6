import { caughtByOf } from '../caught-by.ts';
import type { FaultDefinition } from '../types.ts';
import type { RuleId } from '../../checks/rules.ts';

/** The ids of every IMG fault, by a short handle the handlers test with `faults.has(...)`. */
export const IMG_FAULT = {
  serverErrorOnMaxTake: 'not_a_server_error/500-on-max-take',
  publishReturns200: 'status_code_conformance/publish-returns-200',
  unknownImage403: 'status_code_conformance/unknown-image-403',
  listAsTextPlain: 'content_type_conformance/list-as-text-plain',
  usageHeaderNotInteger: 'response_headers_conformance/usage-header-not-integer',
  missingCreatedAt: 'response_schema_conformance/missing-created-at',
  widthAsString: 'response_schema_conformance/width-as-string',
  formatJpg: 'response_schema_conformance/format-jpg',
  createdAtNotDateTime: 'response_schema_conformance/created-at-not-date-time',
  takeOutOfRangeAccepted: 'negative_data_rejection/take-out-of-range-accepted',
  rejectsTakeAbove50: 'positive_data_acceptance/rejects-take-above-50',
  authIgnored: 'ignored_auth/missing-or-unknown-key-served',
  putServedAsGet: 'unsupported_method/undocumented-method-served-as-get',
  deletedStillServed: 'use_after_free/deleted-image-still-served',
  uploadNotStored: 'ensure_resource_availability/uploaded-image-not-stored',
  otherAccountCanRead: 'visibility_isolation/other-account-can-read',
  publishLeavesUrlNull: 'visibility_applied/publish-leaves-url-null',
  unpublishKeepsCdn: 'visibility_applied/unpublish-keeps-cdn-serving',
  skipsItemAtPageBoundary: 'pagination_complete/skips-item-at-page-boundary',
  ignoresTake: 'pagination_complete/ignores-take',
  noNextOnFullPage: 'pagination_complete/no-next-on-full-page',
  duplicatesAcrossPages: 'pagination_order/duplicates-across-pages',
  nextLoops: 'pagination_order/next-loops',
  oldestFirst: 'pagination_order/oldest-first',
  rateLimitNotEnforced: 'rate_limit_enforced/not-enforced',
  noRetryAfter: 'rate_limit_enforced/no-retry-after',
  neverRecovers: 'rate_limit_enforced/never-recovers',
  testKeyLiveLimit: 'rate_limit_enforced/test-key-live-limit',
} as const;

/** One IMG fault id. */
export type ImgFaultId = (typeof IMG_FAULT)[keyof typeof IMG_FAULT];

const DESCRIPTIONS: Readonly<Record<ImgFaultId, string>> = {
  [IMG_FAULT.serverErrorOnMaxTake]: 'GET /v1/images?take=100 (the documented maximum) answers 500',
  [IMG_FAULT.publishReturns200]: 'publish and unpublish answer 200 instead of the documented 201',
  [IMG_FAULT.unknownImage403]: 'an image id that exists in no account answers 403, a status the spec does not document',
  [IMG_FAULT.listAsTextPlain]: 'GET /v1/images sends its JSON page with content-type text/plain',
  [IMG_FAULT.usageHeaderNotInteger]: 'X-Image-Processing-Usage on 201 responses is the text "one" instead of an integer',
  [IMG_FAULT.missingCreatedAt]: 'Image objects leave out the required created_at',
  [IMG_FAULT.widthAsString]: 'Image width is serialized as a string ("640") instead of an integer',
  [IMG_FAULT.formatJpg]: 'Image format "jpeg" is sent as "jpg", outside the enum',
  [IMG_FAULT.createdAtNotDateTime]: 'Image created_at is a Unix timestamp in a string, not an RFC 3339 date-time',
  [IMG_FAULT.takeOutOfRangeAccepted]: 'take outside 1..100 (0, 101, -1) is clamped and answered 200 instead of 400',
  [IMG_FAULT.rejectsTakeAbove50]: 'take in 51..100, valid per the spec, is answered 400',
  [IMG_FAULT.authIgnored]: 'a request without x-api-key, or with an unknown key, is served as the owner live key',
  [IMG_FAULT.putServedAsGet]: 'an undocumented method on a documented path that has GET is handled as GET instead of 405',
  [IMG_FAULT.deletedStillServed]: 'DELETE answers 204 but GET /v1/images/{id} still answers 200 with the deleted image',
  [IMG_FAULT.uploadNotStored]: 'upload answers 201 with an Image whose id then answers 404',
  [IMG_FAULT.otherAccountCanRead]: "GET /v1/images/{id} skips the ownership check and serves another account's (or stage's) private image",
  [IMG_FAULT.publishLeavesUrlNull]: 'publish answers 201 but leaves url null and puts nothing on the CDN',
  [IMG_FAULT.unpublishKeepsCdn]: 'unpublish sets url to null but the old CDN URL keeps serving the image',
  [IMG_FAULT.skipsItemAtPageBoundary]: 'links.next starts one image too far, so one image per page boundary is never listed',
  [IMG_FAULT.ignoresTake]: 'take is ignored: every page holds the default 10 images',
  [IMG_FAULT.noNextOnFullPage]: 'a full page has links.next null even when more images follow',
  [IMG_FAULT.duplicatesAcrossPages]: 'links.next starts at the last image of the current page, so it is listed twice',
  [IMG_FAULT.nextLoops]: 'the last page has links.next pointing back to the first page',
  [IMG_FAULT.oldestFirst]: 'images are listed oldest first instead of newest first',
  [IMG_FAULT.rateLimitNotEnforced]: 'the quota is never enforced: no 429 however many requests',
  [IMG_FAULT.noRetryAfter]: '429 responses carry no Retry-After header',
  [IMG_FAULT.neverRecovers]: 'a key that got a 429 keeps getting 429 after the window has reset',
  [IMG_FAULT.testKeyLiveLimit]: 'test keys get the live limit (100/min) instead of 10/min',
};

/** Defects the lifecycle (upload → publish → unpublish → delete → 404) also meets on its way. */
const ALSO_CAUGHT_BY: Partial<Record<ImgFaultId, readonly RuleId[]>> = {
  [IMG_FAULT.publishLeavesUrlNull]: ['lifecycle_semantics'],
  [IMG_FAULT.deletedStillServed]: ['lifecycle_semantics'],
};

/** The IMG fault catalogue: each defect is named after the check or suite that must catch it. */
export const imgFaults: readonly FaultDefinition[] = Object.values(IMG_FAULT).map((id) => ({
  id,
  api: 'img',
  description: DESCRIPTIONS[id],
  caughtBy: caughtByOf(id),
  ...(ALSO_CAUGHT_BY[id] ? { alsoCaughtBy: ALSO_CAUGHT_BY[id] } : {}),
}));
