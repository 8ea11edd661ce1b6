import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import type { SuiteDefaults } from '../../src/run/suite-runtime.ts';

/** What every Glance suite file runs against: the vendor document, its base path, the default principals. */
export const glanceSuiteDefaults: SuiteDefaults = {
  api: 'glance',
  sources: ['specs/glance-v2.yaml'],
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance' }),
  basePath: '/v2',
  defaultPrincipals: glanceDefaultPrincipals,
};
