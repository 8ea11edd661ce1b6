/**
 * The Glance v2 visibility model, written from upstream Glance's documented rules (Zed, secure RBAC;
 * see specs/README.md "default list"): who sees an image by id, which images each list shows, who may
 * change visibility and members. Commands create their own images (tagged with the run's tag) and
 * check every answer against the model; a visibility change also checks at once how another project
 * sees the image (see observeChange).
 *
 * Who reads each state, whom it is listed to and who alone may set it are the rules of Glance's
 * declaration (specs/glance-v2.conform.yaml), the table the generic suites run; this model adds what no
 * table says: projects, the admin who sees every image, members and their statuses, each list filter,
 * os_hidden.
 */
import fc from 'fast-check';
import type { Exchange } from '../../src/transport/exchange.ts';
import { jsonBody, statusOf, type VisibilityClient } from '../../src/run/semantic/visibility-client.ts';
import type { VisibilityCommand, VisibilityDefinition, VisibilityProgram } from '../../src/run/semantic/visibility-run.ts';
import type { VisibilitySuiteId } from '../../src/checks/suite-catalogue.ts';
import { declaredVisibilities, ruleOf, setterOf } from '../../src/run/semantic/declared-visibility-rules.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { glanceDeclaration } from './declaration.ts';

type Visibility = 'private' | 'shared' | 'community' | 'public';
type MemberStatus = 'pending' | 'accepted' | 'rejected';
const VISIBILITIES: readonly Visibility[] = ['private', 'shared', 'community', 'public'];
const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';

interface ModelImage {
  readonly id: string;
  /** A, B, C… in creation order within the sequence, for readable traces. */
  readonly label: string;
  /** The principal that created it; its project owns it. */
  readonly creator: string;
  readonly project: string;
  visibility: Visibility;
  readonly hidden: boolean;
  /** Member project → status. */
  readonly members: Map<string, MemberStatus>;
}

/** The state of one sequence: the images it created. */
export interface GlanceVisibilityModel {
  readonly images: ModelImage[];
}

/** A list request of the model: the filters it sends. */
type ListFilter = 'default' | Visibility | 'all' | 'shared+pending' | 'shared+rejected' | 'all+all-members' | 'os_hidden';

/** A state's rules as the declaration writes them. */
interface StateRules {
  /** Any project may show it by id. */
  readByAnyone(state: Visibility): boolean;
  /** Other projects' default lists hold it. */
  listedToAnyone(state: Visibility): boolean;
  /** The one principal that may put an image into it, if only one may (public: the admin). */
  setter(state: Visibility): string | undefined;
}

interface Env {
  readonly rules: StateRules;
  readonly principals: readonly string[];
  readonly projects: ReadonlyMap<string, string>;
  readonly admins: ReadonlySet<string>;
  readonly tag: string;
  /** Every image the run created and has not deleted: id → creator. */
  readonly created: Map<string, string>;
}

const CLAUSE = {
  byId: (visibility: Visibility) => `Glance v2 visibility: another tenant gets 404 for a${visibility === 'private' ? '' : ' non-member'} ${visibility} image`,
  visibleById: 'Glance v2 visibility: an image its owner, the admin, accepted/pending members (shared) or everybody (public, community) may see is shown by id',
  visibilityField: 'Glance v2 visibility: an image shows the visibility it was last given',
  listExtra: 'Glance v2 visibility: a list holds only images the caller may see (own, public, accepted shares; community only when filtered for; os_hidden only when asked)',
  communityDefault: "Glance v2 visibility: other tenants' community images stay out of the default list",
  listMissing: 'Glance v2 visibility: a list holds every image the caller may see that matches its filters',
  forbiddenWrite: 'Glance v2 visibility: a write to an image the caller cannot see is 404, to one it can see but not change 403',
  publicAdminOnly: 'Glance v2 visibility: only the admin may make an image public',
  changeApplied: 'Glance v2 visibility: an allowed visibility change answers 200 and is stored',
  createApplied: 'Glance v2 visibility: a tenant creates private, shared and community images (shared when unset)',
  members: 'Glance v2 visibility: only the owner (or admin) adds members, only to a shared image',
  memberStatus: 'Glance v2 visibility: a member sets its own status on a shared image it may see',
} as const;

