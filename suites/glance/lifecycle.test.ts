import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';
import { glanceLifecyclePlan, glanceLifecycleProperties } from './lifecycle-plan.ts';

semanticSuite({
  title: 'glance image lifecycle',
  fileTag: 'glance-lifecycle',
  defaults: suiteDefaults(glanceApi),
  properties: glanceLifecycleProperties,
  plan: () => glanceLifecyclePlan(),
});
