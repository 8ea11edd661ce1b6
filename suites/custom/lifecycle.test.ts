import { declaredLifecycleProperty, declaredLifecyclesPlan, declaredResources } from '../../src/run/semantic/declared-lifecycle.ts';
import { declaredSuite } from '../../src/vitest/declared-suite.ts';

// The lifecycle of every resource the document declares (or makes unambiguous): no code of its own.
await declaredSuite({
  title: 'custom lifecycle',
  fileTag: 'custom-lifecycle',
  does: 'runs the lifecycle of each resource a document declares',
  checkIds: ['lifecycle_semantics'],
  nothingDeclared: 'the document declares no resource (x-conform resources, or conform init to start one)',
  fromDeclaration: (model, declaration) => {
    const resources = declaredResources(declaration);
    return resources.length === 0 ? undefined : { properties: resources.map((declared) => declaredLifecycleProperty(model, declared)), plan: () => declaredLifecyclesPlan(model, resources) };
  },
});