const isAdmin = (env: Env, principal: string): boolean => env.admins.has(principal);
const projectOf = (env: Env, principal: string): string => env.projects.get(principal) ?? `?${principal}`;
const owns = (env: Env, principal: string, image: ModelImage): boolean => projectOf(env, principal) === image.project;

/** Upstream `is_image_visible`. */
function visibleById(env: Env, viewer: string, image: ModelImage): boolean {
  if (isAdmin(env, viewer) || owns(env, viewer, image)) return true;
  if (env.rules.readByAnyone(image.visibility)) return true;
  return image.visibility === 'shared' && image.members.has(projectOf(env, viewer));
}

const canChange = (env: Env, principal: string, image: ModelImage): boolean => isAdmin(env, principal) || owns(env, principal, image);

function filterQuery(filter: ListFilter): Record<string, string> {
  switch (filter) {
    case 'default':
      return {};
    case 'os_hidden':
      return { os_hidden: 'true' };
    case 'shared+pending':
      return { visibility: 'shared', member_status: 'pending' };
    case 'shared+rejected':
      return { visibility: 'shared', member_status: 'rejected' };
    case 'all+all-members':
      return { visibility: 'all', member_status: 'all' };
    default:
      return { visibility: filter };
  }
}

/** Upstream `image_get_all` for one image: is it in the viewer's list with these filters? */
function listed(env: Env, viewer: string, image: ModelImage, filter: ListFilter): boolean {
  const query = filterQuery(filter);
  if ((query.os_hidden === 'true') !== image.hidden) return false;
  const memberStatus = query.member_status ?? 'accepted';
  if (!isAdmin(env, viewer)) {
    const own = owns(env, viewer, image);
    const status = image.members.get(projectOf(env, viewer));
    const shared = image.visibility === 'shared' && status !== undefined && (memberStatus === 'all' || status === memberStatus);
    if (!(own || env.rules.readByAnyone(image.visibility) || shared)) return false;
  }
  const visibility = query.visibility;
  if (visibility !== undefined) return visibility === 'all' || image.visibility === visibility;
  // The default list leaves out what anybody may read but only its owner finds listed (community),
  // the admin's list too; a state only its readers see (shared, private) is listed to whoever passed above.
  return owns(env, viewer, image) || env.rules.listedToAnyone(image.visibility) || !env.rules.readByAnyone(image.visibility);
}

function imageVisibility(exchange: Exchange): unknown {
  const body = jsonBody(exchange);
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>).visibility : undefined;
}

async function show(client: VisibilityClient, principal: string, image: ModelImage): Promise<Exchange> {
  return client.send(principal, { method: 'GET', path: `/images/${image.id}` });
}

async function patch(client: VisibilityClient, principal: string, image: ModelImage, path: string, value: unknown): Promise<Exchange> {
  return client.send(principal, {
    method: 'PATCH',
    path: `/images/${image.id}`,
    headers: { 'content-type': PATCH_TYPE },
    body: JSON.stringify([{ op: 'replace', path, value }]),
  });
}

/** Walks the viewer's list (bounded pages) restricted to the run's tag; resolves to id → visibility. */
async function listIds(client: VisibilityClient, env: Env, viewer: string, filter: ListFilter): Promise<{ ids: Map<string, unknown>; exchange: Exchange }> {
  const ids = new Map<string, unknown>();
  let exchange = await client.send(viewer, { method: 'GET', path: '/images', query: { tag: env.tag, limit: '1000', ...filterQuery(filter) } });
  for (let page = 0; page < 5; page += 1) {
    const body = jsonBody(exchange) as { images?: { id?: unknown; visibility?: unknown }[]; next?: unknown } | undefined;
    for (const image of body?.images ?? []) if (typeof image.id === 'string') ids.set(image.id, image.visibility);
    if (statusOf(exchange) !== 200 || typeof body?.next !== 'string') break;
    exchange = await client.send(viewer, { method: 'GET', path: new URL(body.next, client.runtime.target).toString() });
  }
  return { ids, exchange };
}

const forbiddenStatus = (visible: boolean): number => (visible ? 403 : 404);
const pick = (model: GlanceVisibilityModel, index: number): ModelImage | undefined => model.images[index % Math.max(model.images.length, 1)];
/** The index-th (wrapping) of the images a targeted step can act on. */
function pickWhere(model: GlanceVisibilityModel, index: number, eligible: (image: ModelImage) => boolean): ModelImage | undefined {
  const images = model.images.filter(eligible);
  return images[index % Math.max(images.length, 1)];
}

