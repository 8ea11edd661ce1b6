import { contractSuite } from '../../src/vitest/contract-suite.ts';
import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { glanceContractOptions } from './contract-options.ts';

await contractSuite({
  api: 'glance',
  sources: ['specs/glance-v2.yaml'],
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance', seedData: 3 }),
  basePath: '/v2',
  defaultPrincipals: glanceDefaultPrincipals,
  ...glanceContractOptions,
});
