import { describe, inject, it } from 'vitest';
import { resolveDeclaration } from '../../src/openapi/declaration/resolve-declaration.ts';
import { RUN_SETTINGS_KEY } from '../../src/run/run-settings.ts';
import { declaredLifecycleProperty, declaredLifecyclesPlan, declaredResources } from '../../src/run/semantic/declared-lifecycle.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { semanticSuite } from '../../src/vitest/semantic-suite.ts';

// The lifecycle of every resource the document declares (or makes unambiguous), run by
// `conform run <source>... --target URL`: no code of its own, only the declaration.
const settings = inject(RUN_SETTINGS_KEY)?.custom;
const model = settings ? await loadSuiteApi(settings.sources) : undefined;
const resources = settings && model ? declaredResources(resolveDeclaration(model, settings.declaration ? { config: settings.declaration } : {}).declaration) : [];

if (settings && model && resources.length > 0) {
  semanticSuite({
    title: 'custom lifecycle',
    fileTag: 'custom-lifecycle',
    defaults: { api: 'custom', sources: settings.sources, startDefaultTarget: () => Promise.reject(new Error('conform run provides the target')), defaultPrincipals: {} },
    properties: resources.map((declared) => declaredLifecycleProperty(model, declared)),
    plan: () => declaredLifecyclesPlan(model, resources),
  });
} else {
  describe('custom lifecycle', () => {
    it('runs the lifecycle of each resource a document declares', (context) => {
      context.skip(settings ? 'the document declares no resource (x-conform resources, or conform init to start one)' : 'run through `conform run <source>... --target URL`');
    });
  });
}