/** Reports a refused-or-not mismatch of a write the caller may not make (2xx, or 403/404 swapped). */
function checkForbidden(client: VisibilityClient, exchange: Exchange, expected: number, clause: string, key: string): boolean {
  const status = statusOf(exchange);
  if (status === expected) return false;
  const suiteId: VisibilitySuiteId = 'visibility_isolation';
  client.mismatch({ suiteId, clause, key: `${key}:${status}`, expected: String(expected), got: String(status), exchange });
  return status >= 200 && status < 300;
}

/** Shows the image as `viewer` and judges the answer against the model; `lead` prefixes the trace line. */
async function showAndJudge(env: Env, client: VisibilityClient, viewer: string, image: ModelImage, lead = ''): Promise<void> {
  const exchange = await show(client, viewer, image);
  const status = statusOf(exchange);
  client.step(`${lead}${viewer} shows ${image.label} (${image.visibility}, owned by ${image.creator}) → ${status}`);
  if (!visibleById(env, viewer, image)) {
    if (status !== 404) {
      client.mismatch({ suiteId: 'visibility_isolation', clause: CLAUSE.byId(image.visibility), key: `show:${image.visibility}:${status}`, expected: '404', got: String(status), exchange });
    }
    return;
  }
  const shown = imageVisibility(exchange);
  if (status !== 200) {
    client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.visibleById, key: `show-visible:${image.visibility}:${status}`, expected: '200', got: String(status), exchange });
  } else if (shown !== image.visibility) {
    client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.visibilityField, key: 'show-visibility', expected: `visibility "${image.visibility}"`, got: JSON.stringify(shown), exchange });
    if ((VISIBILITIES as readonly unknown[]).includes(shown)) image.visibility = shown as Visibility;
  }
}

/** Lists as `viewer` with `filter` and judges every image of the model against the list; `lead` prefixes the trace line. */
async function listAndJudge(env: Env, client: VisibilityClient, model: GlanceVisibilityModel, viewer: string, filter: ListFilter, lead = ''): Promise<void> {
  const { ids, exchange } = await listIds(client, env, viewer, filter);
  const status = statusOf(exchange);
  const inList = model.images.filter((image) => ids.has(image.id)).map((image) => image.label);
  client.step(`${lead}${viewer} lists (${filter}) → ${status} [${inList.join(', ')}]`);
  if (status !== 200) {
    client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.listMissing, key: `list:${status}`, expected: '200', got: String(status), exchange });
    return;
  }
  for (const image of model.images) {
    const expected = listed(env, viewer, image, filter);
    const present = ids.has(image.id);
    if (present && !expected) {
      const community = filter === 'default' && image.visibility === 'community' && !owns(env, viewer, image);
      client.mismatch({
        suiteId: 'visibility_isolation',
        clause: community ? CLAUSE.communityDefault : CLAUSE.listExtra,
        key: `list-extra:${filter}:${image.visibility}`,
        expected: `no ${image.label} (${image.visibility}${image.hidden ? ', os_hidden' : ''}, owned by ${image.creator}) in ${viewer}'s ${filter} list`,
        got: `${image.label} listed`,
        exchange,
      });
    } else if (!present && expected) {
      client.mismatch({
        suiteId: 'visibility_applied',
        clause: CLAUSE.listMissing,
        key: `list-missing:${filter}:${image.visibility}`,
        expected: `${image.label} (${image.visibility}, owned by ${image.creator}) in ${viewer}'s ${filter} list`,
        got: 'not listed',
        exchange,
      });
    } else if (present && ids.get(image.id) !== image.visibility) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.visibilityField, key: 'list-visibility', expected: `${image.label} with visibility "${image.visibility}"`, got: JSON.stringify(ids.get(image.id)), exchange });
    }
  }
}

/**
 * What a visibility change looks like from outside. Whether a random sequence later lists or shows
 * the image as another tenant is luck, and a private or community image leaking to other projects
 * shows only there; so the change checks it at once: a tenant outside the image's project (never the
 * admin, who may see every image by id) lists its default list and shows the image. A community
 * image's place in the default list hinges on ownership, so its owner lists too. An os_hidden image
 * is in no default list: the list asking for os_hidden images is where it would leak.
 */
