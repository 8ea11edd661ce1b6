import type { Severity } from './finding-draft.ts';

/*
 * The semantic suites' catalogue: the counterpart of the checks' (catalogue.ts), for the rules that
 * take more than one exchange to judge. Their ids, titles and severities live here, beside the checks',
 * so findings, outcomes and the faults' caughtBy name a rule of one catalogue (rules.ts).
 */

/** The behavioural suites (src/run/semantic/ holds their machinery); each id is a `caughtBy` of the fault catalogue. */
export type SemanticSuiteId = 'pagination_complete' | 'pagination_order' | 'list_filters' | 'rate_limit_enforced' | 'lifecycle_semantics' | 'malformed_input_refused' | 'sharing_rules' | 'exact_errors' | 'image_data' | 'attribute_rules';

/** Title and severity of each suite's findings, as reports show them. */
export const SEMANTIC_SUITES: Readonly<Record<SemanticSuiteId, { readonly title: string; readonly severity: Severity }>> = {
  pagination_complete: { title: 'Walking next lists every item exactly once', severity: 'high' },
  pagination_order: { title: 'Pages follow the requested sort order', severity: 'medium' },
  list_filters: { title: 'Filters return exactly the matching items', severity: 'high' },
  rate_limit_enforced: { title: 'The documented quota is enforced and recovers', severity: 'medium' },
  lifecycle_semantics: { title: 'Create, show, update, list and delete do what they say', severity: 'high' },
  malformed_input_refused: { title: 'Malformed requests are refused with 400, never a crash', severity: 'critical' },
  exact_errors: { title: "Refusals carry upstream's exact status (unknown ids, bad bodies, no identity, bad list arguments, queued images)", severity: 'medium' },
  sharing_rules: { title: 'Image members: added, accepted, rejected and removed as documented, seen only by who may', severity: 'critical' },
  attribute_rules: { title: 'Image attributes: defaults, read-only and base attributes, JSON-Patch and ownership as upstream applies them', severity: 'high' },
  image_data: { title: 'Image data: uploaded and downloaded intact, with its checksums, only in the states that allow it', severity: 'high' },
};

/** The two visibility suites: who may see or change what, and whether a change took effect. */
export type VisibilitySuiteId = 'visibility_isolation' | 'visibility_applied';

/** Report metadata of each visibility suite, in report order. */
export const VISIBILITY_SUITES: Readonly<Record<VisibilitySuiteId, { readonly title: string; readonly severity: Severity }>> = {
  visibility_isolation: { title: 'A principal sees or changes only what it may', severity: 'critical' },
  visibility_applied: { title: 'A visibility change takes effect and keeps the item', severity: 'high' },
};

/** Every visibility suite id, in report order. */
export const VISIBILITY_SUITE_IDS: readonly VisibilitySuiteId[] = ['visibility_isolation', 'visibility_applied'];

/** The id of a semantic suite (the checks that need more than one exchange to judge). */
export type SuiteId = SemanticSuiteId | VisibilitySuiteId;

/** Every semantic suite conform ships: the counterpart of the checks' catalogue. */
export const SUITE_CATALOGUE: Readonly<Record<SuiteId, { readonly title: string; readonly severity: Severity }>> = {
  ...VISIBILITY_SUITES,
  ...SEMANTIC_SUITES,
};
