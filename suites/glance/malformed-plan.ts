import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ObservedDraft, SemanticProperty, SemanticSession, SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import { Expectations } from '../../src/run/semantic/expectations.ts';
import { jsonBody } from '../../src/run/semantic/visibility-client.ts';
import { createOwnImage } from './own-image.ts';

const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';
const CLAUSE = 'RFC 9110 §15.5.1 and the vendor document: a request the API cannot parse is refused with 400, never a 5xx';
/** An image id no Glance has: a UUID of version 4 conform never creates. */
const UNKNOWN_IMAGE = '00000000-0000-4000-8000-00000000c0f0';

const PATCH_PATH: SemanticProperty = {
  checkId: 'malformed_input_refused',
  operationId: 'updateImage',
  operationLabel: 'PATCH /images/{image_id} (patch path not a string)',
};
const ARRAY_CREATE: SemanticProperty = {
  checkId: 'malformed_input_refused',
  operationId: 'createImage',
  operationLabel: 'POST /images (JSON array body)',
};

/** The properties the Glance malformed-input suite reports. */
export const glanceMalformedProperties: readonly SemanticProperty[] = [PATCH_PATH, ARRAY_CREATE];

/** Every JSON type a JSON Pointer is not: each one crashed upstream Zed's PATCH (500). */
const NON_STRING_PATHS: readonly (readonly [string, unknown])[] = [
  ['null', null],
  ['true', true],
  ['a number', 5],
  ['a list', ['name']],
];

/** JSON array bodies: each one crashed upstream Zed's create (500), while a string, number or null got 400. */
const ARRAY_BODIES: readonly string[] = ['[]', '[1]'];

function patchWithPath(url: string, path: unknown): SuiteRequest {
  return { method: 'PATCH', path: url, headers: { 'content-type': PATCH_TYPE }, body: JSON.stringify([{ op: 'add', path, value: 'conform' }]) };
}

/**
 * Requests every Glance deployment must refuse cleanly, sent in every run whatever the seed: a
 * JSON Patch whose `path` is not a string, on an image of the run's own and on an id that does not
 * exist, and a create body that is a JSON array. Random generation reaches these only with some
 * seeds; as scenarios they are asserted every time, so a vendor that fixes the crash sees its
 * known deviation go stale, and one that regresses sees it fail.
 */
export function glanceMalformedPlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: glanceMalformedProperties,
    async run(session: SemanticSession) {
      const owner = session.principal(principalName);
      if (!owner) {
        for (const property of glanceMalformedProperties) session.skip(property, `principal '${principalName}' is not configured (the scenarios act as it)`);
        return;
      }
      await session.property(PATCH_PATH, async (): Promise<ObservedDraft[] | { skip: string }> => {
        const made = await createOwnImage(session, owner, { name: 'conform-malformed' });
        if (typeof made === 'string') return { skip: `could not create an image to patch: ${made}` };
        const { url } = made;
        const expect = new Expectations(CLAUSE);
        for (const [name, path] of NON_STRING_PATHS) {
          const answer = await session.send('updateImage', patchWithPath(url, path), owner);
          expect.status(answer, [400], `existing:${answer.response?.status ?? 'none'}`, `PATCH of an existing image with a patch whose path is ${name}`);
        }
        // The body is refused before the image is looked up upstream; a 404 is a refusal too.
        const unknown = await session.send('updateImage', patchWithPath(`/images/${UNKNOWN_IMAGE}`, null), owner);
        expect.status(unknown, [400, 404], `unknown:${unknown.response?.status ?? 'none'}`, 'PATCH of an unknown image with a patch whose path is null');
        return expect.findings;
      });
      await session.property(ARRAY_CREATE, async () => {
        const expect = new Expectations(CLAUSE);
        for (const body of ARRAY_BODIES) {
          const answer = await session.send('createImage', { method: 'POST', path: '/images', headers: { 'content-type': 'application/json' }, body }, owner);
          const status = answer.response?.status;
          // Should a deployment take the array as an image, it is the run's to delete.
          if (status === 201) {
            const id = (jsonBody(answer) as { id?: unknown } | undefined)?.id;
            if (typeof id === 'string') session.created({ operationId: 'createImage', url: `${session.runtime.target.replace(/\/+$/, '')}/images/${encodeURIComponent(id)}`, removeMethod: 'DELETE', principal: owner.name });
          }
          expect.status(answer, [400], `array-body:${status ?? 'none'}`, `POST /images with the body ${body}`);
        }
        return expect.findings;
      });
    },
  };
}
