import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { imgApi } from './api.ts';
import { imgLifecyclePlan, imgLifecycleProperties } from './lifecycle-plan.ts';

semanticSuite({
  title: 'img lifecycle',
  fileTag: 'img-lifecycle',
  defaults: suiteDefaults(imgApi),
  properties: imgLifecycleProperties,
  plan: () => imgLifecyclePlan(),
});
