import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';
import { glanceSharingPlan, glanceSharingProperties } from './sharing-plan.ts';

semanticSuite({
  title: 'glance sharing',
  fileTag: 'glance-sharing',
  defaults: suiteDefaults(glanceApi),
  properties: glanceSharingProperties,
  plan: () => glanceSharingPlan(),
});
