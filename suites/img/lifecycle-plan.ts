import { Expectations } from '../../src/run/semantic/expectations.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { SemanticProperty } from '../../src/run/semantic/semantic-session.ts';
import type { Exchange } from '../../src/transport/exchange.ts';
import { jsonBody, uploadImage } from './img-requests.ts';

const LIFECYCLE: SemanticProperty = { checkId: 'lifecycle_semantics', operationId: 'uploadImage', operationLabel: 'POST /v1/images/upload → DELETE /v1/images/{image_id} (lifecycle)' };

/** The properties the IMG lifecycle suite reports. */
export const imgLifecycleProperties: readonly SemanticProperty[] = [LIFECYCLE];

function field(exchange: Exchange, name: string): unknown {
  const parsed = jsonBody(exchange.response?.body);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[name] : undefined;
}

function listed(exchange: Exchange): string[] {
  const data = field(exchange, 'data');
  return Array.isArray(data) ? data.map((item: unknown) => String((item as { id?: unknown }).id)) : [];
}

/**
 * The IMG image lifecycle as the API allows: upload (201, private: url null) → get → publish (url
 * set) → list → unpublish (url null again) → delete (204) → get 404 → not listed.
 */
export function imgLifecyclePlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: imgLifecycleProperties,
    async run(session) {
      const owner = session.principal(principalName);
      if (!owner) {
        session.skip(LIFECYCLE, `principal '${principalName}' is not configured (the lifecycle uploads its own image as it)`);
        return;
      }
      await session.property(LIFECYCLE, async () => {
        const expect = new Expectations('IMG images: upload, get, publish, unpublish, delete');
        const made = await uploadImage(session, owner, 'conform-life');
        if (typeof made === 'string') return { skip: `could not upload an image: ${made}` };
        const { id, url } = made;
        const get = () => session.send('getImage', { method: 'GET', path: url }, owner);
        expect.that(made.item.url === null, 'created-public', `an uploaded image must be private (url null), got url ${JSON.stringify(made.item.url)}`, (await get()));
        const shown = await get();
        expect.that(shown.response?.status === 200 && field(shown, 'id') === id, 'get-after-create', `GET of the uploaded image answered ${shown.response?.status ?? 'nothing'}`, shown);
        const published = await session.send('publishImage', { method: 'POST', path: `${url}/publish` }, owner);
        if (expect.status(published, [201], 'publish-refused', 'POST .../publish')) {
          const after = await get();
          expect.that(typeof field(after, 'url') === 'string', 'publish-not-applied', `after publish the image shows url ${JSON.stringify(field(after, 'url'))}`, after);
        }
        const list = await session.send('getImages', { method: 'GET', path: '/v1/images', query: [['take', '100']] }, owner);
        expect.that(listed(list).includes(id), 'created-not-listed', `GET /v1/images does not list the uploaded image ${id}`, list);
        const unpublished = await session.send('unpublishImage', { method: 'POST', path: `${url}/unpublish` }, owner);
        if (expect.status(unpublished, [201], 'unpublish-refused', 'POST .../unpublish')) {
          const after = await get();
          expect.that(field(after, 'url') === null, 'unpublish-not-applied', `after unpublish the image shows url ${JSON.stringify(field(after, 'url'))}`, after);
        }
        const removed = await session.send('removeImage', { method: 'DELETE', path: url }, owner);
        if (expect.status(removed, [204], 'delete-refused', 'DELETE of the image')) {
          session.removed(url);
          expect.status(await get(), [404], 'get-after-delete', 'GET of the deleted image');
          const left = await session.send('getImages', { method: 'GET', path: '/v1/images', query: [['take', '100']] }, owner);
          expect.that(!listed(left).includes(id), 'listed-after-delete', `GET /v1/images still lists the deleted image ${id}`, left);
        }
        return expect.findings;
      });
    },
  };
}
