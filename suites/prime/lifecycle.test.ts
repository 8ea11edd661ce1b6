import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { primeApi } from './api.ts';
import { primeLifecyclePlan, primeLifecycleProperties } from './lifecycle-plan.ts';

semanticSuite({
  title: 'prime lifecycle',
  fileTag: 'prime-lifecycle',
  defaults: suiteDefaults(primeApi),
  properties: primeLifecycleProperties,
  plan: () => primeLifecyclePlan(),
});
