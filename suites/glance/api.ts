import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import type { ApiDefinition } from '../../src/vitest/api-definition.ts';
import { glanceContractOptions } from './contract-options.ts';
import { unprotectRequest } from './unprotect.ts';

/** OpenStack Image service v2 as the vendor documents it (see ../../src/vitest/api-definition.ts). */
export const glanceApi: ApiDefinition = {
  name: 'glance',
  title: 'OpenStack Image service v2',
  spec: 'specs/glance-v2.yaml',
  basePath: '/v2',
  defaultPrincipals: glanceDefaultPrincipals,
  startDefaultTarget: (options) => startDefaultReferenceServer({ api: 'glance', ...options }),
  contractOptions: glanceContractOptions,
  // Glance refuses to delete a protected image: lift the protection first.
  unblock: (entry) => [unprotectRequest(entry.url)],
  suiteRequests: {
    'attribute-rules.test.ts': { requests: 80, scale: 'fixed' },
    'exact-errors.test.ts': { requests: 23, scale: 'fixed' },
    'image-data.test.ts': { requests: 30, scale: 'fixed' },
    'lifecycle.test.ts': { requests: 23, scale: 'fixed' },
    'list-queries.test.ts': { requests: 105, scale: 'fixed' },
    'malformed.test.ts': { requests: 8, scale: 'fixed' },
    // The declared walks (every sort key both ways), Glance's own probes, the null-name walks and the tag filter: 104-133 requests, seeds 1-5.
    'pagination.test.ts': { requests: 120, scale: 'fixed' },
    'sharing.test.ts': { requests: 48, scale: 'fixed' },
    'visibility-applied.test.ts': { scale: 'sequences', prepare: 37, perSequence: 12, walksWith: 'visibility-isolation.test.ts' },
    'visibility-isolation.test.ts': { scale: 'sequences', prepare: 37, perSequence: 12, walksWith: 'visibility-applied.test.ts' },
  },
};
