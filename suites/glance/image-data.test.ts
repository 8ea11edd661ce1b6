import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceImageDataPlan, glanceImageDataProperties } from './image-data-plan.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';

semanticSuite({
  title: 'glance image data',
  fileTag: 'glance-image-data',
  defaults: suiteDefaults(glanceApi),
  properties: glanceImageDataProperties,
  plan: () => glanceImageDataPlan(),
});
