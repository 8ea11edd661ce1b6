import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { imgDefaultPrincipals } from '../../src/reference/img/principals.ts';
import type { VisibilitySuiteOptions } from '../../src/vitest/visibility-suite.ts';
import { imgVisibility, type ImgVisibilityModel } from './visibility-model.ts';

/** What IMG's two visibility suite files share. */
export const imgVisibilityOptions: VisibilitySuiteOptions<ImgVisibilityModel> = {
  api: 'img',
  sources: ['specs/img-processing.yaml'],
  // The quota is the rate-limit suite's subject; here a 1 ms window keeps it out of the way.
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'img', rateWindowMs: 1 }),
  defaultPrincipals: imgDefaultPrincipals,
  definition: imgVisibility,
};
