import { primeContractOptions } from './contract-options.ts';
import { contractSuite } from '../../src/vitest/contract-suite.ts';
import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { primeDefaultPrincipals } from '../../src/reference/prime/principals.ts';

// The quota is the rate-limit suite's subject; here a 1 ms window keeps it out of the way.
await contractSuite({
  api: 'prime',
  sources: ['specs/prime-intellect.yaml'],
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'prime', rateWindowMs: 1 }),
  defaultPrincipals: primeDefaultPrincipals,
  ...primeContractOptions,
});
