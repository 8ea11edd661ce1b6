import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { semanticSuite } from '../../src/run/semantic/semantic-suite.ts';
import { glanceExactErrorsPlan, glanceExactErrorProperties } from './exact-errors-plan.ts';

semanticSuite({
  title: 'glance exact errors',
  fileTag: 'glance-exact-errors',
  defaults: {
    api: 'glance',
    sources: ['specs/glance-v2.yaml'],
    startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance' }),
    basePath: '/v2',
    defaultPrincipals: glanceDefaultPrincipals,
  },
  properties: glanceExactErrorProperties,
  plan: () => glanceExactErrorsPlan(),
});
