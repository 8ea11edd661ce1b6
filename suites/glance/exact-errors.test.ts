import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';
import { glanceExactErrorsPlan, glanceExactErrorProperties } from './exact-errors-plan.ts';

semanticSuite({
  title: 'glance exact errors',
  fileTag: 'glance-exact-errors',
  defaults: suiteDefaults(glanceApi),
  properties: glanceExactErrorProperties,
  plan: () => glanceExactErrorsPlan(),
});
