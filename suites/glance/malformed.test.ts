import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';
import { glanceMalformedPlan, glanceMalformedProperties } from './malformed-plan.ts';

semanticSuite({
  title: 'glance malformed input',
  fileTag: 'glance-malformed',
  defaults: suiteDefaults(glanceApi),
  properties: glanceMalformedProperties,
  plan: () => glanceMalformedPlan(),
});
