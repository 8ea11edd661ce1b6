import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceListQueriesPlan, glanceListQueryProperties } from './list-queries-plan.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';

semanticSuite({
  title: 'glance list queries',
  fileTag: 'glance-list-queries',
  defaults: suiteDefaults(glanceApi),
  properties: glanceListQueryProperties,
  plan: () => glanceListQueriesPlan(),
});
