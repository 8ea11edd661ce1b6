import type { Case } from '../../src/generate/case.ts';
import type { SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import type { OutgoingRequest } from '../../src/transport/exchange.ts';

const PATCH_MEDIA_TYPE = 'application/openstack-images-v2.1-json-patch';
const UNPROTECT = [{ op: 'replace', path: '/protected', value: false }];
const RAW = JSON.stringify(UNPROTECT);

/**
 * Glance refuses to delete a protected image: this PATCH lifts the protection first. One definition,
 * in the three shapes the hooks that remove an image take: cleanup's wire request, a semantic plan's
 * request, the contract suite's case.
 */
export function unprotectRequest(url: string): OutgoingRequest {
  return { method: 'PATCH', url, headers: { 'content-type': PATCH_MEDIA_TYPE }, body: RAW };
}

/** {@link unprotectRequest} as a semantic plan sends it (its `path` may be the absolute URL). */
export function unprotectSuiteRequest(url: string): SuiteRequest {
  const { url: path, ...rest } = unprotectRequest(url);
  return { ...rest, path };
}

/** {@link unprotectRequest} as the contract suite's resource pool sends it, for the image `id`. */
export function unprotectCase(resource: { readonly id: string }): Case {
  return {
    operationId: 'updateImage',
    method: 'PATCH',
    pathTemplate: '/images/{image_id}',
    pathParams: { image_id: resource.id },
    path: `/images/${encodeURIComponent(resource.id)}`,
    query: [],
    headers: { accept: 'application/json', 'content-type': PATCH_MEDIA_TYPE },
    cookies: {},
    body: { mediaType: PATCH_MEDIA_TYPE, contentType: PATCH_MEDIA_TYPE, value: UNPROTECT, raw: RAW },
    mode: 'positive',
  };
}
