import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { primeDefaultPrincipals } from '../../src/reference/prime/principals.ts';
import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { primeLifecyclePlan, primeLifecycleProperties } from './lifecycle-plan.ts';

semanticSuite({
  title: 'prime lifecycle',
  fileTag: 'prime-lifecycle',
  defaults: {
    api: 'prime',
    sources: ['specs/prime-intellect.yaml'],
    // The quota is the rate-limit suite's subject; a 1 ms window keeps it out of the way here.
    startDefaultTarget: () => startDefaultReferenceServer({ api: 'prime', rateWindowMs: 1 }),
    defaultPrincipals: primeDefaultPrincipals,
  },
  properties: primeLifecycleProperties,
  plan: () => primeLifecyclePlan(),
});
