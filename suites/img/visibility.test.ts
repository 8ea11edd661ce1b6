import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { imgDefaultPrincipals } from '../../src/reference/img/principals.ts';
import { visibilitySuite } from '../../src/run/semantic/visibility-suite.ts';
import { imgVisibility } from './visibility-model.ts';

// The quota is the rate-limit suite's subject; here a 1 ms window keeps it out of the way.
visibilitySuite({
  api: 'img',
  sources: ['specs/img-processing.yaml'],
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'img', rateWindowMs: 1 }),
  defaultPrincipals: imgDefaultPrincipals,
  definition: imgVisibility,
});
