import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { visibilitySuite } from '../../src/run/semantic/visibility-suite.ts';
import { glanceVisibility } from './visibility-model.ts';

visibilitySuite({
  api: 'glance',
  sources: ['specs/glance-v2.yaml'],
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance' }),
  basePath: '/v2',
  defaultPrincipals: glanceDefaultPrincipals,
  definition: glanceVisibility,
});
