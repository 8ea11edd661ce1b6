import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceListQueriesPlan, glanceListQueryProperties } from './list-queries-plan.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';

semanticSuite({
  title: 'glance list queries',
  fileTag: 'glance-list-queries',
  defaults: glanceSuiteDefaults,
  properties: glanceListQueryProperties,
  plan: () => glanceListQueriesPlan(),
});
