import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { imgDefaultPrincipals } from '../../src/reference/img/principals.ts';
import type { ApiDefinition } from '../../src/vitest/api-definition.ts';
import { imgContractOptions } from './contract-options.ts';

/** The IMG Processing API's images and their publish endpoints (see ../../src/vitest/api-definition.ts). */
export const imgApi: ApiDefinition = {
  name: 'img',
  title: 'IMG Processing publish',
  spec: 'specs/img-processing.yaml',
  basePath: '',
  defaultPrincipals: imgDefaultPrincipals,
  contractOptions: imgContractOptions,
  // The quota is the rate-limit suite's subject (it asks for its own window); a 1 ms window keeps it out of the others' way.
  startDefaultTarget: (options) => startDefaultReferenceServer({ api: 'img', rateWindowMs: 1, ...options }),
  suiteRequests: {
    'lifecycle.test.ts': { requests: 10, scale: 'fixed' },
    'pagination.test.ts': { requests: 6, scale: 'fixed' },
    'rate-limit.test.ts': { requests: 116, scale: 'fixed' },
    // Typical: 142 to 252 requests a file at 30 sequences, mean 206, seeds 1-10 (conform run img --shard i/4).
    'visibility-applied.test.ts': { scale: 'sequences', prepare: 2, perSequence: 13, typicalPerSequence: 7, walksWith: 'visibility-isolation.test.ts' },
    'visibility-isolation.test.ts': { scale: 'sequences', prepare: 2, perSequence: 13, typicalPerSequence: 7, walksWith: 'visibility-applied.test.ts' },
  },
};
