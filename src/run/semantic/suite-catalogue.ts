import type { Severity } from '../../checks/finding.ts';
import { SEMANTIC_SUITES, type SemanticSuiteId } from './suite-ids.ts';
import { VISIBILITY_SUITES, type VisibilitySuiteId } from './visibility-suite-ids.ts';

/** The id of a semantic suite (the checks that need more than one exchange to judge). */
export type SuiteId = SemanticSuiteId | VisibilitySuiteId;

/** Every semantic suite conform ships: the counterpart of the checks' catalogue. */
export const SUITE_CATALOGUE: Readonly<Record<SuiteId, { readonly title: string; readonly severity: Severity }>> = {
  ...VISIBILITY_SUITES,
  ...SEMANTIC_SUITES,
};
