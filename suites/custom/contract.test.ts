import { describe, inject, it } from 'vitest';
import { contractSuite } from '../../src/vitest/contract-suite.ts';
import { declarationOf } from '../../src/vitest/declared-suite.ts';
import { RUN_SETTINGS_KEY } from '../../src/run/run-settings.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';

// The contract checks of any document, run by `conform run <source>... --target URL`. Under plain
// vitest there is no document and no target to test: say so instead of passing.
const settings = inject(RUN_SETTINGS_KEY)?.custom;
if (settings) {
  // The declared resources link each create to the operations on its items (and say where the ids
  // are), so the stateful checks run where path shapes alone find no create (PUT /things/{id}).
  const { declaration } = await declarationOf(settings, await loadSuiteApi(settings.sources));
  await contractSuite({
    resources: declaration.resources,
    api: 'custom',
    sources: settings.sources,
    startDefaultTarget: () => Promise.reject(new Error('conform run provides the target')),
    defaultPrincipals: {},
  });
} else {
  describe('custom contract', () => {
    it('runs the contract checks of a document given to conform run', (context) => {
      context.skip('run through `conform run <source>... --target URL`');
    });
  });
}
