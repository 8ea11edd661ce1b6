import { Expectations } from '../../src/run/semantic/expectations.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { SemanticProperty } from '../../src/run/semantic/semantic-session.ts';
import type { Exchange } from '../../src/transport/exchange.ts';

const UPDATE = 'update_image_visibility_api_v1_images__image_name___image_tag__visibility_patch';
const LIFECYCLE: SemanticProperty = { checkId: 'lifecycle_semantics', operationId: UPDATE, operationLabel: 'PATCH /api/v1/images/{image_name}/{image_tag}/visibility (lifecycle)' };

/** The properties the Prime lifecycle suite reports. */
export const primeLifecycleProperties: readonly SemanticProperty[] = [LIFECYCLE];

interface Row {
  readonly imageName: string;
  readonly imageTag: string;
  readonly visibility: string;
}

function rows(exchange: Exchange, pointer: 'data' | 'images'): Row[] {
  try {
    const parsed = JSON.parse(exchange.response?.body.toString('utf8') ?? '') as Record<string, unknown>;
    const list = parsed[pointer];
    return Array.isArray(list) ? (list as Row[]) : [];
  } catch {
    return [];
  }
}

/**
 * Prime documents no create and no delete, so its lifecycle is update → show → list → restore, on a
 * target conform started (whose seeded images are conform's to change): a PRIVATE image of the
 * caller is made PUBLIC, read back by get and list, and made PRIVATE again.
 */
export function primeLifecyclePlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: primeLifecycleProperties,
    async run(session) {
      const owner = session.principal(principalName);
      if (!owner) return void session.skip(LIFECYCLE, `principal '${principalName}' is not configured`);
      if (!session.runtime.settings.ownsTarget) {
        return void session.skip(LIFECYCLE, 'Prime documents no create or delete: conform changes only what it created, and it creates nothing on a target it did not start');
      }
      await session.property(LIFECYCLE, async () => {
        const expect = new Expectations('Prime: update image visibility, read back');
        const list = await session.send('list_images_api_v1_images_get', { method: 'GET', path: '/api/v1/images' }, owner);
        const target = rows(list, 'data').find((row) => row.visibility === 'PRIVATE');
        if (!target) return { skip: `the caller has no PRIVATE image to change (GET /api/v1/images answered ${list.response?.status ?? 'nothing'})` };
        const path = `/api/v1/images/${encodeURIComponent(target.imageName)}/${encodeURIComponent(target.imageTag)}`;
        const set = async (visibility: string): Promise<void> => {
          const updated = await session.send(UPDATE, { method: 'PATCH', path: `${path}/visibility`, json: { visibility } }, owner);
          if (!expect.status(updated, [200], `update-${visibility.toLowerCase()}-refused`, `PATCH visibility ${visibility}`)) return;
          const shown = await session.send('get_image_api_v1_images__image_name___image_tag__get', { method: 'GET', path }, owner);
          const seen = rows(shown, 'images').map((row) => row.visibility);
          expect.that(seen.length > 0 && seen.every((value) => value === visibility), `get-after-${visibility.toLowerCase()}`, `after PATCH ${visibility} the image shows ${JSON.stringify(seen)}`, shown);
          const listed = await session.send('list_images_api_v1_images_get', { method: 'GET', path: '/api/v1/images', query: [['visibility', visibility]] }, owner);
          expect.that(rows(listed, 'data').some((row) => row.imageName === target.imageName && row.imageTag === target.imageTag), `list-after-${visibility.toLowerCase()}`, `after PATCH ${visibility} GET /api/v1/images?visibility=${visibility} does not list ${target.imageName}:${target.imageTag}`, listed);
        };
        await set('PUBLIC');
        await set('PRIVATE');
        return expect.findings;
      });
    },
  };
}
