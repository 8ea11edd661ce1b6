import type { Severity } from '../../checks/finding.ts';

/** The behavioural suites this folder implements; each id is a `caughtBy` of the fault catalogue. */
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
