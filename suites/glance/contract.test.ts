import { contractSuite } from '../../src/run/contract-suite.ts';
import type { Case } from '../../src/generate/case.ts';
import { startDefaultReferenceServer } from '../../src/reference/default-target.ts';
import { glanceDefaultPrincipals } from '../../src/reference/glance/principals.ts';
import { GLANCE_POLICY } from './policy.ts';

const PATCH_MEDIA_TYPE = 'application/openstack-images-v2.1-json-patch';

/** A protected image cannot be deleted: the run lifts the protection it may have set before cleanup. */
function unprotect(resource: { readonly id: string }): Case[] {
  const raw = JSON.stringify([{ op: 'replace', path: '/protected', value: false }]);
  return [
    {
      operationId: 'updateImage',
      method: 'PATCH',
      pathTemplate: '/images/{image_id}',
      pathParams: { image_id: resource.id },
      path: `/images/${encodeURIComponent(resource.id)}`,
      query: [],
      headers: { accept: 'application/json', 'content-type': PATCH_MEDIA_TYPE },
      cookies: {},
      body: { mediaType: PATCH_MEDIA_TYPE, contentType: PATCH_MEDIA_TYPE, value: JSON.parse(raw) as unknown, raw },
      mode: 'positive',
    },
  ];
}

await contractSuite({
  api: 'glance',
  sources: ['specs/glance-v2.yaml'],
  startDefaultTarget: () => startDefaultReferenceServer({ api: 'glance', seedData: 3 }),
  basePath: '/v2',
  defaultPrincipals: glanceDefaultPrincipals,
  beforeRemove: unprotect,
  policy: GLANCE_POLICY,
});
