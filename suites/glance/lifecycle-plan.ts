import { randomUUID } from 'node:crypto';
import type { Principal } from '../../src/principals.ts';
import { Expectations } from '../../src/run/semantic/expectations.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { SemanticProperty, SemanticSession, SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import { responseHeader, type Exchange } from '../../src/transport/exchange.ts';
import { imageFields, listedImageIds } from './image-bodies.ts';
import { unprotectSuiteRequest } from './unprotect.ts';

const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';
const LIFECYCLE: SemanticProperty = { checkId: 'lifecycle_semantics', operationId: 'createImage', operationLabel: 'POST /images → DELETE /images/{image_id} (lifecycle)' };

/** The properties the Glance lifecycle suite reports. */
export const glanceLifecycleProperties: readonly SemanticProperty[] = [LIFECYCLE];


function patch(url: string, operations: unknown, contentType = PATCH_TYPE): SuiteRequest {
  return { method: 'PATCH', path: url, headers: { 'content-type': contentType }, body: JSON.stringify(operations) };
}


async function create(session: SemanticSession, owner: Principal, name: string, tag: string): Promise<{ exchange: Exchange; id?: string; url?: string }> {
  const exchange = await session.send('createImage', { method: 'POST', path: '/images', json: { name, disk_format: 'raw', container_format: 'bare', tags: [tag] } }, owner);
  const id = imageFields(exchange).id;
  if (exchange.response?.status !== 201 || typeof id !== 'string') return { exchange };
  const url = `${session.runtime.target.replace(/\/+$/, '')}/images/${encodeURIComponent(id)}`;
  session.created({ operationId: 'createImage', url, removeMethod: 'DELETE', principal: owner.name });
  return { exchange, id, url };
}


/**
 * The Glance image lifecycle: create (201 + Location at the image) → show → update (v2.1 JSON-Patch;
 * `add` on an existing attribute replaces; another media type is 415) → list → deactivate/reactivate
 * (after uploading data) → a protected image refuses delete (403) → delete → show 404 → nothing left.
 */
export function glanceLifecyclePlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: glanceLifecycleProperties,
    async run(session) {
      const owner = session.principal(principalName);
      if (!owner) {
        session.skip(LIFECYCLE, `principal '${principalName}' is not configured (the lifecycle creates its own images as it)`);
        return;
      }
      await session.property(LIFECYCLE, async () => {
        const expect = new Expectations('Glance v2 images: create, show, update (JSON-Patch), actions, delete');
        const tag = `conform-life-${randomUUID().slice(0, 8)}`;
        const made = await create(session, owner, 'conform-life', tag);
        if (!made.id || !made.url) return { skip: `could not create an image: POST /images answered ${made.exchange.response?.status ?? made.exchange.failure?.message}` };
        const { id, url } = made;
        const location = made.exchange.response ? responseHeader(made.exchange.response, 'location') : undefined;
        if (expect.that(location !== undefined, 'create-missing-location', 'POST /images answered 201 without a Location header', made.exchange)) {
          const shown = await session.send('showImage', { method: 'GET', path: new URL(location ?? '', url).toString() }, owner);
          expect.that(shown.response?.status === 200 && imageFields(shown).id === id, 'location-not-the-image', `Location ${location ?? ''} does not show the created image ${id}`, shown);
        }
        const show = () => session.send('showImage', { method: 'GET', path: url }, owner);
        const first = await show();
        expect.status(first, [200], 'show-after-create', `GET of the image just created`);

        const replaced = await session.send('updateImage', patch(url, [{ op: 'replace', path: '/name', value: 'conform-renamed' }]), owner);
        if (expect.status(replaced, [200], 'replace-refused', 'PATCH replace /name')) {
          const after = await show();
          expect.that(imageFields(after).name === 'conform-renamed', 'replace-not-applied', `after PATCH replace /name the image shows name ${JSON.stringify(imageFields(after).name)}`, after);
        }
        const added = await session.send('updateImage', patch(url, [{ op: 'add', path: '/name', value: 'conform-added' }]), owner);
        if (expect.status(added, [200], 'add-refused', 'PATCH add /name on an existing attribute')) {
          const after = await show();
          expect.that(imageFields(after).name === 'conform-added', 'add-does-not-replace', `JSON-Patch add on an existing attribute must replace it (RFC 6902 §4.1); the image still shows name ${JSON.stringify(imageFields(after).name)}`, after);
        }
        const wrongType = await session.send('updateImage', patch(url, [{ op: 'replace', path: '/name', value: 'conform-wrong-type' }], 'application/json'), owner);
        expect.status(wrongType, [415], 'patch-media-type-not-enforced', `PATCH with Content-Type application/json (not ${PATCH_TYPE})`);

        const listed = await session.send('listImages', { method: 'GET', path: '/images', query: [['tag', tag]] }, owner);
        expect.that((listedImageIds(listed) ?? []).includes(id), 'created-not-listed', `GET /images?tag=${tag} does not list the created image ${id}`, listed);

        const upload = await session.send('uploadImageData', { method: 'PUT', path: `${url}/file`, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from('conform image data') }, owner);
        if (upload.response?.status === 204) {
          const deactivate = await session.send('deactivateImage', { method: 'POST', path: `${url}/actions/deactivate` }, owner);
          if (expect.status(deactivate, [204], 'deactivate-refused', 'POST .../actions/deactivate of an active image')) {
            const after = await show();
            expect.that(imageFields(after).status === 'deactivated', 'deactivate-not-applied', `after deactivate (204) the image shows status ${JSON.stringify(imageFields(after).status)}`, after);
          }
          const reactivate = await session.send('reactivateImage', { method: 'POST', path: `${url}/actions/reactivate` }, owner);
          if (expect.status(reactivate, [204], 'reactivate-refused', 'POST .../actions/reactivate')) {
            const after = await show();
            expect.that(imageFields(after).status === 'active', 'reactivate-not-applied', `after reactivate (204) the image shows status ${JSON.stringify(imageFields(after).status)}`, after);
          }
        }

        const guarded = await create(session, owner, 'conform-protected', tag);
        if (guarded.url) {
          await session.send('updateImage', patch(guarded.url, [{ op: 'replace', path: '/protected', value: true }]), owner);
          const refused = await session.send('deleteImage', { method: 'DELETE', path: guarded.url }, owner);
          if (!expect.status(refused, [403], 'protected-delete-allowed', 'DELETE of a protected image')) {
            if ((refused.response?.status ?? 0) < 300) session.removed(guarded.url);
          } else {
            await session.send('updateImage', unprotectSuiteRequest(guarded.url), owner);
            const removed = await session.send('deleteImage', { method: 'DELETE', path: guarded.url }, owner);
            if (expect.status(removed, [204], 'delete-refused', 'DELETE of an unprotected image')) session.removed(guarded.url);
          }
        }

        const removed = await session.send('deleteImage', { method: 'DELETE', path: url }, owner);
        if (expect.status(removed, [204], 'delete-refused', 'DELETE of the image')) {
          session.removed(url);
          expect.status(await show(), [404], 'show-after-delete', 'GET of the deleted image');
          const left = await session.send('listImages', { method: 'GET', path: '/images', query: [['tag', tag]] }, owner);
          expect.that(left.response?.status === 200 && (listedImageIds(left) ?? []).length === 0, 'left-after-delete', `GET /images?tag=${tag} still lists ${(listedImageIds(left) ?? []).join(', ')} after every image was deleted`, left);
        }
        return expect.findings;
      });
    },
    beforeRemove: (entry) => [unprotectSuiteRequest(entry.url)],
  };
}
