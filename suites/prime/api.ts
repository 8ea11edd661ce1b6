import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { primeDefaultPrincipals } from '../../src/reference/prime/principals.ts';
import type { ApiDefinition } from '../../src/vitest/api-definition.ts';
import { primeContractOptions } from './contract-options.ts';

/** Prime Intellect's image visibility operation and its neighbours (see ../../src/vitest/api-definition.ts). */
export const primeApi: ApiDefinition = {
  name: 'prime',
  title: 'Prime Intellect image visibility',
  spec: 'specs/prime-intellect.yaml',
  basePath: '',
  defaultPrincipals: primeDefaultPrincipals,
  // The quota is the rate-limit suite's subject (it asks for its own window); a 1 ms window keeps it out of the others' way.
  startDefaultTarget: (options) => startDefaultReferenceServer({ api: 'prime', rateWindowMs: 1, ...options }),
  contractOptions: primeContractOptions,
  fixtureProbe: {
    request: (target, ref) => ({
      method: 'GET',
      url: `${target.replace(/\/+$/, '')}/api/v1/images/${encodeURIComponent(ref.image_name ?? '')}/${encodeURIComponent(ref.image_tag ?? '')}${ref.team_id === undefined ? '' : `?teamId=${encodeURIComponent(ref.team_id)}`}`,
    }),
    // Prime's GET answers `{images: [...]}`, one row per artifact of name:tag in the caller's context.
    found: (status, body) => status === 200 && Array.isArray((body as { images?: unknown } | undefined)?.images) && ((body as { images: unknown[] }).images.length > 0),
  },
  suiteRequests: {
    'lifecycle.test.ts': { requests: 7, scale: 'fixed' },
    'rate-limit.test.ts': { requests: 103, scale: 'fixed' },
    'visibility-applied.test.ts': { scale: 'sequences', prepare: 39, perSequence: 17, walksWith: 'visibility-isolation.test.ts' },
    'visibility-isolation.test.ts': { scale: 'sequences', prepare: 39, perSequence: 17, walksWith: 'visibility-applied.test.ts' },
  },
};
