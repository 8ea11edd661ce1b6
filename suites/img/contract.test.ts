import { contractSuite } from '../../src/vitest/contract-suite.ts';
import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { imgDefaultPrincipals } from '../../src/reference/img/principals.ts';

// The quota is the rate-limit suite's subject; here a 1 ms window keeps it out of the way.
await contractSuite({
  api: 'img',
  sources: ['specs/img-processing.yaml'],
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'img', rateWindowMs: 1 }),
  defaultPrincipals: imgDefaultPrincipals,
});
