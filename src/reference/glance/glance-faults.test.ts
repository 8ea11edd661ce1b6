import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFaults } from '../server.ts';
import type { ReferenceServer } from '../types.ts';
import type { GlanceFaultId } from './faults.ts';
import { GLANCE_FAULT, GLANCE_FAULTS } from './faults.ts';
import { SLOW_SHOW_MS } from './api.ts';
import type { GlanceClient } from './glance-test-support.ts';
import { AS, startGlance } from './glance-test-support.ts';

const CHECKS_AND_SUITES = new Set([
  'not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_headers_conformance', 'response_schema_conformance',
  'negative_data_rejection', 'positive_data_acceptance', 'ignored_auth', 'missing_required_header', 'unsupported_method', 'use_after_free',
  'ensure_resource_availability', 'visibility_isolation', 'visibility_applied', 'pagination_complete', 'pagination_order', 'list_filters',
  'lifecycle_semantics', 'malformed_input_refused', 'sharing_rules', 'exact_errors', 'image_data', 'attribute_rules', 'max_response_time',
]);
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
let probeCounter = 0;

/** Creates `count` images of the owner sharing a fresh tag; returns the tag. */
async function taggedImages(client: GlanceClient, count: number, extra: (index: number) => Record<string, unknown> = () => ({})): Promise<string> {
  probeCounter += 1;
  const tag = `probe-${probeCounter}`;
  for (let index = 0; index < count; index += 1) await client.create(AS.owner, { tags: [tag], ...extra(index) });
  return tag;
}

/** Tagged images and their ids in the server's one-page default order. */
async function orderedTaggedIds(client: GlanceClient, count: number): Promise<{ tag: string; ids: string[] }> {
  const tag = await taggedImages(client, count);
  return { tag, ids: await client.listIds(AS.owner, `?limit=1000&tag=${tag}`) };
}

const created = async (client: GlanceClient, fields: Record<string, unknown> = {}) => client.call(AS.owner, 'POST', '/v2/images', fields);
const shown = async (client: GlanceClient, fields: Record<string, unknown> = {}) => client.get(AS.owner, `/v2/images/${await client.create(AS.owner, fields)}`);
const isSorted = (values: string[]): boolean => values.every((value, index) => index === 0 || (values[index - 1] ?? '') <= value);

const OCTETS = 'application/octet-stream';
/** An owner's raw/bare image with `data` uploaded (active); its id. */
async function activeImage(client: GlanceClient, data = 'conform probe data'): Promise<string> {
  const id = await client.create(AS.owner, { disk_format: 'raw', container_format: 'bare' });
  const put = await client.call(AS.owner, 'PUT', `/v2/images/${id}/file`, Buffer.from(data), OCTETS);
  if (put.status !== 204) throw new Error(`upload answered ${put.status}`);
  return id;
}
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

interface FaultCase {
  /** Observes the one behaviour the fault names. */
  readonly probe: (client: GlanceClient) => Promise<unknown>;
  readonly clean: unknown;
  readonly faulted: unknown;
}

