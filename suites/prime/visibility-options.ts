import type { VisibilitySuiteOptions } from '../../src/vitest/visibility-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { primeApi } from './api.ts';
import { primeVisibility, type PrimeVisibilityModel } from './visibility-model.ts';

/** What Prime's two visibility suite files share. */
export const primeVisibilityOptions: VisibilitySuiteOptions<PrimeVisibilityModel> = {
  ...suiteDefaults(primeApi),
  // The reference server's team (owner and teammate are members); others are found from PUBLIC team rows.
  definition: primeVisibility({ teamIds: ['team-1'] }),
};
