import { describe, expect, it } from 'vitest';
import { listFaults } from '../src/reference/index.ts';
import { caughtByOf } from '../src/reference/caught-by.ts';
import { RULE_IDS, type RuleId } from '../src/checks/rules.ts';
import type { ReferenceApiName } from '../src/reference/apis.ts';
import { SUITE_PLANS } from '../suites/plans.ts';

/**
 * Checks with no fault anywhere, and why: none of the three documents declares a required header
 * parameter, so no reference server can omit one. The check is unit-tested on synthetic exchanges.
 */
const WITHOUT_FAULT: Readonly<Record<string, string>> = {
  missing_required_header: 'no document in scope declares a required header parameter',
};

describe('fault catalogue', () => {
  const faults = listFaults();
  const judges = new Set<string>(RULE_IDS);

  it('should name an existing check or suite as the catcher of every fault', () => {
    expect(faults.filter((fault) => !judges.has(fault.caughtBy)).map((fault) => fault.id)).toEqual([]);
    // A fault naming no rule fails when its catalogue loads, not when a run misses it.
    expect(() => caughtByOf('no_such_rule/some-defect')).toThrow(/names no check or suite of the catalogue/);
    expect(caughtByOf('visibility_applied/not-persisted')).toBe('visibility_applied');
  });

  it('should give every check and suite at least one fault to catch, or a stated reason', () => {
    const caught = new Set<string>(faults.map((fault) => fault.caughtBy));
    expect([...judges].filter((id) => !caught.has(id) && !(id in WITHOUT_FAULT))).toEqual([]);
  });

  it('should give every semantic suite of each built-in API a fault of that API it is proven to catch', () => {
    // Arrange: the suites test/suite-faults.test.ts runs directly, by API (the visibility suites have their own proofs)
    const unproven = Object.entries(SUITE_PLANS).flatMap(([api, plans]) => {
      const proven = new Set(listFaults(api as ReferenceApiName).flatMap((fault) => [fault.caughtBy, ...(fault.alsoCaughtBy ?? [])]));
      return Object.keys(plans).filter((suiteId) => !proven.has(suiteId as RuleId)).map((suiteId) => `${api} ${suiteId}`);
    });
    // Assert
    expect(unproven).toEqual([]);
  });

  it('should keep fault ids unique within each API and shaped <judge>/<kebab-defect>', () => {
    for (const fault of faults) expect(fault.id).toMatch(/^[a-z_]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
    const keys = faults.map((fault) => `${fault.api}:${fault.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
