import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_APIS } from '../builtin-apis.ts';
import { estimatedSuiteRequests } from './shard-plan.ts';

describe('estimatedSuiteRequests', () => {
  it.each(Object.values(BUILTIN_APIS).map((api) => [api.name, api] as const))('should have a declared size for every semantic suite file of %s, and none for a file that is gone', (_, api) => {
    // Arrange
    const files = readdirSync(api.suitesDir).filter((name) => name.endsWith('.test.ts') && name !== 'contract.test.ts');

    // Act
    const declared = Object.keys(api.suiteRequests);

    // Assert
    expect([...declared].sort()).toEqual([...files].sort());
  });

  it('should grow the visibility suites with --max-examples above 30 and keep plans of set steps fixed', () => {
    // Arrange, Act
    const visibility = [25, 30, 60].map((maxExamples) => estimatedSuiteRequests('glance', '/x/visibility-applied.test.ts', { maxExamples }));
    const sharing = [25, 60].map((maxExamples) => estimatedSuiteRequests('glance', '/x/sharing.test.ts', { maxExamples }));

    // Assert: Glance's visibility suites learn the target once (37) and send 12 a sequence.
    expect(visibility).toEqual([37 + 12 * 30, 37 + 12 * 30, 37 + 12 * 60]);
    expect(sharing).toEqual([48, 48]);
  });

  it('should size the visibility suites by --sequences when it is given, whatever --max-examples', () => {
    // Arrange, Act
    const few = estimatedSuiteRequests('prime', '/x/visibility-isolation.test.ts', { maxExamples: 25, sequences: 5 });
    const many = estimatedSuiteRequests('prime', '/x/visibility-isolation.test.ts', { maxExamples: 2, sequences: 50 });

    // Assert
    const declared = BUILTIN_APIS.prime.suiteRequests['visibility-isolation.test.ts'];
    if (declared?.scale !== 'sequences') throw new Error('prime visibility-isolation is sized by its sequences');
    expect(few).toBe(declared.prepare + declared.perSequence * 5);
    expect(many).toBe(declared.prepare + declared.perSequence * 50);
    expect(many - few).toBe(declared.perSequence * 45);
  });

  it('should balance shards on a typical sequence and size budgets on a long one where an API gives both', () => {
    // Arrange
    const size = { maxExamples: 25, sequences: 30 };

    // Act
    const longest = estimatedSuiteRequests('img', '/x/visibility-applied.test.ts', size, [], 'longest');
    const typical = estimatedSuiteRequests('img', '/x/visibility-applied.test.ts', size, [], 'typical');
    const glanceTypical = estimatedSuiteRequests('glance', '/x/visibility-applied.test.ts', size, [], 'typical');

    // Assert: IMG's walk of 30 sequences sent 142 to 252 (seeds 1-10); Glance gives one figure for both.
    expect(longest).toBe(2 + 13 * 30);
    expect(typical).toBe(2 + 7 * 30);
    expect(glanceTypical).toBe(estimatedSuiteRequests('glance', '/x/visibility-applied.test.ts', size));
  });
});
