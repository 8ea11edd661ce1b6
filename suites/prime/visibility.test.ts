import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { primeDefaultPrincipals } from '../../src/reference/prime/principals.ts';
import { visibilitySuite } from '../../src/run/semantic/visibility-suite.ts';
import { primeVisibility } from './visibility-model.ts';

// The quota is the rate-limit suite's subject; here a 1 ms window keeps it out of the way.
visibilitySuite({
  api: 'prime',
  sources: ['specs/prime-intellect.yaml'],
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'prime', rateWindowMs: 1 }),
  defaultPrincipals: primeDefaultPrincipals,
  // The reference server's team (owner and teammate are members); others are found from PUBLIC team rows.
  definition: primeVisibility({ teamIds: ['team-1'] }),
});
