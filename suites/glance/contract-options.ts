import type { ContractRunOptions } from '../../src/run/contract-run.ts';
import type { Case } from '../../src/generate/case.ts';
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

/**
 * What Glance's contract suite adds to the generic run: lifting a protection before a delete, and
 * upstream's policy (who may do what). One definition for the suite file, the fault proofs and the
 * detection benchmark, so they measure the run a user gets.
 */
export const glanceContractOptions: ContractRunOptions = { beforeRemove: unprotect, policy: GLANCE_POLICY };
