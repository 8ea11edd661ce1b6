import type { PolicyRule } from '../../src/openapi/principal-policy.ts';

/**
 * Upstream Glance's policy (Zed, secure RBAC) for what only the admin may send, checked on a real
 * glance-api (scripts/glance/): a member's create or PATCH that makes an image public answers 403
 * "You are not authorized to complete publicize_image action"; one that sets `owner` to another
 * project answers 403 "You are not permitted to create images owned by ..." / "Owner can't be
 * updated by non admin". The vendor document says neither; the contract run's positive requests
 * keep to them so these refusals are not read as valid data rejected.
 */
export const GLANCE_POLICY: readonly PolicyRule[] = [
  { operationId: 'createImage', property: 'visibility', values: ['public'], principals: ['admin'], refusal: 403, reason: 'publicize_image: only the admin may make an image public' },
  { operationId: 'updateImage', property: 'visibility', values: ['public'], principals: ['admin'], refusal: 403, reason: 'publicize_image: only the admin may make an image public' },
  { operationId: 'createImage', property: 'owner', principals: ['admin'], refusal: 403, reason: 'only the admin may create images owned by another project' },
  { operationId: 'updateImage', property: 'owner', principals: ['admin'], refusal: 403, reason: 'owner cannot be updated by a non-admin' },
];
