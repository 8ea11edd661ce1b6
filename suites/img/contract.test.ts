import { contractSuite } from '../../src/run/contract-suite.ts';
import { startReferenceServer } from '../../src/reference/index.ts';
import { imgDefaultPrincipals } from '../../src/reference/img/principals.ts';

await contractSuite({
  api: 'img',
  sources: ['specs/img-processing.yaml'],
  startDefaultTarget: () => startReferenceServer({ api: 'img' }),
  defaultPrincipals: imgDefaultPrincipals,
});
