import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { semanticSuite } from '../../src/run/semantic/semantic-suite.ts';
import { glanceSharingPlan, glanceSharingProperties } from './sharing-plan.ts';

semanticSuite({
  title: 'glance sharing',
  fileTag: 'glance-sharing',
  defaults: {
    api: 'glance',
    sources: ['specs/glance-v2.yaml'],
    startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance' }),
    basePath: '/v2',
    defaultPrincipals: glanceDefaultPrincipals,
  },
  properties: glanceSharingProperties,
  plan: () => glanceSharingPlan(),
});
