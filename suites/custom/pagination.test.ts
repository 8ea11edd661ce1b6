import { describe, inject, it } from 'vitest';
import { resolveDeclaration } from '../../src/openapi/declaration/resolve-declaration.ts';
import { RUN_SETTINGS_KEY } from '../../src/run/run-settings.ts';
import { declaredLists, declaredPaginationProperties, declaredPaginationsPlan } from '../../src/run/semantic/declared-pagination.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { semanticSuite } from '../../src/vitest/semantic-suite.ts';

// The paging of every list the document declares (or makes unambiguous), run by `conform run
// <source>... --target URL`: no code of its own, only the declaration.
const settings = inject(RUN_SETTINGS_KEY)?.custom;
const model = settings ? await loadSuiteApi(settings.sources) : undefined;
const lists = settings && model ? declaredLists(resolveDeclaration(model, settings.declaration ? { config: settings.declaration } : {}).declaration) : [];

if (settings && model && lists.length > 0) {
  semanticSuite({
    title: 'custom pagination',
    fileTag: 'custom-pagination',
    defaults: { api: 'custom', sources: settings.sources, startDefaultTarget: () => Promise.reject(new Error('conform run provides the target')), defaultPrincipals: {} },
    properties: lists.flatMap((list) => declaredPaginationProperties(model, list)),
    plan: () => declaredPaginationsPlan(model, lists),
  });
} else {
  describe('custom pagination', () => {
    it('walks the pages of each list a document declares', (context) => {
      context.skip(settings ? 'the document declares no paged list (x-pagination, or conform init to start one)' : 'run through `conform run <source>... --target URL`');
    });
  });
}