async function observeChange(env: Env, client: VisibilityClient, model: GlanceVisibilityModel, image: ModelImage): Promise<void> {
  const outsider = env.principals.find((principal) => !isAdmin(env, principal) && !owns(env, principal, image));
  if (outsider === undefined) return;
  const filter: ListFilter = image.hidden ? 'os_hidden' : 'default';
  await listAndJudge(env, client, model, outsider, filter, '↳ ');
  await showAndJudge(env, client, outsider, image, '↳ ');
  if (image.visibility === 'community') await listAndJudge(env, client, model, image.creator, filter, '↳ ');
}

class Create implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly visibility: Visibility | undefined,
    readonly hidden: boolean,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    const label = String.fromCharCode(65 + (model.images.length % 26)) + (model.images.length >= 26 ? String(model.images.length) : '');
    const body: Record<string, unknown> = { name: `conform-visibility-${label}`, tags: [this.env.tag] };
    if (this.visibility) body.visibility = this.visibility;
    if (this.hidden) body.os_hidden = true;
    const exchange = await client.send(this.by, { method: 'POST', path: '/images', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const status = statusOf(exchange);
    const created = jsonBody(exchange) as { id?: unknown; visibility?: unknown; owner?: unknown } | undefined;
    const id = typeof created?.id === 'string' ? created.id : undefined;
    client.step(`${this.by} creates image ${label} (${this.visibility ?? 'visibility unset'}${this.hidden ? ', os_hidden' : ''}) → ${status}`);
    if (status >= 200 && status < 300 && id) {
      this.env.created.set(id, this.by);
      client.runtime.ledger.record({ operationId: 'createImage', url: `${client.runtime.target}/images/${id}`, removeMethod: 'DELETE', principal: this.by, createdAt: new Date().toISOString() });
    }
    const setter = this.visibility && this.env.rules.setter(this.visibility);
    const forbidden = setter !== undefined && this.by !== setter;
    if (forbidden) {
      if (!checkForbidden(client, exchange, 403, CLAUSE.publicAdminOnly, 'create-public')) return;
    } else if (status !== 201 || !id) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.createApplied, key: `create:${status}`, expected: '201 with the image', got: String(status), exchange });
      return;
    }
    if (!id) return;
    const expected = this.visibility ?? 'shared';
    const shown = created?.visibility;
    const image: ModelImage = { id, label, creator: this.by, project: projectOf(this.env, this.by), visibility: expected, hidden: this.hidden, members: new Map() };
    model.images.push(image);
    if (shown !== expected) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.createApplied, key: 'create-visibility', expected: `visibility "${expected}"`, got: JSON.stringify(shown), exchange });
      if ((VISIBILITIES as readonly unknown[]).includes(shown)) image.visibility = shown as Visibility;
    }
    if (this.visibility) await observeChange(this.env, client, model, image);
  }
  toString(): string {
    return `create(${this.by}, ${this.visibility ?? 'unset'}${this.hidden ? ', hidden' : ''})`;
  }
}

class SetVisibility implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly actor: Actor,
    readonly index: number,
    readonly value: Visibility,
  ) {}
  check(model: Readonly<GlanceVisibilityModel>): boolean {
    return model.images.length > 0;
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = pick(model, this.index);
    if (!image) return;
    // Targeted: the image's creator changes it (public stays the admin's).
    const by = this.actor === CREATOR ? image.creator : this.actor;
    const visible = visibleById(this.env, by, image);
    const setter = this.env.rules.setter(this.value);
    const allowed = visible && canChange(this.env, by, image) && (setter === undefined || image.visibility === this.value || by === setter);
    const exchange = await patch(client, by, image, '/visibility', this.value);
    const status = statusOf(exchange);
    client.step(`${by} sets ${image.label} (${image.visibility}, owned by ${image.creator}) to ${this.value} → ${status}`);
    if (!allowed) {
      const expected = !visible ? 404 : 403;
      const clause = visible && canChange(this.env, by, image) ? CLAUSE.publicAdminOnly : CLAUSE.forbiddenWrite;
      if (checkForbidden(client, exchange, expected, clause, `set-visibility:${expected}`)) image.visibility = this.value;
      return;
    }
    if (status !== 200) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.changeApplied, key: `set-visibility:${status}`, expected: '200', got: String(status), exchange });
      return;
    }
    const answered = imageVisibility(exchange);
    if (answered !== this.value) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.changeApplied, key: 'set-visibility-answer', expected: `visibility "${this.value}" in the answer`, got: JSON.stringify(answered), exchange });
    }
    // Read back: the answer may show the new value while the store keeps the old one.
    const readBack = await show(client, by, image);
    const stored = imageVisibility(readBack);
    client.step(`${by} reads ${image.label} back → ${statusOf(readBack)} visibility ${JSON.stringify(stored)}`);
    image.visibility = this.value;
    if (statusOf(readBack) !== 200 || stored !== this.value) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.changeApplied, key: 'set-visibility-stored', expected: `200 with visibility "${this.value}"`, got: `${statusOf(readBack)} ${JSON.stringify(stored)}`, exchange: readBack });
      if ((VISIBILITIES as readonly unknown[]).includes(stored)) image.visibility = stored as Visibility;
    }
    await observeChange(this.env, client, model, image);
  }
  toString(): string {
    return `setVisibility(${this.actor === CREATOR ? 'creator' : this.actor}, image#${this.index}, ${this.value})`;
  }
}