/** One probe per fault: what a correct server answers and what the faulted one answers. */
const CASES: Readonly<Record<GlanceFaultId, FaultCase>> = {
  [GLANCE_FAULT.createReturns200]: { probe: async (c) => (await created(c)).status, clean: 201, faulted: 200 },
  // The one time-based probe, as its fault is about time: the faulted server stalls for at least
  // SLOW_SHOW_MS by construction; an in-memory loopback GET takes a small fraction of that.
  [GLANCE_FAULT.slowShow]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, {});
      const started = performance.now();
      await c.get(AS.owner, `/v2/images/${id}`);
      return performance.now() - started >= SLOW_SHOW_MS ? 'stalled' : 'prompt';
    },
    clean: 'prompt',
    faulted: 'stalled',
  },
  [GLANCE_FAULT.deleteReturns200]: {
    probe: async (c) => (await c.call(AS.owner, 'DELETE', `/v2/images/${await c.create(AS.owner)}`)).status,
    clean: 204,
    faulted: 200,
  },
  [GLANCE_FAULT.createMissingLocation]: { probe: async (c) => (await created(c)).headers.has('location'), clean: true, faulted: false },
  [GLANCE_FAULT.imageMissingUpdatedAt]: { probe: async (c) => 'updated_at' in (await shown(c)).body, clean: true, faulted: false },
  [GLANCE_FAULT.minDiskAsString]: { probe: async (c) => typeof (await shown(c)).body.min_disk, clean: 'number', faulted: 'string' },
  [GLANCE_FAULT.statusUppercase]: { probe: async (c) => (await shown(c)).body.status, clean: 'queued', faulted: 'QUEUED' },
  [GLANCE_FAULT.createdAtNotDateTime]: { probe: async (c) => STAMP.test((await shown(c)).body.created_at ?? ''), clean: true, faulted: false },
  [GLANCE_FAULT.showTextPlain]: { probe: async (c) => (await shown(c)).headers.get('content-type'), clean: 'application/json', faulted: 'text/plain' },
  [GLANCE_FAULT.emptyName500]: { probe: async (c) => (await created(c, { name: '' })).status >= 500, clean: false, faulted: true },
  [GLANCE_FAULT.acceptsInvalidVisibility]: { probe: async (c) => (await created(c, { visibility: 'secret' })).status, clean: 400, faulted: 201 },
  [GLANCE_FAULT.rejectsCustomProperties]: { probe: async (c) => (await created(c, { os_distro: 'debian' })).status < 300, clean: true, faulted: false },
  [GLANCE_FAULT.noIdentityAccepted]: { probe: async (c) => (await c.get(AS.none, '/v2/images')).status, clean: 401, faulted: 200 },
  [GLANCE_FAULT.unsupportedMethodAsGet]: {
    probe: async (c) => (await c.call(AS.owner, 'PUT', `/v2/images/${await c.create(AS.owner)}`)).status,
    clean: 405,
    faulted: 200,
  },
  [GLANCE_FAULT.deletedStillVisible]: {
    probe: async (c) => {
      const id = await c.create(AS.owner);
      await c.call(AS.owner, 'DELETE', `/v2/images/${id}`);
      return (await c.get(AS.owner, `/v2/images/${id}`)).status;
    },
    clean: 404,
    faulted: 200,
  },
  [GLANCE_FAULT.createdImageNotFound]: {
    probe: async (c) => (await c.get(AS.owner, `/v2/images/${(await created(c)).body.id ?? ''}`)).status,
    clean: 200,
    faulted: 404,
  },
  [GLANCE_FAULT.privateVisibleById]: {
    probe: async (c) => (await c.get(AS.other, `/v2/images/${await c.create(AS.owner, { visibility: 'private' })}`)).status,
    clean: 404,
    faulted: 200,
  },
  [GLANCE_FAULT.privateInList]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, { visibility: 'private' });
      return (await c.listIds(AS.other, '?limit=1000')).includes(id);
    },
    clean: false,
    faulted: true,
  },
  [GLANCE_FAULT.communityInDefaultList]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, { visibility: 'community' });
      return (await c.listIds(AS.other, '?limit=1000')).includes(id);
    },
    clean: false,
    faulted: true,
  },
  [GLANCE_FAULT.memberPublicizes]: {
    probe: async (c) => {
      const created = await c.call(AS.owner, 'POST', '/v2/images', { visibility: 'public' });
      const patched = await c.patch(AS.owner, await c.create(AS.owner), [{ op: 'replace', path: '/visibility', value: 'public' }]);
      return [created.status, patched.status];
    },
    clean: [403, 403],
    faulted: [201, 200],
  },
  [GLANCE_FAULT.visibilityPatchIgnored]: {
    probe: async (c) => {
      const id = await c.create(AS.owner);
      const patched = await c.patch(AS.owner, id, [{ op: 'replace', path: '/visibility', value: 'private' }]);
      return [patched.body.visibility, (await c.get(AS.owner, `/v2/images/${id}`)).body.visibility];
    },
    clean: ['private', 'private'],
    faulted: ['private', 'shared'],
  },
  [GLANCE_FAULT.skipsItemAfterMarker]: {
    probe: async (c) => {
      const { tag, ids } = await orderedTaggedIds(c, 5);
      return (await c.listIds(AS.owner, `?limit=2&tag=${tag}&marker=${ids[1] ?? ''}`)).includes(ids[2] ?? '');
    },
    clean: true,
    faulted: false,
  },
  [GLANCE_FAULT.nullNameMarkerAsEmpty]: {
    // Two images named "" and one without a name; sorted by name ascending, the nameless one comes first and the "" ones follow it.
    probe: async (c) => {
      const tag = `nulls-${Math.random().toString(36).slice(2, 8)}`;
      for (const name of ['', '']) await c.create(AS.owner, { name, tags: [tag] });
      const nameless = await c.create(AS.owner, { tags: [tag] });
      return (await c.listIds(AS.owner, `?tag=${tag}&sort_key=name&sort_dir=asc&limit=1&marker=${nameless}`)).length;
    },
    clean: 1,
    faulted: 0,
  },
  [GLANCE_FAULT.duplicatesMarkerItem]: {
    probe: async (c) => {
      const { tag, ids } = await orderedTaggedIds(c, 5);
      return (await c.listIds(AS.owner, `?limit=2&tag=${tag}&marker=${ids[1] ?? ''}`)).includes(ids[1] ?? '');
    },
    clean: false,
    faulted: true,
  },
  [GLANCE_FAULT.ignoresLimit]: {
    probe: async (c) => (await c.listIds(AS.owner, `?limit=2&tag=${await taggedImages(c, 5)}`)).length,
    clean: 2,
    faulted: 5,
  },
  [GLANCE_FAULT.noNextOnFullPage]: {
    // limit = the number of matches, so the page is full however the limit is treated.
    probe: async (c) => (await c.get(AS.owner, `/v2/images?limit=5&tag=${await taggedImages(c, 5)}`)).body.next !== undefined,
    clean: true,
    faulted: false,
  },
  [GLANCE_FAULT.nextLoops]: {
    probe: async (c) => {
      const { tag, ids } = await orderedTaggedIds(c, 5);
      const next = (await c.get(AS.owner, `/v2/images?limit=2&tag=${tag}&marker=${ids[1] ?? ''}`)).body.next ?? '';
      return next.endsWith(`marker=${ids[1] ?? ''}`);
    },
    clean: false,
    faulted: true,
  },
  [GLANCE_FAULT.ignoresSortKey]: {
    // Seeded formats alternate with creation order, so created_at order is not disk_format order.
    probe: async (c) => {
      const reply = await c.get(AS.owner, '/v2/images?owner=tenant-a&sort_key=disk_format&sort_dir=asc&limit=6');
      return isSorted((reply.body.images ?? []).map((image) => String(image.disk_format)));
    },
    clean: true,
    faulted: false,
  },
  [GLANCE_FAULT.tagFilterOr]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => (index === 0 ? { tags: [`and-${probeCounter}`, 'both'] } : { tags: [`and-${probeCounter}`] }));
      return (await c.listIds(AS.owner, `?tag=${tag.replace('probe-', 'and-')}&tag=both`)).length;
    },
    clean: 1,
    faulted: 2,
  },
  [GLANCE_FAULT.patchMediaTypeNotEnforced]: {
    probe: async (c) => (await c.patch(AS.owner, await c.create(AS.owner), [{ op: 'replace', path: '/name', value: 'x' }], 'application/json')).status,
    clean: 415,
    faulted: 200,
  },
  [GLANCE_FAULT.protectedDeleteAllowed]: {
    probe: async (c) => (await c.call(AS.owner, 'DELETE', `/v2/images/${await c.create(AS.owner, { protected: true })}`)).status,
    clean: 403,
    faulted: 204,
  },
  [GLANCE_FAULT.addDoesNotReplace]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, { name: 'old' });
      await c.patch(AS.owner, id, [{ op: 'add', path: '/name', value: 'new' }]);
      return (await c.get(AS.owner, `/v2/images/${id}`)).body.name;
    },
    clean: 'new',
    faulted: 'old',
  },
  [GLANCE_FAULT.deactivateNotApplied]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, { disk_format: 'raw', container_format: 'bare' });
      await c.call(AS.owner, 'PUT', `/v2/images/${id}/file`, 'bytes', 'application/octet-stream');
      const status = (await c.call(AS.owner, 'POST', `/v2/images/${id}/actions/deactivate`)).status;
      return [status, (await c.get(AS.owner, `/v2/images/${id}`)).body.status];
    },
    clean: [204, 'deactivated'],
    faulted: [204, 'active'],
  },
  [GLANCE_FAULT.patchPathNotString500]: {
    probe: async (c) => {
      const id = await c.create(AS.owner);
      const answers: number[] = [];
      for (const path of [null, true, 5, ['name']]) answers.push((await c.patch(AS.owner, id, [{ op: 'add', path, value: 'x' }])).status);
      answers.push((await c.patch(AS.owner, '00000000-0000-4000-8000-000000000000', [{ op: 'add', path: null, value: 'x' }])).status);
      return answers;
    },
    clean: [400, 400, 400, 400, 400],
    faulted: [500, 500, 500, 500, 500],
  },
  [GLANCE_FAULT.bodyIgnored]: {
    probe: async (c) => {
      const id = await c.create(AS.owner);
      // fetch refuses a GET with a body; node:http sends what it is told.
      return [await statusWithBody(`${c.url}/v2/images/${id}`, 'GET'), (await c.call(AS.owner, 'DELETE', '/v2/images/00000000-0000-4000-8000-000000000001', { a: 1 })).status];
    },
    clean: [400, 400],
    faulted: [200, 404],
  },
  [GLANCE_FAULT.unknownActionIs400]: {
    probe: async (c) => [(await c.call(AS.owner, 'POST', '/v2/images/00000000-0000-4000-8000-000000000001/actions/deactivate')).status, (await c.call(AS.owner, 'POST', '/v2/images/00000000-0000-4000-8000-000000000001/actions/reactivate')).status],
    clean: [404, 404],
    faulted: [400, 400],
  },
  [GLANCE_FAULT.unknownMarkerIgnored]: {
    probe: async (c) => (await c.get(AS.owner, '/v2/images?marker=00000000-0000-4000-8000-000000000001')).status,
    clean: 400,
    faulted: 200,
  },
  [GLANCE_FAULT.mixedSortAccepted]: {
    probe: async (c) => (await c.get(AS.owner, '/v2/images?sort=name&sort_key=name')).status,
    clean: 400,
    faulted: 200,
  },
  [GLANCE_FAULT.nameFilterSubstring]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => ({ name: index === 0 ? 'sub' : 'sub-longer' }));
      return (await c.listIds(AS.owner, `?tag=${tag}&name=sub`)).length;
    },
    clean: 1,
    faulted: 2,
  },
  [GLANCE_FAULT.inOperatorLiteral]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 3, (index) => ({ name: `in-${index}` }));
      return (await c.listIds(AS.owner, `?tag=${tag}&name=in:in-0,in-2`)).length;
    },
    clean: 2,
    faulted: 0,
  },
  [GLANCE_FAULT.inQuotesKept]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => ({ name: `q,${index}` }));
      return (await c.listIds(AS.owner, `?tag=${tag}&name=${encodeURIComponent('in:"q,0","q,1"')}`)).length;
    },
    clean: 2,
    faulted: 0,
  },
  [GLANCE_FAULT.formatFilterIgnored]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => ({ disk_format: index === 0 ? 'qcow2' : 'raw', container_format: 'bare' }));
      return (await c.listIds(AS.owner, `?tag=${tag}&disk_format=qcow2`)).length;
    },
    clean: 1,
    faulted: 2,
  },
  [GLANCE_FAULT.customPropertyFilterIgnored]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => ({ conform_kind: `k${index}` }));
      return (await c.listIds(AS.owner, `?tag=${tag}&conform_kind=k1`)).length;
    },
    clean: 1,
    faulted: 2,
  },
  [GLANCE_FAULT.timeFilterInverted]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2);
      return (await c.listIds(AS.owner, `?tag=${tag}&created_at=gt:2000-01-01T00:00:00Z`)).length;
    },
    clean: 2,
    faulted: 0,
  },
  [GLANCE_FAULT.ownerFilterIgnored]: {
    probe: async (c) => (await c.listIds(AS.owner, `?tag=${await taggedImages(c, 1)}&owner=nobody`)).length,
    clean: 0,
    faulted: 1,
  },
  [GLANCE_FAULT.statusFilterIgnored]: {
    probe: async (c) => (await c.listIds(AS.owner, `?tag=${await taggedImages(c, 1)}&status=active`)).length,
    clean: 0,
    faulted: 1,
  },
  [GLANCE_FAULT.protectedFilterIgnored]: {
    probe: async (c) => (await c.listIds(AS.owner, `?tag=${await taggedImages(c, 1)}&protected=true`)).length,
    clean: 0,
    faulted: 1,
  },
  [GLANCE_FAULT.defaultOrderAscending]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => ({ name: `order-${index}` }));
      const ids = await c.listIds(AS.owner, `?tag=${tag}`);
      const first = await c.get(AS.owner, `/v2/images/${ids[0] ?? ''}`);
      return first.body.name;
    },
    clean: 'order-1',
    faulted: 'order-0',
  },
  [GLANCE_FAULT.sortDefaultDirAsc]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => ({ name: `dir-${index}` }));
      const ids = await c.listIds(AS.owner, `?tag=${tag}&sort=name`);
      return (await c.get(AS.owner, `/v2/images/${ids[0] ?? ''}`)).body.name;
    },
    clean: 'dir-1',
    faulted: 'dir-0',
  },
  [GLANCE_FAULT.tieBreakAlwaysDesc]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => ({ name: `tie-${index}`, disk_format: 'raw', container_format: 'bare' }));
      const ids = await c.listIds(AS.owner, `?tag=${tag}&sort=disk_format:asc`);
      return (await c.get(AS.owner, `/v2/images/${ids[0] ?? ''}`)).body.name;
    },
    clean: 'tie-0',
    faulted: 'tie-1',
  },
  [GLANCE_FAULT.oneSortDirFirstKeyOnly]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2, (index) => ({ name: `two-${index}`, disk_format: 'raw', container_format: 'bare' }));
      const ids = await c.listIds(AS.owner, `?tag=${tag}&sort_key=disk_format&sort_key=name&sort_dir=asc`);
      return (await c.get(AS.owner, `/v2/images/${ids[0] ?? ''}`)).body.name;
    },
    clean: 'two-0',
    faulted: 'two-1',
  },
  [GLANCE_FAULT.limitZeroDefaultPage]: {
    probe: async (c) => (await c.listIds(AS.owner, `?tag=${await taggedImages(c, 1)}&limit=0`)).length,
    clean: 0,
    faulted: 1,
  },
  [GLANCE_FAULT.firstLinkDropsQuery]: {
    probe: async (c) => new URL(String((await c.get(AS.owner, '/v2/images?limit=1&sort=name')).body.first ?? ''), 'http://x').search,
    clean: '?limit=1&sort=name',
    faulted: '',
  },
  [GLANCE_FAULT.nextDropsFilters]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 2);
      const next = String((await c.get(AS.owner, `/v2/images?tag=${tag}&limit=1`)).body.next ?? '');
      return new URL(next, 'http://x').searchParams.has('tag');
    },
    clean: true,
    faulted: false,
  },
  [GLANCE_FAULT.absoluteLinks]: {
    probe: async (c) => String((await c.get(AS.owner, '/v2/images?limit=1')).body.first ?? '').startsWith('/'),
    clean: true,
    faulted: false,
  },
  [GLANCE_FAULT.unknownFilterOperatorAccepted]: {
    probe: async (c) => (await c.get(AS.owner, '/v2/images?name=gt:a')).status,
    clean: 400,
    faulted: 200,
  },
  [GLANCE_FAULT.badTimeFilterAccepted]: {
    probe: async (c) => (await c.get(AS.owner, '/v2/images?created_at=gt:yesterday')).status,
    clean: 400,
    faulted: 200,
  },
  [GLANCE_FAULT.sortDirCountAccepted]: {
    probe: async (c) => (await c.get(AS.owner, '/v2/images?sort_key=name&sort_dir=asc&sort_dir=desc')).status,
    clean: 400,
    faulted: 200,
  },
  [GLANCE_FAULT.fractionalLimitAccepted]: {
    probe: async (c) => (await c.get(AS.owner, '/v2/images?limit=1.5')).status,
    clean: 400,
    faulted: 200,
  },
  [GLANCE_FAULT.uploadWrongTypeAccepted]: {
    probe: async (c) => (await c.call(AS.owner, 'PUT', `/v2/images/${await c.create(AS.owner, { disk_format: 'raw', container_format: 'bare' })}/file`, 'data', 'application/json')).status,
    clean: 415,
    faulted: 204,
  },
  [GLANCE_FAULT.uploadWithoutFormatsAccepted]: {
    probe: async (c) => (await c.call(AS.owner, 'PUT', `/v2/images/${await c.create(AS.owner)}/file`, Buffer.from('data'), OCTETS)).status,
    clean: 400,
    faulted: 204,
  },
  [GLANCE_FAULT.secondUploadAccepted]: {
    probe: async (c) => (await c.call(AS.owner, 'PUT', `/v2/images/${await activeImage(c)}/file`, Buffer.from('again'), OCTETS)).status,
    clean: 409,
    faulted: 204,
  },
  [GLANCE_FAULT.checksumWrong]: {
    probe: async (c) => (await c.get(AS.owner, `/v2/images/${await activeImage(c, 'sum')}`)).body.checksum === md5('sum'),
    clean: true,
    faulted: false,
  },
  [GLANCE_FAULT.sizeNotSet]: {
    probe: async (c) => (await c.get(AS.owner, `/v2/images/${await activeImage(c, 'sized')}`)).body.size,
    clean: 5,
    faulted: null,
  },
  [GLANCE_FAULT.multihashMissing]: {
    probe: async (c) => (await c.get(AS.owner, `/v2/images/${await activeImage(c)}`)).body.os_hash_algo,
    clean: 'sha512',
    faulted: null,
  },
  [GLANCE_FAULT.downloadCorrupt]: {
    probe: async (c) => (await c.get(AS.owner, `/v2/images/${await activeImage(c, 'bytes')}/file`)).text === 'bytes',
    clean: true,
    faulted: false,
  },
  [GLANCE_FAULT.downloadNoContentMd5]: {
    probe: async (c) => (await c.get(AS.owner, `/v2/images/${await activeImage(c, 'md5')}/file`)).headers.has('content-md5'),
    clean: true,
    faulted: false,
  },
  [GLANCE_FAULT.queuedDownload404]: {
    probe: async (c) => (await c.get(AS.owner, `/v2/images/${await c.create(AS.owner)}/file`)).status,
    clean: 204,
    faulted: 404,
  },
  [GLANCE_FAULT.deactivatedDownloadAllowed]: {
    probe: async (c) => {
      const id = await activeImage(c);
      await c.call(AS.owner, 'POST', `/v2/images/${id}/actions/deactivate`);
      return (await c.get(AS.owner, `/v2/images/${id}/file`)).status;
    },
    clean: 403,
    faulted: 200,
  },
  [GLANCE_FAULT.adminDeactivatedDownload403]: {
    probe: async (c) => {
      const id = await activeImage(c);
      await c.call(AS.owner, 'POST', `/v2/images/${id}/actions/deactivate`);
      return (await c.get(AS.admin, `/v2/images/${id}/file`)).status;
    },
    clean: 200,
    faulted: 403,
  },
  [GLANCE_FAULT.repeatedDeactivate403]: {
    probe: async (c) => {
      const id = await activeImage(c);
      await c.call(AS.owner, 'POST', `/v2/images/${id}/actions/deactivate`);
      return (await c.call(AS.owner, 'POST', `/v2/images/${id}/actions/deactivate`)).status;
    },
    clean: 204,
    faulted: 403,
  },
  [GLANCE_FAULT.repeatedReactivate403]: {
    probe: async (c) => (await c.call(AS.owner, 'POST', `/v2/images/${await activeImage(c)}/actions/reactivate`)).status,
    clean: 204,
    faulted: 403,
  },
  [GLANCE_FAULT.formatChangeWhenActive]: {
    probe: async (c) => (await c.patch(AS.owner, await activeImage(c), [{ op: 'replace', path: '/disk_format', value: 'qcow2' }])).status,
    clean: 403,
    faulted: 200,
  },
  [GLANCE_FAULT.outsiderDownload]: {
    probe: async (c) => (await c.get(AS.other, `/v2/images/${await activeImage(c)}/file`)).status,
    clean: 404,
    faulted: 200,
  },
  [GLANCE_FAULT.sizeFilterIgnored]: {
    probe: async (c) => (await c.listIds(AS.owner, `?tag=${await taggedImages(c, 1)}&size_min=1`)).length,
    clean: 0,
    faulted: 1,
  },
  [GLANCE_FAULT.nullSizeSortsLast]: {
    probe: async (c) => {
      const tag = await taggedImages(c, 1);
      const id = await c.create(AS.owner, { disk_format: 'raw', container_format: 'bare', tags: [tag] });
      await c.call(AS.owner, 'PUT', `/v2/images/${id}/file`, Buffer.from('data'), OCTETS);
      return (await c.listIds(AS.owner, `?tag=${tag}&sort=size:asc`)).indexOf(id);
    },
    clean: 1,
    faulted: 0,
  },
  [GLANCE_FAULT.defaultVisibilityPrivate]: { probe: async (c) => (await shown(c)).body.visibility, clean: 'shared', faulted: 'private' },
  [GLANCE_FAULT.chosenIdIgnored]: {
    probe: async (c) => (await created(c, { id: '11111111-2222-4333-8444-5555555555a1' })).body.id,
    clean: '11111111-2222-4333-8444-5555555555a1',
    faulted: expect.not.stringMatching(/^11111111-2222-4333-8444-5555555555a1$/),
  },
  [GLANCE_FAULT.duplicateIdAccepted]: {
    probe: async (c) => {
      await created(c, { id: '11111111-2222-4333-8444-5555555555a2' });
      return (await created(c, { id: '11111111-2222-4333-8444-5555555555a2' })).status;
    },
    clean: 409,
    faulted: 201,
  },
  [GLANCE_FAULT.readOnlyCreateIgnored]: { probe: async (c) => (await created(c, { checksum: 'x' })).status, clean: 403, faulted: 201 },
  [GLANCE_FAULT.tenantSetsOwner]: { probe: async (c) => (await created(c, { owner: 'someone-else' })).status, clean: 403, faulted: 201 },
  [GLANCE_FAULT.adminOwnerIgnored]: { probe: async (c) => (await c.call(AS.admin, 'POST', '/v2/images', { owner: 'someone-else' })).body.owner, clean: 'someone-else', faulted: expect.not.stringMatching(/^someone-else$/) },
  [GLANCE_FAULT.createProtectedIgnored]: { probe: async (c) => (await shown(c, { protected: true })).body.protected, clean: true, faulted: false },
  [GLANCE_FAULT.minRamDefaultNull]: { probe: async (c) => (await shown(c)).body.min_ram, clean: 0, faulted: null },
  [GLANCE_FAULT.hiddenInDefaultList]: {
    probe: async (c) => (await c.listIds(AS.owner, `?tag=${await taggedImages(c, 1, () => ({ os_hidden: true }))}`)).length,
    clean: 0,
    faulted: 1,
  },
  [GLANCE_FAULT.patchOutOfOrder]: {
    probe: async (c) => (await c.patch(AS.owner, await c.create(AS.owner), [{ op: 'replace', path: '/name', value: 'one' }, { op: 'replace', path: '/name', value: 'two' }])).body.name,
    clean: 'two',
    faulted: 'one',
  },
  [GLANCE_FAULT.removeMissingAccepted]: { probe: async (c) => (await c.patch(AS.owner, await c.create(AS.owner), [{ op: 'remove', path: '/nothing' }])).status, clean: 409, faulted: 200 },
  [GLANCE_FAULT.baseRemoveAccepted]: { probe: async (c) => (await c.patch(AS.owner, await c.create(AS.owner), [{ op: 'remove', path: '/name' }])).status, clean: 403, faulted: 200 },
  [GLANCE_FAULT.virtualSizeWritable]: { probe: async (c) => (await c.patch(AS.owner, await c.create(AS.owner), [{ op: 'replace', path: '/virtual_size', value: 1 }])).status, clean: 403, faulted: 200 },
  [GLANCE_FAULT.v20PatchRefused]: {
    probe: async (c) => (await c.patch(AS.owner, await c.create(AS.owner), [{ replace: '/name', value: 'v20' }], 'application/openstack-images-v2.0-json-patch')).status,
    clean: 200,
    faulted: 415,
  },
  [GLANCE_FAULT.noAcceptPatch]: { probe: async (c) => (await c.patch(AS.owner, await c.create(AS.owner), [], 'application/json')).headers.has('accept-patch'), clean: true, faulted: false },
  [GLANCE_FAULT.tenantChangesOwner]: { probe: async (c) => (await c.patch(AS.owner, await c.create(AS.owner), [{ op: 'replace', path: '/owner', value: 'someone-else' }])).status, clean: 403, faulted: 200 },
  [GLANCE_FAULT.defaultPageSizeIgnored]: {
    probe: async (c) => (await c.listIds(AS.owner, `?tag=${await taggedImages(c, 26)}`)).length,
    clean: 25,
    faulted: 26,
  },
  [GLANCE_FAULT.queuedDeactivateAllowed]: {
    probe: async (c) => (await c.call(AS.owner, 'POST', `/v2/images/${await c.create(AS.owner)}/actions/deactivate`)).status,
    clean: 403,
    faulted: 204,
  },
  [GLANCE_FAULT.duplicateMemberAccepted]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, { visibility: 'shared' });
      await c.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' });
      return (await c.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' })).status;
    },
    clean: 409,
    faulted: 200,
  },
  [GLANCE_FAULT.ownerSetsMemberStatus]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, { visibility: 'shared' });
      await c.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' });
      return (await c.call(AS.owner, 'PUT', `/v2/images/${id}/members/tenant-b`, { status: 'accepted' })).status;
    },
    clean: 403,
    faulted: 200,
  },
  [GLANCE_FAULT.pendingInDefaultList]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, { visibility: 'shared' });
      await c.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' });
      return [(await c.listIds(AS.other, '?limit=1000')).includes(id), (await c.listIds(AS.other, '?limit=1000&member_status=pending&visibility=shared')).includes(id)];
    },
    clean: [false, true],
    faulted: [true, true],
  },
  [GLANCE_FAULT.memberListToOutsiders]: {
    probe: async (c) => (await c.get(AS.other, `/v2/images/${await c.create(AS.owner, { visibility: 'shared' })}/members`)).status,
    clean: 404,
    faulted: 200,
  },
  [GLANCE_FAULT.removedMemberStillSees]: {
    probe: async (c) => {
      const id = await c.create(AS.owner, { visibility: 'shared' });
      await c.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' });
      const removed = (await c.call(AS.owner, 'DELETE', `/v2/images/${id}/members/tenant-b`)).status;
      return [removed, (await c.get(AS.other, `/v2/images/${id}`)).status];
    },
    clean: [204, 404],
    faulted: [204, 200],
  },
  [GLANCE_FAULT.invisibleDeleteIs403]: {
    probe: async (c) => (await c.call(AS.other, 'DELETE', `/v2/images/${await c.create(AS.owner, { visibility: 'private' })}`)).status,
    clean: 404,
    faulted: 403,
  },
  [GLANCE_FAULT.arrayCreateBody500]: {
    probe: async (c) => [(await c.call(AS.owner, 'POST', '/v2/images', [])).status, (await c.call(AS.owner, 'POST', '/v2/images', [1])).status, (await c.call(AS.owner, 'POST', '/v2/images', 'null')).status],
    clean: [400, 400, 400],
    faulted: [500, 500, 400],
  },
};

