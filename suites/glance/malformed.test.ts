import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';
import { glanceMalformedPlan, glanceMalformedProperties } from './malformed-plan.ts';

semanticSuite({
  title: 'glance malformed input',
  fileTag: 'glance-malformed',
  defaults: glanceSuiteDefaults,
  properties: glanceMalformedProperties,
  plan: () => glanceMalformedPlan(),
});
