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
    const visibility = [25, 30, 60].map((size) => estimatedSuiteRequests('glance', '/x/visibility-applied.test.ts', size));
    const sharing = [25, 60].map((size) => estimatedSuiteRequests('glance', '/x/sharing.test.ts', size));

    // Assert
    expect(visibility).toEqual([360, 360, 720]);
    expect(sharing).toEqual([48, 48]);
  });
});
