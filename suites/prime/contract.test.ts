import { contractSuite } from '../../src/run/contract-suite.ts';
import { startReferenceServer } from '../../src/reference/index.ts';
import { primeDefaultPrincipals } from '../../src/reference/prime/principals.ts';

await contractSuite({
  api: 'prime',
  sources: ['specs/prime-intellect.yaml'],
  startDefaultTarget: () => startReferenceServer({ api: 'prime' }),
  defaultPrincipals: primeDefaultPrincipals,
});
