import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';
import { glanceLifecyclePlan, glanceLifecycleProperties } from './lifecycle-plan.ts';

semanticSuite({
  title: 'glance image lifecycle',
  fileTag: 'glance-lifecycle',
  defaults: glanceSuiteDefaults,
  properties: glanceLifecycleProperties,
  plan: () => glanceLifecyclePlan(),
});
