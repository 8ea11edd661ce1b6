import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceImageDataPlan, glanceImageDataProperties } from './image-data-plan.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';

semanticSuite({
  title: 'glance image data',
  fileTag: 'glance-image-data',
  defaults: glanceSuiteDefaults,
  properties: glanceImageDataProperties,
  plan: () => glanceImageDataPlan(),
});
