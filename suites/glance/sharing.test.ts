import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';
import { glanceSharingPlan, glanceSharingProperties } from './sharing-plan.ts';

semanticSuite({
  title: 'glance sharing',
  fileTag: 'glance-sharing',
  defaults: glanceSuiteDefaults,
  properties: glanceSharingProperties,
  plan: () => glanceSharingPlan(),
});