/** Who acts: a principal, or (targeted steps, so sequences reach sharing) the image's creator. */
type Actor = string | typeof CREATOR;
const CREATOR = Symbol('the image creator');

class AddMember implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly actor: Actor,
    readonly index: number,
    readonly member: string,
  ) {}
  #image(model: GlanceVisibilityModel): ModelImage | undefined {
    // Targeted: a shared image the member does not own, shared by its creator.
    if (this.actor === CREATOR) return pickWhere(model, this.index, (image) => image.visibility === 'shared' && !owns(this.env, this.member, image) && !isAdmin(this.env, image.creator));
    return pick(model, this.index);
  }
  check(model: Readonly<GlanceVisibilityModel>): boolean {
    const image = this.#image(model as GlanceVisibilityModel);
    return image !== undefined && !owns(this.env, this.member, image);
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = this.#image(model);
    if (!image) return;
    const by = this.actor === CREATOR ? image.creator : this.actor;
    const project = projectOf(this.env, this.member);
    const exchange = await client.send(by, {
      method: 'POST',
      path: `/images/${image.id}/members`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ member: project }),
    });
    const status = statusOf(exchange);
    client.step(`${by} adds ${this.member} as a member of ${image.label} (${image.visibility}, owned by ${image.creator}) → ${status}`);
    const visible = visibleById(this.env, by, image);
    if (!visible || !canChange(this.env, by, image) || image.visibility !== 'shared') {
      const expected = forbiddenStatus(visible);
      if (checkForbidden(client, exchange, expected, CLAUSE.members, `add-member:${expected}`) && !image.members.has(project)) image.members.set(project, 'pending');
      return;
    }
    const expected = image.members.has(project) ? 409 : 200;
    if (status !== expected) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.members, key: `add-member:${status}`, expected: String(expected), got: String(status), exchange });
    }
    if (status === 200 && !image.members.has(project)) image.members.set(project, 'pending');
  }
  toString(): string {
    return `addMember(${this.actor === CREATOR ? 'creator' : this.actor}, image#${this.index}, ${this.member})`;
  }
}

/** A principal, or (a targeted step) whichever principal is a member of the image. */
type MemberActor = string | typeof A_MEMBER;
const A_MEMBER = Symbol('a member of the image');

