import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';
import { glancePaginationPlan, glancePaginationProperties } from './pagination-plan.ts';

semanticSuite({
  title: 'glance list: pagination, order, filters',
  fileTag: 'glance-pagination',
  defaults: suiteDefaults(glanceApi),
  properties: glancePaginationProperties,
  plan: () => glancePaginationPlan(),
});
