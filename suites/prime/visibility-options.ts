import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { primeDefaultPrincipals } from '../../src/reference/prime/principals.ts';
import type { VisibilitySuiteOptions } from '../../src/vitest/visibility-suite.ts';
import { primeVisibility, type PrimeVisibilityModel } from './visibility-model.ts';

/** What Prime's two visibility suite files share. */
export const primeVisibilityOptions: VisibilitySuiteOptions<PrimeVisibilityModel> = {
  api: 'prime',
  sources: ['specs/prime-intellect.yaml'],
  // The quota is the rate-limit suite's subject; here a 1 ms window keeps it out of the way.
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'prime', rateWindowMs: 1 }),
  defaultPrincipals: primeDefaultPrincipals,
  // The reference server's team (owner and teammate are members); others are found from PUBLIC team rows.
  definition: primeVisibility({ teamIds: ['team-1'] }),
};
