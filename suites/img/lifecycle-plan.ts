import { resolveDeclaration } from '../../src/openapi/declaration/resolve-declaration.ts';
import { declaredLifecyclePlan, declaredResources, type LifecycleItem } from '../../src/run/semantic/declared-lifecycle.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { SemanticProperty } from '../../src/run/semantic/semantic-session.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import type { Exchange } from '../../src/transport/exchange.ts';
import { jsonBody } from './img-requests.ts';

// The label the declared lifecycle gives the `image` resource of the document's x-conform.
const LIFECYCLE: SemanticProperty = { checkId: 'lifecycle_semantics', operationId: 'uploadImage', operationLabel: 'POST /v1/images/upload → DELETE /v1/images/{image_id} (lifecycle of image)' };

/** The properties the IMG lifecycle suite reports. */
export const imgLifecycleProperties: readonly SemanticProperty[] = [LIFECYCLE];

function field(exchange: Exchange, name: string): unknown {
  const parsed = jsonBody(exchange.response?.body);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[name] : undefined;
}

/**
 * What IMG's lifecycle asserts that no declaration says, on the image the declared lifecycle
 * uploaded: it is private (url null) when uploaded, publish (201) fills url, unpublish (201) empties
 * it again. The visibility suites judge what the URL serves; this is the Image object's side.
 */
async function imgLifecycleSteps({ session, owner, url, created, expect }: LifecycleItem): Promise<void> {
  const get = () => session.send('getImage', { method: 'GET', path: url }, owner);
  expect.that(field(created, 'url') === null, 'created-public', `an uploaded image must be private (url null), got url ${JSON.stringify(field(created, 'url'))}`, created);
  const published = await session.send('publishImage', { method: 'POST', path: `${url}/publish` }, owner);
  if (expect.status(published, [201], 'publish-refused', 'POST .../publish')) {
    const after = await get();
    expect.that(typeof field(after, 'url') === 'string', 'publish-not-applied', `after publish the image shows url ${JSON.stringify(field(after, 'url'))}`, after);
  }
  const unpublished = await session.send('unpublishImage', { method: 'POST', path: `${url}/unpublish` }, owner);
  if (expect.status(unpublished, [201], 'unpublish-refused', 'POST .../unpublish')) {
    const after = await get();
    expect.that(field(after, 'url') === null, 'unpublish-not-applied', `after unpublish the image shows url ${JSON.stringify(field(after, 'url'))}`, after);
  }
}

/**
 * The IMG image lifecycle: the declared lifecycle of any document (issue "Semantics for any
 * document") on the `image` resource of the document's x-conform (upload → get → listed → delete →
 * 404 → not listed; IMG has no update), with IMG's publish and unpublish steps (imgLifecycleSteps)
 * before the delete.
 */
export function imgLifecyclePlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: imgLifecycleProperties,
    async run(session) {
      const model = await loadSuiteApi(session.runtime.settings.sources);
      const image = declaredResources(resolveDeclaration(model).declaration).find((declared) => declared.name === 'image');
      if (!image) {
        session.skip(LIFECYCLE, "the document's x-conform declares no image resource");
        return;
      }
      await declaredLifecyclePlan(model, image, principalName, imgLifecycleSteps).run(session);
    },
  };
}