/**
 * Faults whose named defect necessarily shows through other probes: an upper-cased status shows
 * wherever a probe reads a status; an answered id that was never stored breaks every probe that
 * reads back, patches or deletes the image by the id the create answered, so none is compared.
 */
const KNOWN_OVERLAPS: Partial<Record<GlanceFaultId, readonly GlanceFaultId[] | 'all'>> = {
  [GLANCE_FAULT.statusUppercase]: [GLANCE_FAULT.deactivateNotApplied],
  [GLANCE_FAULT.createdImageNotFound]: 'all',
  // The probes of these need what the fault takes away: custom properties, a limit, a next link, 'in:'.
  [GLANCE_FAULT.rejectsCustomProperties]: [GLANCE_FAULT.customPropertyFilterIgnored],
  [GLANCE_FAULT.ignoresLimit]: [GLANCE_FAULT.limitZeroDefaultPage, GLANCE_FAULT.nextDropsFilters, GLANCE_FAULT.defaultPageSizeIgnored, GLANCE_FAULT.nullNameMarkerAsEmpty],
  // The null-name marker probe creates images named "", sorts by name with nulls first and pages one image at a time.
  [GLANCE_FAULT.emptyName500]: [GLANCE_FAULT.nullNameMarkerAsEmpty],
  [GLANCE_FAULT.ignoresSortKey]: [GLANCE_FAULT.nullNameMarkerAsEmpty],
  [GLANCE_FAULT.nullSizeSortsLast]: [GLANCE_FAULT.nullNameMarkerAsEmpty],
  [GLANCE_FAULT.noNextOnFullPage]: [GLANCE_FAULT.nextDropsFilters],
  [GLANCE_FAULT.inOperatorLiteral]: [GLANCE_FAULT.inQuotesKept],
  [GLANCE_FAULT.patchMediaTypeNotEnforced]: [GLANCE_FAULT.noAcceptPatch],
  [GLANCE_FAULT.chosenIdIgnored]: [GLANCE_FAULT.duplicateIdAccepted],
  [GLANCE_FAULT.createProtectedIgnored]: [GLANCE_FAULT.protectedDeleteAllowed],
  [GLANCE_FAULT.deactivateNotApplied]: [GLANCE_FAULT.deactivatedDownloadAllowed, GLANCE_FAULT.repeatedDeactivate403, GLANCE_FAULT.adminDeactivatedDownload403],
};

