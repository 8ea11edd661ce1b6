import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { imgApi } from './api.ts';
import { imgPaginationPlan, imgPaginationProperties } from './pagination-plan.ts';

semanticSuite({
  title: 'img list: pagination and order',
  fileTag: 'img-pagination',
  defaults: suiteDefaults(imgApi),
  properties: imgPaginationProperties,
  plan: () => imgPaginationPlan(),
});
