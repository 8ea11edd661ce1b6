import { caughtByOf } from '../caught-by.ts';
import type { FaultDefinition } from '../types.ts';

/** The ids of every gists fault, by a short handle the handlers test with `faults.has(...)`. */
export const GISTS_FAULT = {
  createdNotReadable: 'lifecycle_semantics/created-not-readable',
  createdNotListed: 'lifecycle_semantics/created-not-listed',
  updateNotPersisted: 'lifecycle_semantics/update-not-persisted',
  deletedStillReadable: 'lifecycle_semantics/deleted-still-readable',
  deletedStillListed: 'lifecycle_semantics/deleted-still-listed',
  secretInPublicList: 'visibility_isolation/secret-in-public-list',
  secretInUserList: 'visibility_isolation/secret-in-user-list',
  othersGistsInMyList: 'visibility_isolation/others-gists-in-my-list',
  otherCanUpdate: 'visibility_isolation/other-can-update',
  otherCanDelete: 'visibility_isolation/other-can-delete',
  publicFlagIgnored: 'visibility_applied/public-flag-ignored',
  publicNeedsToken: 'visibility_applied/public-needs-token',
  skipsItemAtPageBoundary: 'pagination_complete/skips-item-at-page-boundary',
  ignoresPerPage: 'pagination_complete/ignores-per-page',
  noNextOnFullPage: 'pagination_complete/no-next-link-on-full-page',
  duplicatesAcrossPages: 'pagination_order/duplicates-across-pages',
  notEnforced: 'rate_limit_enforced/not-enforced',
  remainingNeverDecreases: 'rate_limit_enforced/remaining-never-decreases',
  sharedAcrossTokens: 'rate_limit_enforced/shared-across-tokens',
} as const;

/** One gists fault id. */
export type GistsFaultId = (typeof GISTS_FAULT)[keyof typeof GISTS_FAULT];

const DESCRIPTIONS: Readonly<Record<GistsFaultId, string>> = {
  [GISTS_FAULT.createdNotReadable]: 'POST /gists answers 201 with the gist, whose id then answers 404',
  [GISTS_FAULT.createdNotListed]: "a created gist is missing from its owner's GET /gists",
  [GISTS_FAULT.updateNotPersisted]: 'PATCH answers 200 with the change, but a later GET shows the gist as it was',
  [GISTS_FAULT.deletedStillReadable]: 'DELETE answers 204 but GET /gists/{gist_id} still answers 200',
  [GISTS_FAULT.deletedStillListed]: "DELETE answers 204 and GET answers 404, but the owner's GET /gists still lists it",
  [GISTS_FAULT.secretInPublicList]: 'GET /gists/public lists secret gists too',
  [GISTS_FAULT.secretInUserList]: "GET /users/{username}/gists shows another caller the user's secret gists",
  [GISTS_FAULT.othersGistsInMyList]: "an authenticated GET /gists lists other users' public gists beside the caller's own",
  [GISTS_FAULT.otherCanUpdate]: "PATCH /gists/{gist_id} by a user who does not own the gist changes it (200)",
  [GISTS_FAULT.otherCanDelete]: 'DELETE /gists/{gist_id} by a user who does not own the gist deletes it (204)',
  [GISTS_FAULT.publicFlagIgnored]: 'POST /gists with public: true stores a secret gist',
  [GISTS_FAULT.publicNeedsToken]: 'GET /gists/{gist_id} of a public gist without a token answers 404',
  [GISTS_FAULT.skipsItemAtPageBoundary]: "the Link header's next page starts one gist too far: one gist per page boundary is never listed",
  [GISTS_FAULT.ignoresPerPage]: 'per_page is ignored: every page holds 30 gists',
  [GISTS_FAULT.noNextOnFullPage]: 'a full page has no rel="next" link even when more gists follow',
  [GISTS_FAULT.duplicatesAcrossPages]: "each page after the first repeats the previous page's last gist",
  [GISTS_FAULT.notEnforced]: 'requests beyond X-RateLimit-Limit are served (never 429)',
  [GISTS_FAULT.remainingNeverDecreases]: 'X-RateLimit-Remaining stays at the limit whatever was sent',
  [GISTS_FAULT.sharedAcrossTokens]: "one token's requests count against every token's quota",
};

/** The gists reference server's fault catalogue. */
export const gistsFaults: readonly FaultDefinition[] = Object.entries(DESCRIPTIONS).map(([id, description]) => ({
  id,
  api: 'gists',
  description,
  caughtBy: caughtByOf(id),
}));