class SetMemberStatus implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly actor: MemberActor,
    readonly index: number,
    readonly status: MemberStatus,
  ) {}
  #memberOf(image: ModelImage): string | undefined {
    return this.env.principals.find((name) => !isAdmin(this.env, name) && !owns(this.env, name, image) && image.members.has(projectOf(this.env, name)));
  }
  #actorFor(image: ModelImage): string | undefined {
    return this.actor === A_MEMBER ? this.#memberOf(image) : this.actor;
  }
  #image(model: GlanceVisibilityModel): ModelImage | undefined {
    // Targeted: an image one of the principals is a member of.
    return this.actor === A_MEMBER ? pickWhere(model, this.index, (image) => this.#memberOf(image) !== undefined) : pick(model, this.index);
  }
  check(model: Readonly<GlanceVisibilityModel>): boolean {
    const image = this.#image(model as GlanceVisibilityModel);
    const by = image && this.#actorFor(image);
    return image !== undefined && by !== undefined && !isAdmin(this.env, by) && !owns(this.env, by, image);
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = this.#image(model);
    const by = image && this.#actorFor(image);
    if (!image || by === undefined) return;
    const project = projectOf(this.env, by);
    const exchange = await client.send(by, {
      method: 'PUT',
      path: `/images/${image.id}/members/${encodeURIComponent(project)}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: this.status }),
    });
    const status = statusOf(exchange);
    client.step(`${by} sets its membership of ${image.label} (${image.visibility}) to ${this.status} → ${status}`);
    const visible = visibleById(this.env, by, image);
    const isMember = image.members.has(project);
    if (!visible) {
      if (checkForbidden(client, exchange, 404, CLAUSE.memberStatus, 'member-status:404') && isMember) image.members.set(project, this.status);
      return;
    }
    if (!isMember) {
      // A visible image the caller is no member of (public, community): a forbidden write, 403 upstream
      // ("Not allowed to update members for image"); 404 ("no such member") says nothing away either.
      if (status !== 403 && status !== 404) {
        client.mismatch({ suiteId: 'visibility_isolation', clause: CLAUSE.memberStatus, key: `member-status:${status}`, expected: '403 or 404', got: String(status), exchange });
      }
      return;
    }
    // Upstream leaves it open whether a member of an image that is no longer shared may still answer: 200 or 403.
    const allowed = image.visibility === 'shared' ? [200] : [200, 403];
    if (!allowed.includes(status)) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.memberStatus, key: `member-status:${status}`, expected: allowed.join(' or '), got: String(status), exchange });
    }
    if (status === 200) image.members.set(project, this.status);
  }
  toString(): string {
    return `setMemberStatus(${this.actor === A_MEMBER ? 'a member' : this.actor}, image#${this.index}, ${this.status})`;
  }
}

/**
 * A targeted pair, so every run of the default size judges a member's answer: a shared image's
 * creator adds a project, and that project accepts, rejects or leaves it pending at once. Each half
 * is judged as the single steps are.
 */
class ShareAndAnswer implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly index: number,
    readonly status: MemberStatus,
  ) {}
  /** The first principal that may become a member of the image: not an admin, not in its project. */
  #memberFor(image: ModelImage): string | undefined {
    return this.env.principals.find((name) => !isAdmin(this.env, name) && !owns(this.env, name, image));
  }
  #image(model: GlanceVisibilityModel): ModelImage | undefined {
    return pickWhere(model, this.index, (image) => image.visibility === 'shared' && !isAdmin(this.env, image.creator) && this.#memberFor(image) !== undefined);
  }
  check(model: Readonly<GlanceVisibilityModel>): boolean {
    return this.#image(model as GlanceVisibilityModel) !== undefined;
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = this.#image(model);
    const member = image && this.#memberFor(image);
    if (!image || member === undefined) return;
    const at = model.images.indexOf(image);
    // Added once (200), or again (the duplicate's 409) when an earlier step made it a member already.
    await new AddMember(this.env, image.creator, at, member).run(model, client);
    await new SetMemberStatus(this.env, member, at, this.status).run(model, client);
  }
  toString(): string {
    return `shareAndAnswer(image#${this.index}, ${this.status})`;
  }
}

/** A targeted step: one viewer's list under each visibility and member-status filter, each judged as a single List. */
class ListEachFilter implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    for (const filter of [...VISIBILITIES, 'shared+pending', 'shared+rejected'] as const) await new List(this.env, this.by, filter).run(model, client);
  }
  toString(): string {
    return `listEachFilter(${this.by})`;
  }
}

class ForbiddenRename implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly index: number,
  ) {}
  check(model: Readonly<GlanceVisibilityModel>): boolean {
    const image = pick(model as GlanceVisibilityModel, this.index);
    return image !== undefined && !canChange(this.env, this.by, image);
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = pick(model, this.index);
    if (!image) return;
    const exchange = await patch(client, this.by, image, '/name', 'conform-visibility-renamed');
    const expected = forbiddenStatus(visibleById(this.env, this.by, image));
    client.step(`${this.by} renames ${image.label} (${image.visibility}, owned by ${image.creator}) → ${statusOf(exchange)}`);
    checkForbidden(client, exchange, expected, CLAUSE.forbiddenWrite, `rename:${expected}`);
  }
  toString(): string {
    return `rename(${this.by}, image#${this.index})`;
  }
}

