import { declaredLifecyclePlan, declaredResources, type LifecycleItem } from '../../src/run/semantic/declared-lifecycle.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { SemanticProperty, SemanticSession, SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import type { Principal } from '../../src/principals.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { responseHeader, type Exchange } from '../../src/transport/exchange.ts';
import { glanceDeclaration } from './declaration.ts';
import { imageFields } from './image-bodies.ts';
import { unprotectSuiteRequest } from './unprotect.ts';

const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';
// The label the declared lifecycle gives the `image` resource of specs/glance-v2.conform.yaml.
const LIFECYCLE: SemanticProperty = { checkId: 'lifecycle_semantics', operationId: 'createImage', operationLabel: 'POST /images → DELETE /images/{image_id} (lifecycle of image)' };

/** The properties the Glance lifecycle suite reports. */
export const glanceLifecycleProperties: readonly SemanticProperty[] = [LIFECYCLE];

function patch(url: string, operations: unknown, contentType = PATCH_TYPE): SuiteRequest {
  return { method: 'PATCH', path: url, headers: { 'content-type': contentType }, body: JSON.stringify(operations) };
}

async function createImage(session: SemanticSession, owner: Principal, name: string): Promise<{ exchange: Exchange; url?: string }> {
  const exchange = await session.send('createImage', { method: 'POST', path: '/images', json: { name, disk_format: 'raw', container_format: 'bare' } }, owner);
  const id = imageFields(exchange).id;
  if (exchange.response?.status !== 201 || typeof id !== 'string') return { exchange };
  const url = `${session.runtime.target.replace(/\/+$/, '')}/images/${encodeURIComponent(id)}`;
  session.created({ operationId: 'createImage', url, removeMethod: 'DELETE', principal: owner.name });
  return { exchange, url };
}

/**
 * What Glance's lifecycle asserts that no declaration says, on the image the declared lifecycle
 * created and updated: its create answered with a Location at the image; JSON Patch `add` on an
 * existing attribute replaces it (RFC 6902 §4.1), and a body of another media type is 415; with its
 * formats set and data uploaded, deactivate and reactivate apply; and a protected image refuses delete (403) until
 * unprotected.
 */
async function glanceLifecycleSteps({ session, owner, id, url, created, expect }: LifecycleItem): Promise<void> {
  const show = () => session.send('showImage', { method: 'GET', path: url }, owner);
  const location = created.response ? responseHeader(created.response, 'location') : undefined;
  if (expect.that(location !== undefined, 'create-missing-location', 'POST /images answered 201 without a Location header', created)) {
    const shown = await session.send('showImage', { method: 'GET', path: new URL(location ?? '', url).toString() }, owner);
    expect.that(shown.response?.status === 200 && imageFields(shown).id === id, 'location-not-the-image', `Location ${location ?? ''} does not show the created image ${id}`, shown);
  }

  const added = await session.send('updateImage', patch(url, [{ op: 'add', path: '/name', value: 'conform-added' }]), owner);
  if (expect.status(added, [200], 'add-refused', 'PATCH add /name on an existing attribute')) {
    const after = await show();
    expect.that(imageFields(after).name === 'conform-added', 'add-does-not-replace', `JSON-Patch add on an existing attribute must replace it (RFC 6902 §4.1); the image still shows name ${JSON.stringify(imageFields(after).name)}`, after);
  }
  const wrongType = await session.send('updateImage', patch(url, [{ op: 'replace', path: '/name', value: 'conform-wrong-type' }], 'application/json'), owner);
  expect.status(wrongType, [415], 'patch-media-type-not-enforced', `PATCH with Content-Type application/json (not ${PATCH_TYPE})`);

  // The declared lifecycle created the least image (no formats): data needs both formats first.
  const formats = await session.send('updateImage', patch(url, [{ op: 'replace', path: '/disk_format', value: 'raw' }, { op: 'replace', path: '/container_format', value: 'bare' }]), owner);
  expect.status(formats, [200], 'formats-refused', 'PATCH replace /disk_format and /container_format of a queued image');
  const upload = await session.send('uploadImageData', { method: 'PUT', path: `${url}/file`, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from('conform image data') }, owner);
  // Not a quiet skip: without data there is nothing to deactivate, and the run must say so.
  if (expect.status(upload, [204], 'upload-refused', 'PUT .../file of a queued image with both formats set')) {
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

  const guarded = await createImage(session, owner, 'conform-protected');
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
}

/**
 * The Glance image lifecycle: the declared lifecycle of any document (issue "Semantics for any
 * document") on the `image` resource of specs/glance-v2.conform.yaml (create → show → listed → a
 * JSON Patch replace of `name` read back → delete → 404 → not listed), with Glance's own steps
 * (glanceLifecycleSteps) between the update and the delete.
 */
export function glanceLifecyclePlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: glanceLifecycleProperties,
    async run(session) {
      const model = await loadSuiteApi(session.runtime.settings.sources);
      const image = declaredResources(glanceDeclaration(model)).find((declared) => declared.name === 'image');
      if (!image) {
        session.skip(LIFECYCLE, 'specs/glance-v2.conform.yaml declares no image resource');
        return;
      }
      await declaredLifecyclePlan(model, image, principalName, glanceLifecycleSteps).run(session);
    },
    beforeRemove: (entry) => [unprotectSuiteRequest(entry.url)],
  };
}
