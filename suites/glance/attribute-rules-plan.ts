import { randomUUID } from 'node:crypto';
import type { Principal } from '../../src/principals.ts';
import { Expectations } from '../../src/run/semantic/expectations.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ObservedDraft, SemanticProperty, SemanticSession, SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import { responseHeader, type Exchange } from '../../src/transport/exchange.ts';
import { createOwnImage, type OwnImage } from './own-image.ts';
import { imageFields, listedImageIds } from './image-bodies.ts';
import { principalOrSkip } from './plan-principal.ts';
import { unprotectSuiteRequest } from './unprotect.ts';

/**
 * Upstream Glance's attribute rules, every one in every run whatever the seed (none drawn at random):
 * what a new image shows, a client-chosen id and its duplicate, the read-only attributes a create may
 * not name, who may set an owner, `protected` and `os_hidden` at create and by PATCH, and JSON-Patch
 * as upstream applies it (operations in order, custom properties removed, 409 on a missing one, 403 on
 * removing a base attribute and on touching any read-only one, the v2.0 patch type, 415 with
 * Accept-Patch). Each verified on a real glance-api (scripts/glance/), Zed.
 */
const CREATE: SemanticProperty = { checkId: 'attribute_rules', operationId: 'createImage', operationLabel: 'POST /images (defaults, chosen id, read-only fields, owner)' };
const PATCHES: SemanticProperty = { checkId: 'attribute_rules', operationId: 'updateImage', operationLabel: 'PATCH /images/{image_id} (JSON-Patch rules)' };
const HIDDEN: SemanticProperty = { checkId: 'attribute_rules', operationId: 'listImages', operationLabel: 'os_hidden at create and by PATCH (attribute rules)' };

/** The properties the Glance attribute-rules suite reports. */
export const glanceAttributeRuleProperties: readonly SemanticProperty[] = [CREATE, PATCHES, HIDDEN];

const CLAUSE = 'Glance v2 image attributes (upstream Zed): defaults, read-only and base attributes, JSON-Patch, ownership';
const PATCH_V21 = 'application/openstack-images-v2.1-json-patch';
const PATCH_V20 = 'application/openstack-images-v2.0-json-patch';

/** What upstream computes or reserves: a create naming one, or a patch touching one, is 403. */
export const READ_ONLY_ATTRIBUTES = ['id', 'status', 'checksum', 'size', 'virtual_size', 'created_at', 'updated_at', 'os_hash_algo', 'os_hash_value', 'file', 'self', 'schema', 'direct_url'] as const;
/** Read-only attributes a create body may not name (upstream lets os_hash_algo/os_hash_value through; id is the chosen id). */
const READ_ONLY_ON_CREATE = READ_ONLY_ATTRIBUTES.filter((name) => name !== 'id' && name !== 'os_hash_algo' && name !== 'os_hash_value');
/** A new image's attributes and the value upstream gives each when the create names only `name` and `tags`. */
const DEFAULTS: Readonly<Record<string, unknown>> = {
  status: 'queued',
  visibility: 'shared',
  protected: false,
  os_hidden: false,
  min_disk: 0,
  min_ram: 0,
  size: null,
  virtual_size: null,
  checksum: null,
  os_hash_algo: null,
  os_hash_value: null,
  container_format: null,
  disk_format: null,
};



function patch(image: OwnImage, operations: unknown, contentType = PATCH_V21): SuiteRequest {
  return { method: 'PATCH', path: image.url, headers: { 'content-type': contentType }, body: JSON.stringify(operations) };
}

/** A create that should be refused; if the target creates it anyway, the run records it so cleanup deletes it. */
async function refusedCreate(session: SemanticSession, who: Principal, body: Record<string, unknown>): Promise<Exchange> {
  const exchange = await session.send('createImage', { method: 'POST', path: '/images', json: body }, who);
  const id = imageFields(exchange).id;
  if (exchange.response?.status === 201 && typeof id === 'string' && id !== '') {
    session.created({ operationId: 'createImage', url: `${session.runtime.target.replace(/\/+$/, '')}/images/${encodeURIComponent(id)}`, removeMethod: 'DELETE', principal: who.name });
  }
  return exchange;
}

