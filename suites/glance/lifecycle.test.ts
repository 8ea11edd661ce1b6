import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { semanticSuite } from '../../src/run/semantic/semantic-suite.ts';
import { glanceLifecyclePlan, glanceLifecycleProperties } from './lifecycle-plan.ts';

semanticSuite({
  title: 'glance image lifecycle',
  fileTag: 'glance-lifecycle',
  defaults: {
    api: 'glance',
    sources: ['specs/glance-v2.yaml'],
    startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance' }),
    basePath: '/v2',
    defaultPrincipals: glanceDefaultPrincipals,
  },
  properties: glanceLifecycleProperties,
  plan: () => glanceLifecyclePlan(),
});
