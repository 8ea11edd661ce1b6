import { Expectations } from '../../src/run/semantic/expectations.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { SemanticProperty, SemanticSession, SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import type { Principal } from '../../src/principals.ts';
import { createOwnImage } from './own-image.ts';
import { principalOrSkip } from './plan-principal.ts';

/**
 * Upstream Glance's exact refusals, sent in every run whatever the seed: the contract checks accept
 * any documented refusal, but a Glance-compatible deployment answers these with exactly the status
 * upstream Zed does (each measured on a real glance-api, scripts/glance/).
 */
const property = (operationLabel: string): SemanticProperty => ({ checkId: 'exact_errors', operationId: 'errors', operationLabel });
const UNKNOWN_IDS = property('unknown image ids (exact errors)');
const BODIES = property('malformed and misplaced bodies (exact errors)');
const ANONYMOUS = property('requests without identity (exact errors)');
const LIST_ARGUMENTS = property('sort and paging arguments (exact errors)');
const QUEUED_ACTIONS = property('actions on a queued image (exact errors)');

/** The properties the Glance exact-errors suite reports. */
export const glanceExactErrorProperties: readonly SemanticProperty[] = [UNKNOWN_IDS, BODIES, ANONYMOUS, LIST_ARGUMENTS, QUEUED_ACTIONS];

const CLAUSE = 'Glance v2 (upstream Zed): the exact status of each refusal';
const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';
/** An image id no Glance has: conform never creates it. */
const UNKNOWN = '00000000-0000-4000-8000-0000000e4404';

interface Probe {
  readonly what: string;
  readonly key: string;
  readonly request: SuiteRequest;
  readonly expected: readonly number[];
}

async function expectAll(session: SemanticSession, principal: Principal | undefined, probes: readonly Probe[]) {
  const expect = new Expectations(CLAUSE);
  for (const probe of probes) {
    const answer = await session.send('errors', probe.request, principal);
    expect.status(answer, probe.expected, `${probe.key}:${answer.response?.status ?? 'none'}`, probe.what);
  }
  return expect.findings;
}

const raw = (method: string, path: string, body: string, contentType = 'application/json'): SuiteRequest => ({ method, path, headers: { 'content-type': contentType }, body });

export function glanceExactErrorsPlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: glanceExactErrorProperties,
    async run(session) {
      const owner = principalOrSkip(session, principalName, glanceExactErrorProperties);
      if (!owner) return;
      // One queued image of the run's: the target of the body and action probes.
      const made = await createOwnImage(session, owner, { name: 'conform-exact-errors' });
      const image = typeof made === 'string' ? undefined : made.id;
      const noImage = `could not create an image: ${typeof made === 'string' ? made : ''}`;

      await session.property(UNKNOWN_IDS, () =>
        expectAll(session, owner, [
          { what: 'GET of an unknown image', key: 'show', request: { method: 'GET', path: `/images/${UNKNOWN}` }, expected: [404] },
          { what: 'PATCH of an unknown image', key: 'update', request: raw('PATCH', `/images/${UNKNOWN}`, JSON.stringify([{ op: 'replace', path: '/name', value: 'x' }]), PATCH_TYPE), expected: [404] },
          { what: 'DELETE of an unknown image', key: 'delete', request: { method: 'DELETE', path: `/images/${UNKNOWN}` }, expected: [404] },
          { what: 'deactivate of an unknown image', key: 'deactivate', request: { method: 'POST', path: `/images/${UNKNOWN}/actions/deactivate` }, expected: [404] },
          { what: 'reactivate of an unknown image', key: 'reactivate', request: { method: 'POST', path: `/images/${UNKNOWN}/actions/reactivate` }, expected: [404] },
        ]),
      );
      await session.property(BODIES, async () => {
        if (!image) return { skip: noImage };
        return expectAll(session, owner, [
          { what: 'POST /images with malformed JSON', key: 'create-malformed', request: raw('POST', '/images', '{"name":'), expected: [400] },
          { what: 'PATCH with a malformed JSON Patch', key: 'patch-malformed', request: raw('PATCH', `/images/${image}`, '[{', PATCH_TYPE), expected: [400] },
          { what: 'GET of an image with a JSON body', key: 'body-on-get', request: raw('GET', `/images/${image}`, '{"a":1}'), expected: [400] },
          { what: 'DELETE with a JSON body', key: 'body-on-delete', request: raw('DELETE', `/images/${UNKNOWN}`, '{"a":1}'), expected: [400] },
          { what: 'deactivate with a JSON body', key: 'body-on-action', request: raw('POST', `/images/${image}/actions/deactivate`, '{"a":1}'), expected: [400] },
        ]);
      });
      await session.property(ANONYMOUS, async () =>
        // No principal at all: no identity, no token. Upstream's keystone middleware refuses both.
        expectAll(session, undefined, [
          { what: 'GET /images without identity', key: 'list', request: { method: 'GET', path: '/images' }, expected: [401] },
          { what: 'GET of an image without identity', key: 'show', request: { method: 'GET', path: `/images/${image ?? UNKNOWN}` }, expected: [401] },
        ]),
      );
      await session.property(LIST_ARGUMENTS, () =>
        expectAll(session, owner, [
          { what: 'sort by an unknown key', key: 'sort-unknown', request: { method: 'GET', path: '/images', query: [['sort', 'bogus']] }, expected: [400] },
          { what: 'sort_key an unknown key', key: 'sort-key-unknown', request: { method: 'GET', path: '/images', query: [['sort_key', 'bogus']] }, expected: [400] },
          { what: 'sort mixed with sort_key', key: 'sort-mixed', request: { method: 'GET', path: '/images', query: [['sort', 'name'], ['sort_key', 'name']] }, expected: [400] },
          { what: 'sort with an unknown direction', key: 'sort-direction', request: { method: 'GET', path: '/images', query: [['sort', 'name:up']] }, expected: [400] },
          { what: 'sort_dir unknown', key: 'sort-dir', request: { method: 'GET', path: '/images', query: [['sort_key', 'name'], ['sort_dir', 'up']] }, expected: [400] },
          { what: 'limit that is not a number', key: 'limit-text', request: { method: 'GET', path: '/images', query: [['limit', 'abc']] }, expected: [400] },
          { what: 'negative limit', key: 'limit-negative', request: { method: 'GET', path: '/images', query: [['limit', '-1']] }, expected: [400] },
          { what: 'a limit far above the page cap (capped, not refused)', key: 'limit-huge', request: { method: 'GET', path: '/images', query: [['limit', '100000000']] }, expected: [200] },
          { what: 'a marker no image has', key: 'marker-unknown', request: { method: 'GET', path: '/images', query: [['marker', UNKNOWN]] }, expected: [400] },
        ]),
      );
      await session.property(QUEUED_ACTIONS, async () => {
        if (!image) return { skip: noImage };
        return expectAll(session, owner, [
          { what: 'deactivate of a queued image', key: 'deactivate-queued', request: { method: 'POST', path: `/images/${image}/actions/deactivate` }, expected: [403] },
          { what: 'reactivate of a queued image', key: 'reactivate-queued', request: { method: 'POST', path: `/images/${image}/actions/reactivate` }, expected: [403] },
        ]);
      });
    },
  };
}