class Show implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly index: number,
  ) {}
  check(model: Readonly<GlanceVisibilityModel>): boolean {
    return model.images.length > 0;
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = pick(model, this.index);
    if (image) await showAndJudge(this.env, client, this.by, image);
  }
  toString(): string {
    return `show(${this.by}, image#${this.index})`;
  }
}

class List implements VisibilityCommand<GlanceVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly filter: ListFilter,
  ) {}
  check(model: Readonly<GlanceVisibilityModel>): boolean {
    return model.images.length > 0;
  }
  async run(model: GlanceVisibilityModel, client: VisibilityClient): Promise<void> {
    await listAndJudge(this.env, client, model, this.by, this.filter);
  }
  toString(): string {
    return `list(${this.by}, ${this.filter})`;
  }
}

const LIST_FILTERS: readonly ListFilter[] = ['default', 'default', ...VISIBILITIES, 'all', 'shared+pending', 'shared+rejected', 'all+all-members', 'os_hidden'];

function commandsFor(env: Env): fc.Arbitrary<VisibilityCommand<GlanceVisibilityModel>>[] {
  const principal = fc.constantFrom(...env.principals);
  const index = fc.nat({ max: 7 });
  const visibility = fc.constantFrom(...VISIBILITIES);
  const memberStatus = fc.constantFrom<MemberStatus>('accepted', 'accepted', 'rejected', 'pending');
  const create = fc
    .record({ by: principal, visibility: fc.option(visibility, { freq: 5 }), hidden: fc.constantFrom(false, false, false, true) })
    .map(({ by, visibility: chosen, hidden }) => new Create(env, by, chosen ?? undefined, hidden));
  // fc.commands picks among the arbitraries evenly: creates are listed thrice so sequences have images to act on.
  return [
    create,
    create,
    create,
    fc.record({ by: principal, index, value: visibility }).map(({ by, index: at, value }) => new SetVisibility(env, by, at, value)),
    fc.record({ by: principal, index, member: principal }).map(({ by, index: at, member }) => new AddMember(env, by, at, member)),
    fc
      .record({ by: principal, index, status: memberStatus })
      .map(({ by, index: at, status }) => new SetMemberStatus(env, by, at, status)),
    // Targeted steps, the weights that make every run of the default size reach sharing: the image's
    // creator shares it (a second time gives the duplicate's 409), and a member answers.
    fc.record({ index, member: principal }).map(({ index: at, member }) => new AddMember(env, CREATOR, at, member)),
    fc.record({ index, member: principal }).map(({ index: at, member }) => new AddMember(env, CREATOR, at, member)),
    fc.record({ index, status: memberStatus }).map(({ index: at, status }) => new SetMemberStatus(env, A_MEMBER, at, status)),
    index.map((at) => new ShareAndAnswer(env, at, 'accepted')),
    index.map((at) => new ShareAndAnswer(env, at, 'accepted')),
    index.map((at) => new ShareAndAnswer(env, at, 'rejected')),
    fc.record({ index, value: fc.constantFrom<Visibility>('community', 'shared', 'private') }).map(({ index: at, value }) => new SetVisibility(env, CREATOR, at, value)),
    fc.record({ by: principal, index }).map(({ by, index: at }) => new ForbiddenRename(env, by, at)),
    fc.record({ by: principal, index }).map(({ by, index: at }) => new Show(env, by, at)),
    fc.record({ by: principal, filter: fc.constantFrom(...LIST_FILTERS) }).map(({ by, filter }) => new List(env, by, filter)),
    // Every filtered list at once, so each visibility filter is judged in every run.
    principal.map((by) => new ListEachFilter(env, by)),
  ];
}

/**
 * The sequence every run starts with, whatever the seed: each step the model judges, once. An image
 * shared by its owner is accepted, then added again (409) and rejected; another is made community by
 * its creator; every principal walks each filtered list and its default list, and reads each image;
 * the first image's creator tries to make it public, and to create a public one (both 403 but for the admin).
 */
