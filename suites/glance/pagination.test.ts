import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';
import { glancePaginationPlan, glancePaginationProperties } from './pagination-plan.ts';

semanticSuite({
  title: 'glance list: pagination, order, filters',
  fileTag: 'glance-pagination',
  defaults: glanceSuiteDefaults,
  properties: glancePaginationProperties,
  plan: () => glancePaginationPlan(),
});
