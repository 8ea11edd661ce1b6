import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';
import { glanceExactErrorsPlan, glanceExactErrorProperties } from './exact-errors-plan.ts';

semanticSuite({
  title: 'glance exact errors',
  fileTag: 'glance-exact-errors',
  defaults: glanceSuiteDefaults,
  properties: glanceExactErrorProperties,
  plan: () => glanceExactErrorsPlan(),
});
