import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { semanticSuite } from '../../src/run/semantic/semantic-suite.ts';
import { glanceMalformedPlan, glanceMalformedProperties } from './malformed-plan.ts';

semanticSuite({
  title: 'glance malformed input',
  fileTag: 'glance-malformed',
  defaults: {
    api: 'glance',
    sources: ['specs/glance-v2.yaml'],
    startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance' }),
    basePath: '/v2',
    defaultPrincipals: glanceDefaultPrincipals,
  },
  properties: glanceMalformedProperties,
  plan: () => glanceMalformedPlan(),
});