export function glanceAttributeRulesPlan(principalName = 'owner', adminName = 'admin'): SemanticPlan {
  return {
    properties: glanceAttributeRuleProperties,
    async run(session) {
      const owner = principalOrSkip(session, principalName, glanceAttributeRuleProperties);
      if (!owner) return;
      const admin = session.principal(adminName);
      const tag = `conform-attr-${randomUUID().slice(0, 8)}`;
      await session.property(CREATE, () => judgeCreate(session, owner, admin, tag));
      await session.property(PATCHES, () => judgePatches(session, owner, admin, tag));
      await session.property(HIDDEN, () => judgeHidden(session, owner, tag));
    },
    // A protected image of a faulty target's making can be deleted only once unprotected.
    beforeRemove: (entry) => [unprotectSuiteRequest(entry.url)],
  };
}

async function judgeCreate(session: SemanticSession, owner: Principal, admin: Principal | undefined, tag: string): Promise<ObservedDraft[] | { skip: string }> {
  const expect = new Expectations(CLAUSE);
  const chosen = randomUUID();
  const made = await createOwnImage(session, owner, { id: chosen, name: `${tag}-chosen`, tags: [tag] });
  if (typeof made === 'string') return { skip: `could not create an image: ${made}` };
  const show = await session.send('showImage', { method: 'GET', path: made.url }, owner);
  expect.that(made.id === chosen, 'chosen-id', `POST /images with id ${chosen} created ${made.id}`, show, { chosen, created: made.id });
  const fields = imageFields(show);
  for (const [name, value] of Object.entries(DEFAULTS)) {
    expect.that(JSON.stringify(fields[name]) === JSON.stringify(value), `default:${name}`, `a new image shows ${name} ${JSON.stringify(fields[name])}, expected ${JSON.stringify(value)}`, show, { [name]: fields[name] });
  }
  expect.that(typeof fields.owner === 'string' && fields.owner !== '', 'default:owner', `a new image shows owner ${JSON.stringify(fields.owner)}, expected the creating project`, show);
  expect.that(fields.self === `/v2/images/${made.id}` && fields.file === `/v2/images/${made.id}/file` && fields.schema === '/v2/schemas/image', 'default:links', `a new image shows self ${JSON.stringify(fields.self)}, file ${JSON.stringify(fields.file)}, schema ${JSON.stringify(fields.schema)}`, show);
  expect.that(fields.created_at === fields.updated_at && typeof fields.created_at === 'string', 'default:timestamps', `a new image shows created_at ${JSON.stringify(fields.created_at)} and updated_at ${JSON.stringify(fields.updated_at)}, expected the same time`, show);

  const duplicate = await refusedCreate(session, owner, { id: chosen, name: `${tag}-duplicate`, tags: [tag] });
  expect.status(duplicate, [409], 'duplicate-id', `POST /images with the id of an existing image (${chosen})`);
  for (const name of READ_ONLY_ON_CREATE) {
    const value = name === 'size' || name === 'virtual_size' ? 1 : name.endsWith('_at') ? '2020-01-01T00:00:00Z' : name === 'status' ? 'active' : 'conform';
    expect.status(await refusedCreate(session, owner, { name: `${tag}-read-only`, tags: [tag], [name]: value }), [403], `create-read-only:${name}`, `POST /images naming the read-only attribute ${name}`);
  }
  const foreign = `conform-project-${randomUUID().slice(0, 8)}`;
  expect.status(await refusedCreate(session, owner, { name: `${tag}-foreign`, tags: [tag], owner: foreign }), [403], 'tenant-sets-owner', "a project's POST /images with another project as owner");
  if (admin) {
    const adopted = await createOwnImage(session, admin, { name: `${tag}-admin`, tags: [tag], owner: foreign });
    if (typeof adopted === 'string') expect.that(false, 'admin-sets-owner', `the admin's POST /images with an owner answered ${adopted}, expected 201`, duplicate);
    else expect.that(adopted.item.owner === foreign, 'admin-owner-shown', `the admin created an image for ${foreign}; it shows owner ${JSON.stringify(adopted.item.owner)}`, await session.send('showImage', { method: 'GET', path: adopted.url }, admin));
  }
  const guarded = await createOwnImage(session, owner, { name: `${tag}-guarded`, tags: [tag], protected: true, os_hidden: true });
  if (typeof guarded === 'string') expect.that(false, 'create-protected-hidden', `POST /images with protected and os_hidden true answered ${guarded}, expected 201`, duplicate);
  else {
    const flags = { protected: guarded.item.protected, os_hidden: guarded.item.os_hidden };
    expect.that(flags.protected === true && flags.os_hidden === true, 'create-protected-hidden', `POST /images with protected and os_hidden true created an image showing ${JSON.stringify(flags)}`, await session.send('showImage', { method: 'GET', path: guarded.url }, owner), flags);
  }
  return expect.findings;
}

