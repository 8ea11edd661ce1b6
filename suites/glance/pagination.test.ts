import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { semanticSuite } from '../../src/run/semantic/semantic-suite.ts';
import { glancePaginationPlan, glancePaginationProperties } from './pagination-plan.ts';

semanticSuite({
  title: 'glance list: pagination, order, filters',
  fileTag: 'glance-pagination',
  defaults: {
    api: 'glance',
    sources: ['specs/glance-v2.yaml'],
    startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance' }),
    basePath: '/v2',
    defaultPrincipals: glanceDefaultPrincipals,
  },
  properties: glancePaginationProperties,
  plan: () => glancePaginationPlan(),
});