describe('Glance reference: fault catalogue', () => {
  it('should have at least 14 faults, ids <check-or-suite>/<kebab-defect>, caughtBy the id prefix', () => {
    expect(GLANCE_FAULTS.length).toBeGreaterThanOrEqual(14);
    for (const fault of GLANCE_FAULTS) {
      expect(fault.id).toMatch(/^[a-z_]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(fault.caughtBy).toBe(fault.id.split('/')[0]);
      expect(CHECKS_AND_SUITES.has(fault.caughtBy)).toBe(true);
      expect(fault.api).toBe('glance');
      expect(fault.description.length).toBeGreaterThan(10);
    }
    expect(new Set(GLANCE_FAULTS.map((fault) => fault.id)).size).toBe(GLANCE_FAULTS.length);
    expect(listFaults('glance')).toEqual(GLANCE_FAULTS);
  });

  it('should have one probe per fault', () => {
    expect(Object.keys(CASES).sort()).toEqual(GLANCE_FAULTS.map((fault) => fault.id).sort());
  });
});

describe('Glance reference: each fault changes the behaviour it names', () => {
  let clean: ReferenceServer;
  let cleanClient: GlanceClient;
  beforeAll(async () => {
    ({ server: clean, client: cleanClient } = await startGlance({ seedData: 8 }));
  });
  afterAll(async () => {
    await clean.close();
  });

  for (const fault of GLANCE_FAULTS) {
    const id = fault.id as GlanceFaultId;
    it(`should show ${id} on, and not off`, async () => {
      const faultCase = CASES[id];
      const { server, client } = await startGlance({ faults: [id], seedData: 8 });
      try {
        expect(await faultCase.probe(cleanClient)).toEqual(faultCase.clean);
        expect(await faultCase.probe(client)).toEqual(faultCase.faulted);
        // Only what it names: every other fault's probe still sees a correct server.
        for (const [otherId, other] of Object.entries(CASES) as [GlanceFaultId, FaultCase][]) {
          const overlaps = KNOWN_OVERLAPS[id];
          if (otherId === id || overlaps === 'all' || overlaps?.includes(otherId)) continue;
          expect({ probe: otherId, value: await other.probe(client) }).toEqual({ probe: otherId, value: other.clean });
        }
      } finally {
        await server.close();
      }
    });
  }
});

/** The status of `method url` as the owner with a small JSON body, through node:http. */
function statusWithBody(url: string, method: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers: { ...AS.owner, accept: 'application/json', 'content-type': 'application/json', 'content-length': '7' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end('{"a":1}');
  });
}