async function judgePatches(session: SemanticSession, owner: Principal, admin: Principal | undefined, tag: string): Promise<ObservedDraft[] | { skip: string }> {
  const expect = new Expectations(CLAUSE);
  const made = await createOwnImage(session, owner, { name: `${tag}-patched`, tags: [tag], conform_kind: 'kept' });
  if (typeof made === 'string') return { skip: `could not create an image: ${made}` };
  const send = (request: SuiteRequest, who: Principal = owner): Promise<Exchange> => session.send('updateImage', request, who);

  const ordered = await send(patch(made, [
    { op: 'replace', path: '/name', value: `${tag}-first` },
    { op: 'replace', path: '/name', value: `${tag}-second` },
    { op: 'add', path: '/conform_extra', value: 'added' },
    { op: 'remove', path: '/conform_extra' },
    { op: 'remove', path: '/conform_kind' },
  ]));
  if (expect.status(ordered, [200], 'multi-op', 'PATCH with five operations (replace, replace, add, remove, remove)')) {
    const after = imageFields(await session.send('showImage', { method: 'GET', path: made.url }, owner));
    const seen = { name: after.name, conform_extra: after.conform_extra, conform_kind: after.conform_kind };
    expect.that(seen.name === `${tag}-second` && seen.conform_extra === undefined && seen.conform_kind === undefined, 'multi-op-order', `after replace, replace, add, remove, remove the image shows ${JSON.stringify(seen)}: the operations were not applied in order`, ordered, seen);
  }
  expect.status(await send(patch(made, [{ op: 'remove', path: '/conform_kind' }])), [409], 'remove-missing', 'PATCH remove of a custom property the image no longer has');
  expect.status(await send(patch(made, [{ op: 'replace', path: '/conform_never', value: 'x' }])), [409], 'replace-missing', 'PATCH replace of a custom property the image never had');
  for (const base of ['name', 'min_ram']) {
    expect.status(await send(patch(made, [{ op: 'remove', path: `/${base}` }])), [403], `remove-base:${base}`, `PATCH remove of the base attribute ${base}`);
  }
  for (const name of READ_ONLY_ATTRIBUTES) {
    for (const op of ['add', 'replace', 'remove'] as const) {
      const operation = op === 'remove' ? { op, path: `/${name}` } : { op, path: `/${name}`, value: 'conform' };
      expect.status(await send(patch(made, [operation])), [403], `read-only:${op}:${name}`, `PATCH ${op} of the read-only attribute ${name}`);
    }
  }
  const v20 = await send(patch(made, [{ replace: '/name', value: `${tag}-v20` }], PATCH_V20));
  if (expect.status(v20, [200], 'v20-replace', `PATCH replace in the ${PATCH_V20} form`)) {
    expect.that(imageFields(v20).name === `${tag}-v20`, 'v20-applied', `after a v2.0 replace of /name the answer shows name ${JSON.stringify(imageFields(v20).name)}`, v20);
  }
  expect.status(await send(patch(made, [{ add: '/name', value: 'conform' }], PATCH_V20)), [409], 'v20-add-existing', 'a v2.0 add of an attribute the image has (v2.0 add does not replace)');
  expect.status(await send(patch(made, [{ op: 'replace', path: '/name', value: 'conform' }], PATCH_V20)), [400], 'v20-rfc-form', `an RFC 6902 operation sent as ${PATCH_V20}`);
  expect.status(await send(patch(made, [{ replace: '/name', value: 'conform' }])), [400], 'v21-old-form', `a v2.0 operation sent as ${PATCH_V21}`);
  const wrongType = await send(patch(made, [{ op: 'replace', path: '/name', value: 'conform' }], 'application/json'));
  if (expect.status(wrongType, [415], 'patch-wrong-type', 'PATCH with Content-Type application/json')) {
    const offered = wrongType.response ? responseHeader(wrongType.response, 'accept-patch') : undefined;
    const types = (offered ?? '').split(',').map((type) => type.trim());
    expect.that(types.includes(PATCH_V20) && types.includes(PATCH_V21), 'accept-patch', `a 415 to PATCH answered Accept-Patch ${JSON.stringify(offered)}, expected both patch media types`, wrongType, { acceptPatch: offered });
  }
  expect.status(await send(patch(made, [{ op: 'replace', path: '/owner', value: `conform-project-${randomUUID().slice(0, 8)}` }])), [403], 'tenant-changes-owner', "a project's PATCH of its image's owner");
  if (admin) {
    const adopted = await createOwnImage(session, admin, { name: `${tag}-adopted`, tags: [tag] });
    if (typeof adopted !== 'string') {
      const next = `conform-project-${randomUUID().slice(0, 8)}`;
      const moved = await send(patch(adopted, [{ op: 'replace', path: '/owner', value: next }]), admin);
      if (expect.status(moved, [200], 'admin-changes-owner', "the admin's PATCH of an image's owner")) {
        expect.that(imageFields(moved).owner === next, 'admin-owner-applied', `after the admin's owner change to ${next} the image shows owner ${JSON.stringify(imageFields(moved).owner)}`, moved);
      }
    }
  }
  return expect.findings;
}

