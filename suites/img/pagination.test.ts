import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { imgDefaultPrincipals } from '../../src/reference/img/principals.ts';
import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { imgPaginationPlan, imgPaginationProperties } from './pagination-plan.ts';

semanticSuite({
  title: 'img list: pagination and order',
  fileTag: 'img-pagination',
  defaults: {
    api: 'img',
    sources: ['specs/img-processing.yaml'],
    // The quota is the rate-limit suite's subject; a 1 ms window keeps it out of the way here.
    startDefaultTarget: () => startDefaultReferenceServer({ api: 'img', rateWindowMs: 1 }),
    defaultPrincipals: imgDefaultPrincipals,
  },
  properties: imgPaginationProperties,
  plan: () => imgPaginationPlan(),
});
