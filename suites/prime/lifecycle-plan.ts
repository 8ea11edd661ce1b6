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
 * target conform started (whose seeded images are conform's to change: a PRIVATE image of the caller)
 * or on an image the user declared with --fixtures: made the other visibility, read back by get and
 * list, and set back to what it was.
 */
export function primeLifecyclePlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: primeLifecycleProperties,
    async run(session) {
      const owner = session.principal(principalName);
      if (!owner) return void session.skip(LIFECYCLE, `principal '${principalName}' is not configured`);
      const settings = session.runtime.settings;
      // The owner's own declared images (not team ones): the lifecycle acts in the caller's context.
      const declared = (settings.fixtures?.[principalName] ?? []).filter((ref) => ref.team_id === undefined && ref.image_name !== undefined && ref.image_tag !== undefined);
      if (!settings.ownsTarget && declared.length === 0) {
        return void session.skip(LIFECYCLE, `Prime documents no create or delete: on a target conform did not start, the lifecycle changes only an image declared under prime.${principalName} with --fixtures (see the README)`);
      }
      await session.property(LIFECYCLE, async () => {
        const expect = new Expectations('Prime: update image visibility, read back');
        const list = await session.send('list_images_api_v1_images_get', { method: 'GET', path: '/api/v1/images' }, owner);
        const mine = rows(list, 'data');
        const target = declared.length > 0 ? mine.find((row) => declared.some((ref) => ref.image_name === row.imageName && ref.image_tag === row.imageTag)) : mine.find((row) => row.visibility === 'PRIVATE');
        if (!target) {
          return { skip: declared.length > 0 ? `no declared fixture of '${principalName}' is in its list (GET /api/v1/images answered ${list.response?.status ?? 'nothing'})` : `the caller has no PRIVATE image to change (GET /api/v1/images answered ${list.response?.status ?? 'nothing'})` };
        }
        const original = target.visibility === 'PUBLIC' ? 'PUBLIC' : 'PRIVATE';
        const path = `/api/v1/images/${encodeURIComponent(target.imageName)}/${encodeURIComponent(target.imageTag)}`;
        if (declared.length > 0) {
          // Written down before the change, so an interrupted run's `conform cleanup` puts it back.
          session.created({
            operationId: UPDATE,
            url: `${session.runtime.target.replace(/\/+$/, '')}${path}/visibility#lifecycle`,
            principal: owner.name,
            restore: { method: 'PATCH', body: JSON.stringify({ visibility: original }), headers: { 'content-type': 'application/json' } },
          });
        }
        const set = async (visibility: string): Promise<void> => {
          const updated = await session.send(UPDATE, { method: 'PATCH', path: `${path}/visibility`, json: { visibility } }, owner);
          if (!expect.status(updated, [200], `update-${visibility.toLowerCase()}-refused`, `PATCH visibility ${visibility}`)) return;
          const shown = await session.send('get_image_api_v1_images__image_name___image_tag__get', { method: 'GET', path }, owner);
          const seen = rows(shown, 'images').map((row) => row.visibility);
          expect.that(seen.length > 0 && seen.every((value) => value === visibility), `get-after-${visibility.toLowerCase()}`, `after PATCH ${visibility} the image shows ${JSON.stringify(seen)}`, shown);
          const listed = await session.send('list_images_api_v1_images_get', { method: 'GET', path: '/api/v1/images', query: [['visibility', visibility]] }, owner);
          expect.that(rows(listed, 'data').some((row) => row.imageName === target.imageName && row.imageTag === target.imageTag), `list-after-${visibility.toLowerCase()}`, `after PATCH ${visibility} GET /api/v1/images?visibility=${visibility} does not list ${target.imageName}:${target.imageTag}`, listed);
        };
        // To the other visibility and back: the image ends as it started.
        await set(original === 'PUBLIC' ? 'PRIVATE' : 'PUBLIC');
        await set(original);
        return expect.findings;
      });
    },
  };
}