async function judgeHidden(session: SemanticSession, owner: Principal, tag: string): Promise<ObservedDraft[] | { skip: string }> {
  const expect = new Expectations('Glance v2 os_hidden (upstream Zed): a hidden image is left out of the default list and listed with os_hidden=true');
  const made = await createOwnImage(session, owner, { name: `${tag}-hideable`, tags: [tag, `${tag}-hide`] });
  if (typeof made === 'string') return { skip: `could not create an image: ${made}` };
  const listed = async (query: readonly (readonly [string, string])[]): Promise<{ exchange: Exchange; has: boolean }> => {
    const exchange = await session.send('listImages', { method: 'GET', path: '/images', query: [['tag', `${tag}-hide`], ...query] }, owner);
    return { exchange, has: (listedImageIds(exchange) ?? []).includes(made.id) };
  };
  const set = async (hidden: boolean): Promise<boolean> => expect.status(await session.send('updateImage', patch(made, [{ op: 'replace', path: '/os_hidden', value: hidden }]), owner), [200], `hide:${hidden}`, `PATCH replace /os_hidden ${hidden}`);
  if (await set(true)) {
    const plain = await listed([]);
    expect.that(!plain.has, 'hidden-in-default-list', `GET /images?tag=${tag}-hide lists an image whose os_hidden is true`, plain.exchange);
    const asked = await listed([['os_hidden', 'true']]);
    expect.that(asked.has, 'hidden-not-listed-on-request', `GET /images?tag=${tag}-hide&os_hidden=true does not list the hidden image`, asked.exchange);
  }
  if (await set(false)) {
    const plain = await listed([]);
    expect.that(plain.has, 'unhidden-not-listed', `GET /images?tag=${tag}-hide does not list the image after os_hidden went back to false`, plain.exchange);
  }
  return expect.findings;
}
