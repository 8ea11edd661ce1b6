import { isRuleId, type RuleId } from '../checks/rules.ts';

/** The rule a fault id `<rule-id>/<defect>` names as its catcher; a fault no rule catches is a catalogue bug, thrown on load. */
export function caughtByOf(faultId: string): RuleId {
  const rule = faultId.slice(0, faultId.indexOf('/'));
  if (!isRuleId(rule)) throw new Error(`fault '${faultId}' names no check or suite of the catalogue ('${rule}')`);
  return rule;
}