function tourOf(env: Env): VisibilityCommand<GlanceVisibilityModel>[] {
  const [first = 'owner', second = 'other'] = env.principals;
  return [
    new Create(env, first, 'shared', false),
    new ShareAndAnswer(env, 0, 'accepted'),
    new ShareAndAnswer(env, 0, 'rejected'),
    new Create(env, second, undefined, false),
    new SetVisibility(env, CREATOR, 1, 'community'),
    new Create(env, first, 'private', true),
    ...env.principals.flatMap((by) => [new ListEachFilter(env, by), new List(env, by, 'default'), new List(env, by, 'os_hidden'), new Show(env, by, 0), new Show(env, by, 2)]),
    new ForbiddenRename(env, second, 0),
    // Only the admin makes an image public: its creator's PATCH and a create in it are refused (403), last so no index moves.
    new SetVisibility(env, CREATOR, 0, 'public'),
    new Create(env, first, 'public', false),
  ];
}

async function deleteImage(client: VisibilityClient, id: string, creator: string): Promise<boolean> {
  const exchange = await client.send(creator, { method: 'DELETE', path: `/images/${id}` });
  const status = statusOf(exchange);
  if (status !== 204 && status !== 200 && status !== 404) return false;
  client.runtime.ledger.markRemoved(`${client.runtime.target}/images/${id}`);
  return true;
}

/** Learns each principal's project from an image it creates (and deletes at once). */
async function learnProjects(client: VisibilityClient, principals: readonly string[], tag: string): Promise<Map<string, string> | string> {
  const projects = new Map<string, string>();
  for (const principal of principals) {
    const exchange = await client.send(principal, {
      method: 'POST',
      path: '/images',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'conform-visibility-probe', visibility: 'private', tags: [tag] }),
    });
    const body = jsonBody(exchange) as { id?: unknown; owner?: unknown } | undefined;
    if (statusOf(exchange) !== 201 || typeof body?.id !== 'string' || typeof body.owner !== 'string') {
      return `'${principal}' could not create an image (POST /images answered ${statusOf(exchange)}): the visibility sequences act on images they create`;
    }
    client.runtime.ledger.record({ operationId: 'createImage', url: `${client.runtime.target}/images/${body.id}`, removeMethod: 'DELETE', principal, createdAt: new Date().toISOString() });
    projects.set(principal, body.owner);
    await deleteImage(client, body.id, principal);
  }
  if (new Set(projects.values()).size !== projects.size) return 'two principals act in the same project: the sequences need owner and other in different projects';
  return projects;
}

/** The rules of Glance's declared image states, or why there are none to judge by. */
async function stateRules(client: VisibilityClient): Promise<StateRules | string> {
  const model = await loadSuiteApi(client.runtime.settings.sources);
  const image = declaredVisibilities(model, glanceDeclaration(model)).ruled.find((declared) => declared.name === 'image');
  const missing = VISIBILITIES.filter((state) => !image?.states.includes(state));
  if (!image || missing.length > 0) return `specs/glance-v2.conform.yaml declares no rules for the image states ${missing.join(', ')}`;
  return {
    readByAnyone: (state) => ruleOf(image, state).read === 'anyone',
    listedToAnyone: (state) => ruleOf(image, state).listed === 'anyone',
    setter: (state) => setterOf(image, state),
  };
}

/** Glance's visibility suites: owner and other required; admin (an `admin`-role principal) optional. */
export const glanceVisibility: VisibilityDefinition<GlanceVisibilityModel> = {
  api: 'glance',
  label: 'Glance',
  requiredPrincipals: ['owner', 'other'],
  async prepare(client): Promise<VisibilityProgram<GlanceVisibilityModel> | string> {
    const rules = await stateRules(client);
    if (typeof rules === 'string') return rules;
    const principals = ['owner', 'other', 'admin'].filter((name) => client.has(name));
    const tag = `conform-visibility-${client.runtime.settings.seed}-${process.pid}`;
    const projects = await learnProjects(client, principals, tag);
    if (typeof projects === 'string') return projects;
    const env: Env = { rules, principals, projects, admins: new Set(principals.filter((name) => name === 'admin')), tag, created: new Map() };
    const sweep = async (): Promise<string[]> => {
      const left: string[] = [];
      for (const [id, creator] of [...env.created]) {
        if (await deleteImage(client, id, creator)) env.created.delete(id);
        else left.push(`${client.runtime.target}/images/${id}`);
      }
      return left;
    };
    return {
      commands: commandsFor(env),
      tours: [tourOf(env)],
      // Each sequence starts with no images of its own; what earlier ones created goes first.
      reset: async () => {
        await sweep();
        return { images: [] };
      },
      cleanup: sweep,
    };
  },
};
