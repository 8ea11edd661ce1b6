import { checkCatalogue, type CheckId } from './catalogue.ts';
import { SUITE_CATALOGUE, type SuiteId } from './suite-catalogue.ts';

/**
 * A rule conform enforces: a check (judged on one exchange) or a semantic suite (judged on a
 * sequence). Findings, outcomes and the reference faults' `caughtBy` name one.
 */
export type RuleId = CheckId | SuiteId;

/** Every rule id: the checks in report order, then the suites. */
export const RULE_IDS: readonly RuleId[] = [...checkCatalogue.map((check) => check.id), ...(Object.keys(SUITE_CATALOGUE) as SuiteId[])];

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}
