/**
 * The Prime Intellect visibility model, written from the vendor page and conform's documented reads
 * (specs/README.md, "Prime reference server"): an image name:tag lives in a personal or a team
 * context; its owner (or any team member) sets PUBLIC/PRIVATE for every artifact row; anyone else
 * sees PUBLIC rows only and cannot change it. Prime has no create: the sequences change the images a
 * target conform started already holds and restore their visibility afterwards.
 */
import fc from 'fast-check';
import type { ApiFixtures, FixtureRef } from '../../src/fixtures.ts';
import type { Exchange } from '../../src/transport/exchange.ts';
import { jsonBody, statusOf, type VisibilityClient } from '../../src/run/semantic/visibility-client.ts';
import type { VisibilityCommand, VisibilityDefinition, VisibilityProgram } from '../../src/run/semantic/visibility-run.ts';

type Visibility = 'PUBLIC' | 'PRIVATE';
const VISIBILITIES: readonly Visibility[] = ['PUBLIC', 'PRIVATE'];

type Context = { readonly kind: 'personal'; readonly principal: string } | { readonly kind: 'team'; readonly teamId: string };

interface ModelImage {
  /** `owner/python-base:3.11` or `team:team-1/eval-suite:0.3`, for traces and the baseline. */
  readonly key: string;
  readonly context: Context;
  readonly name: string;
  readonly tag: string;
  /** Artifact row id → visibility. */
  readonly rows: Map<string, Visibility>;
}

/** The state of one sequence: every image of the known contexts, as the target holds them. */
export interface PrimeVisibilityModel {
  readonly images: ModelImage[];
}

interface Row {
  readonly id: string;
  readonly imageName: string;
  readonly imageTag: string;
  readonly visibility: unknown;
  readonly displayRef?: unknown;
}

interface Env {
  readonly principals: readonly string[];
  /** Principal → user id (from `displayRef`), for reading another user's image with `ownerId`. */
  readonly userIds: Map<string, string>;
  /** Team id → its members among the principals. */
  readonly teams: ReadonlyMap<string, ReadonlySet<string>>;
  /** Image key → row id → the visibility it had when the run started. */
  readonly baseline: Map<string, Map<string, Visibility>>;
  /** The last list `discover` read, the evidence when an image is gone. */
  lastList?: Exchange;
  /** On a target conform did not start: the keys of the declared fixtures, the only images it may change. */
  readonly declared?: ReadonlySet<string>;
}

const CLAUSE = {
  readPrivate: "Prime visibility: another user (or a non-member of the team) sees an image's PUBLIC rows only; a PRIVATE image answers 404",
  listPrivate: "Prime visibility: a list shows other contexts' PUBLIC rows only",
  readOwn: 'Prime visibility: the owner (or a team member) reads every row of its image with its current visibility',
  listOwn: 'Prime visibility: a list shows the caller’s own rows and others’ PUBLIC rows, with their current visibility',
  nonOwnerPatch: "Prime visibility: a PATCH by another user (in its own context) does not reach someone else's image: 404",
  nonMemberPatch: "Prime visibility: a non-member cannot change a team's image (404)",
  nonMemberList: 'Prime visibility: a non-member cannot list a team context (404)',
  patchAnswer: 'Prime visibility: a PATCH answers 200 with the requested visibility on every artifact row of name:tag',
  patchStored: 'Prime visibility: after a PATCH every artifact row reads back with the requested visibility, and the image is still there',
} as const;

const isVisibility = (value: unknown): value is Visibility => value === 'PUBLIC' || value === 'PRIVATE';
const contextLabel = (context: Context): string => (context.kind === 'personal' ? context.principal : `team:${context.teamId}`);

function insider(env: Env, principal: string, image: ModelImage): boolean {
  return image.context.kind === 'personal' ? image.context.principal === principal : (env.teams.get(image.context.teamId)?.has(principal) ?? false);
}

function rowsOf(exchange: Exchange, pointer: 'data' | 'images'): Row[] {
  const body = jsonBody(exchange) as Record<string, unknown> | undefined;
  const rows = body?.[pointer];
  return Array.isArray(rows) ? (rows.filter((row) => typeof row === 'object' && row !== null && typeof (row as Row).id === 'string') as Row[]) : [];
}

function describeRows(rows: ReadonlyMap<string, unknown>): string {
  return [...rows.values()].map((value) => String(value)).join('/') || 'no rows';
}

const imagePath = (image: ModelImage): string => `/api/v1/images/${encodeURIComponent(image.name)}/${encodeURIComponent(image.tag)}`;

/** The query that reads `image` as `principal`, or undefined when the owner's user id is unknown. */
function readQuery(env: Env, principal: string, image: ModelImage): Record<string, string> | undefined {
  if (image.context.kind === 'team') return { teamId: image.context.teamId };
  if (image.context.principal === principal) return {};
  const userId = env.userIds.get(image.context.principal);
  return userId === undefined ? undefined : { ownerId: userId };
}

/** Takes the target's rows of an image into the model (the other suite's mismatch: follow reality). */
function adopt(model: PrimeVisibilityModel, image: ModelImage, rows: readonly Row[]): void {
  if (rows.length === 0) {
    model.images.splice(model.images.indexOf(image), 1);
    return;
  }
  for (const row of rows) if (image.rows.has(row.id) && isVisibility(row.visibility)) image.rows.set(row.id, row.visibility);
}

/**
 * Which image a command acts on: a random sequence's index (modulo the images), or a tour's image key,
 * so the tour addresses the image it chose whatever order the target lists them in.
 */
type ImageRef = number | string;

const pick = (model: PrimeVisibilityModel, ref: ImageRef): ModelImage | undefined =>
  typeof ref === 'string' ? model.images.find((image) => image.key === ref) : model.images[ref % Math.max(model.images.length, 1)];

const refLabel = (ref: ImageRef): string => (typeof ref === 'string' ? ref : `image#${ref}`);

async function patchVisibility(client: VisibilityClient, by: string, image: ModelImage, value: Visibility, teamId: string | undefined): Promise<Exchange> {
  return client.send(by, {
    method: 'PATCH',
    path: `${imagePath(image)}/visibility`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(teamId === undefined ? { visibility: value } : { visibility: value, teamId }),
  });
}

class SetVisibility implements VisibilityCommand<PrimeVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly index: ImageRef,
    readonly value: Visibility,
  ) {}
  check(model: Readonly<PrimeVisibilityModel>): boolean {
    const image = pick(model as PrimeVisibilityModel, this.index);
    if (!image) return false;
    // An outsider PATCHes in its own personal context: only meaningful when it has no name:tag of its own there.
    if (image.context.kind === 'personal' && image.context.principal !== this.by) {
      return !model.images.some((other) => other.context.kind === 'personal' && other.context.principal === this.by && other.name === image.name && other.tag === image.tag);
    }
    return true;
  }
  async run(model: PrimeVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = pick(model, this.index);
    if (!image) return;
    const teamId = image.context.kind === 'team' ? image.context.teamId : undefined;
    const exchange = await patchVisibility(client, this.by, image, this.value, teamId);
    const status = statusOf(exchange);
    const before = describeRows(image.rows);
    client.step(`${this.by} sets ${image.key} (${before}) to ${this.value}${teamId ? ` with teamId ${teamId}` : ''} → ${status}`);
    const answered = rowsOf(exchange, 'images');
    if (!insider(this.env, this.by, image)) {
      if (status !== 404) {
        client.mismatch({
          suiteId: 'visibility_isolation',
          clause: teamId ? CLAUSE.nonMemberPatch : CLAUSE.nonOwnerPatch,
          key: `${teamId ? 'team' : 'personal'}-patch:${status}`,
          expected: '404',
          got: String(status),
          exchange,
        });
        // Follow what the target changed, whichever context it was.
        for (const row of answered) for (const known of model.images) if (known.rows.has(row.id) && isVisibility(row.visibility)) known.rows.set(row.id, row.visibility);
      }
      return;
    }
    const body = jsonBody(exchange) as { visibility?: unknown } | undefined;
    const wrongRows = answered.filter((row) => row.visibility !== this.value);
    const missingRows = [...image.rows.keys()].filter((id) => !answered.some((row) => row.id === id));
    if (status !== 200 || body?.visibility !== this.value || wrongRows.length > 0 || missingRows.length > 0) {
      client.mismatch({
        suiteId: 'visibility_applied',
        clause: CLAUSE.patchAnswer,
        key: status !== 200 ? `patch:${status}` : 'patch-answer',
        expected: `200, visibility ${this.value}, ${image.rows.size} row(s) all ${this.value}`,
        got: `${status}, visibility ${JSON.stringify(body?.visibility)}, rows ${answered.map((row) => String(row.visibility)).join('/') || 'none'}`,
        exchange,
      });
      if (status !== 200) return;
    }
    const readBack = await client.send(this.by, { method: 'GET', path: imagePath(image), query: teamId ? { teamId } : {} });
    const rows = statusOf(readBack) === 200 ? rowsOf(readBack, 'images') : [];
    client.step(`${this.by} reads ${image.key} back → ${statusOf(readBack)} ${rows.map((row) => String(row.visibility)).join('/') || 'no rows'}`);
    for (const id of image.rows.keys()) image.rows.set(id, this.value);
    const stale = [...image.rows.keys()].filter((id) => rows.find((row) => row.id === id)?.visibility !== this.value);
    if (stale.length > 0) {
      client.mismatch({
        suiteId: 'visibility_applied',
        clause: CLAUSE.patchStored,
        key: statusOf(readBack) === 404 ? 'vanished' : 'not-stored',
        expected: `200 with ${image.rows.size} row(s) all ${this.value}`,
        got: `${statusOf(readBack)} ${rows.map((row) => String(row.visibility)).join('/') || 'no rows'}`,
        exchange: readBack,
      });
      adopt(model, image, rows);
    }
  }
  toString(): string {
    return `setVisibility(${this.by}, ${refLabel(this.index)}, ${this.value})`;
  }
}

class Read implements VisibilityCommand<PrimeVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly index: ImageRef,
  ) {}
  check(model: Readonly<PrimeVisibilityModel>): boolean {
    const image = pick(model as PrimeVisibilityModel, this.index);
    return image !== undefined && readQuery(this.env, this.by, image) !== undefined;
  }
  async run(model: PrimeVisibilityModel, client: VisibilityClient): Promise<void> {
    const image = pick(model, this.index);
    const query = image ? readQuery(this.env, this.by, image) : undefined;
    if (!image || !query) return;
    const exchange = await client.send(this.by, { method: 'GET', path: imagePath(image), query });
    const status = statusOf(exchange);
    const rows = status === 200 ? rowsOf(exchange, 'images') : [];
    client.step(`${this.by} reads ${image.key} (${describeRows(image.rows)}) → ${status} ${rows.map((row) => String(row.visibility)).join('/')}`);
    const inside = insider(this.env, this.by, image);
    const expected = new Map([...image.rows].filter(([, visibility]) => inside || visibility === 'PUBLIC'));
    const leaked = rows.filter((row) => image.rows.has(row.id) && !expected.has(row.id));
    if (leaked.length > 0) {
      client.mismatch({
        suiteId: 'visibility_isolation',
        clause: CLAUSE.readPrivate,
        key: 'read-private',
        expected: expected.size === 0 ? '404' : `only the PUBLIC row(s) ${[...expected.keys()].join(', ')}`,
        got: `${status} with PRIVATE row(s) ${leaked.map((row) => row.id).join(', ')}`,
        exchange,
      });
      return;
    }
    const wrong = [...expected].filter(([id, visibility]) => rows.find((row) => row.id === id)?.visibility !== visibility);
    const expectedStatus = expected.size === 0 ? 404 : 200;
    if (status !== expectedStatus || wrong.length > 0) {
      client.mismatch({
        suiteId: 'visibility_applied',
        clause: CLAUSE.readOwn,
        key: `read:${status}:${wrong.length > 0}`,
        expected: expected.size === 0 ? '404' : `200 with ${describeRows(expected)}`,
        got: `${status} ${rows.map((row) => String(row.visibility)).join('/')}`,
        exchange,
      });
      if (inside) adopt(model, image, rows);
    }
  }
  toString(): string {
    return `read(${this.by}, ${refLabel(this.index)})`;
  }
}

class List implements VisibilityCommand<PrimeVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: string,
    readonly filter: Visibility | undefined,
    readonly teamIndex: number | undefined,
  ) {}
  check(): boolean {
    return true;
  }
  #team(): string | undefined {
    const teams = [...this.env.teams.keys()];
    return this.teamIndex === undefined || teams.length === 0 ? undefined : teams[this.teamIndex % teams.length];
  }
  async run(model: PrimeVisibilityModel, client: VisibilityClient): Promise<void> {
    const teamId = this.#team();
    const query: Record<string, string> = teamId ? { teamId } : { include: 'public' };
    if (this.filter) query.visibility = this.filter;
    const exchange = await client.send(this.by, { method: 'GET', path: '/api/v1/images', query });
    const status = statusOf(exchange);
    client.step(`${this.by} lists ${teamId ? `team ${teamId}` : 'with include=public'}${this.filter ? ` visibility=${this.filter}` : ''} → ${status}`);
    if (teamId && !(this.env.teams.get(teamId)?.has(this.by) ?? false)) {
      if (status !== 404) client.mismatch({ suiteId: 'visibility_isolation', clause: CLAUSE.nonMemberList, key: `team-list:${status}`, expected: '404', got: String(status), exchange });
      return;
    }
    if (status !== 200) {
      client.mismatch({ suiteId: 'visibility_applied', clause: CLAUSE.listOwn, key: `list:${status}`, expected: '200', got: String(status), exchange });
      return;
    }
    const listed = new Map(rowsOf(exchange, 'data').map((row) => [row.id, row.visibility]));
    for (const image of model.images) {
      const own = teamId ? image.context.kind === 'team' && image.context.teamId === teamId : insider(this.env, this.by, image) && image.context.kind === 'personal';
      for (const [id, visibility] of image.rows) {
        const present = listed.has(id);
        const matches = this.filter === undefined || this.filter === visibility;
        const expected = matches && (own || (!teamId && visibility === 'PUBLIC'));
        if (present && !expected && !own && visibility === 'PRIVATE') {
          client.mismatch({ suiteId: 'visibility_isolation', clause: CLAUSE.listPrivate, key: 'list-private', expected: `no PRIVATE row of ${image.key} in ${this.by}'s list`, got: `row ${id} listed`, exchange });
        } else if (present !== expected || (present && listed.get(id) !== visibility)) {
          client.mismatch({
            suiteId: 'visibility_applied',
            clause: CLAUSE.listOwn,
            key: `list:${present}:${expected}`,
            expected: expected ? `row ${id} of ${image.key} listed as ${visibility}` : `row ${id} of ${image.key} (${visibility}) not listed`,
            got: present ? `listed as ${String(listed.get(id))}` : 'not listed',
            exchange,
          });
        }
      }
    }
  }
  toString(): string {
    return `list(${this.by}, ${this.#team() ? `team#${this.teamIndex ?? 0}` : 'include=public'}${this.filter ? `, ${this.filter}` : ''})`;
  }
}

function commandsFor(env: Env): fc.Arbitrary<VisibilityCommand<PrimeVisibilityModel>>[] {
  const principal = fc.constantFrom(...env.principals);
  const index = fc.nat({ max: 63 });
  const visibility = fc.constantFrom(...VISIBILITIES);
  const setVisibility = fc.record({ by: principal, index, value: visibility }).map(({ by, index: at, value }) => new SetVisibility(env, by, at, value));
  const read = fc.record({ by: principal, index }).map(({ by, index: at }) => new Read(env, by, at));
  return [
    setVisibility,
    setVisibility,
    read,
    read,
    fc
      .record({ by: principal, filter: fc.option(visibility, { freq: 2 }), team: fc.option(fc.nat({ max: 3 }), { freq: 2 }) })
      .map(({ by, filter, team }) => new List(env, by, filter ?? undefined, team ?? undefined)),
  ];
}

const flip = (value: Visibility): Visibility => (value === 'PUBLIC' ? 'PRIVATE' : 'PUBLIC');

/**
 * The sequence every run walks first, whatever the seed (the random sequences explore on top of it),
 * so each rule is asserted in every run, also one sized down to a request budget: the owner changes an
 * image of its own both ways (the answer, the read-back, every artifact row), another user reads and
 * lists it while PRIVATE and tries to change it, a teammate changes a team image that a non-member
 * then tries to list and change. Built from the images found, by key.
 */
function tourOf(env: Env, images: readonly ModelImage[]): VisibilityCommand<PrimeVisibilityModel>[] {
  const outsider = env.principals.find((name) => name === 'other');
  const baseline = (image: ModelImage): Visibility => [...image.rows.values()][0] ?? 'PRIVATE';
  const ownedBy = (principal: string, image: ModelImage): boolean => image.context.kind === 'personal' && image.context.principal === principal;
  // An outsider's PATCH in its own context only tests isolation when it holds no name:tag of that name itself.
  const clash = (image: ModelImage): boolean => outsider !== undefined && images.some((other) => ownedBy(outsider, other) && other.name === image.name && other.tag === image.tag);
  const personal = images.filter((image) => ownedBy('owner', image) && !clash(image)).sort((a, b) => b.rows.size - a.rows.size)[0];
  const tour: VisibilityCommand<PrimeVisibilityModel>[] = [];
  if (personal) {
    const key = personal.key;
    tour.push(new SetVisibility(env, 'owner', key, flip(baseline(personal))), new SetVisibility(env, 'owner', key, baseline(personal)));
    tour.push(new SetVisibility(env, 'owner', key, 'PRIVATE'), new List(env, 'owner', undefined, undefined));
    if (outsider) tour.push(new Read(env, outsider, key), new List(env, outsider, undefined, undefined), new SetVisibility(env, outsider, key, 'PUBLIC'), new Read(env, 'owner', key));
    tour.push(new SetVisibility(env, 'owner', key, 'PUBLIC'), new List(env, 'owner', 'PUBLIC', undefined));
    if (outsider) tour.push(new Read(env, outsider, key), new List(env, outsider, 'PUBLIC', undefined));
  }
  // Every artifact row of an image with several, if the personal one had only one.
  const multiRow = images.find((image) => image.rows.size > 1 && image.key !== personal?.key && (ownedBy('owner', image) || image.context.kind === 'team'));
  if (multiRow) tour.push(new SetVisibility(env, 'owner', multiRow.key, flip(baseline(multiRow))));
  const teams = [...env.teams.keys()];
  const team = images.find((image) => image.context.kind === 'team');
  if (team && team.context.kind === 'team') {
    const member = env.principals.includes('teammate') ? 'teammate' : 'owner';
    const teamIndex = teams.indexOf(team.context.teamId);
    tour.push(new SetVisibility(env, member, team.key, 'PRIVATE'), new List(env, member, undefined, teamIndex));
    if (outsider) tour.push(new List(env, outsider, undefined, teamIndex), new Read(env, outsider, team.key), new SetVisibility(env, outsider, team.key, 'PUBLIC'), new Read(env, member, team.key));
  }
  return tour;
}

/** Every image of the known contexts, read by a principal of each. */
async function discover(client: VisibilityClient, env: Pick<Env, 'principals' | 'teams' | 'lastList' | 'declared'>): Promise<ModelImage[]> {
  const images = new Map<string, ModelImage>();
  const take = (context: Context, rows: readonly Row[]): void => {
    for (const row of rows) {
      const key = `${contextLabel(context)}/${row.imageName}:${row.imageTag}`;
      const image = images.get(key) ?? { key, context, name: row.imageName, tag: row.imageTag, rows: new Map<string, Visibility>() };
      images.set(key, image);
      if (isVisibility(row.visibility)) image.rows.set(row.id, row.visibility);
    }
  };
  for (const principal of env.principals) {
    const exchange = await client.send(principal, { method: 'GET', path: '/api/v1/images' });
    env.lastList = exchange;
    if (statusOf(exchange) === 200) take({ kind: 'personal', principal }, rowsOf(exchange, 'data'));
  }
  for (const [teamId, members] of env.teams) {
    const member = [...members][0];
    if (member === undefined) continue;
    const exchange = await client.send(member, { method: 'GET', path: '/api/v1/images', query: { teamId } });
    if (statusOf(exchange) === 200) take({ kind: 'team', teamId }, rowsOf(exchange, 'data'));
  }
  return [...images.values()].filter((image) => image.rows.size > 0 && (env.declared === undefined || env.declared.has(image.key)));
}

/** PATCHes every image whose rows differ from the baseline back to it; resolves to what could not be restored. */
async function restore(client: VisibilityClient, env: Env, current: readonly ModelImage[]): Promise<{ left: string[]; changed: boolean }> {
  const left: string[] = [];
  let changed = false;
  for (const image of current) {
    const baseline = env.baseline.get(image.key);
    if (!baseline || [...image.rows].every(([id, visibility]) => baseline.get(id) === visibility)) continue;
    // Rows of one name:tag share a visibility (a PATCH sets them all); a mixed baseline keeps its first row's.
    const value = [...baseline.values()][0];
    const by = image.context.kind === 'personal' ? image.context.principal : [...(env.teams.get(image.context.teamId) ?? [])][0];
    if (!value || !by) continue;
    const teamId = image.context.kind === 'team' ? image.context.teamId : undefined;
    const exchange = await patchVisibility(client, by, image, value, teamId);
    changed = true;
    if (statusOf(exchange) !== 200) left.push(`${image.key}: could not set back to ${value} (${statusOf(exchange)})`);
  }
  for (const key of env.baseline.keys()) if (!current.some((image) => image.key === key)) left.push(`${key}: no longer on the target`);
  return { left, changed };
}

/**
 * The owner's teams: the given ids plus those of PUBLIC team rows it can see, kept when the owner may
 * list them. Membership is the principals' documented roles, not probed (a server that ignores
 * membership would answer every probe): `owner` and `teammate` are in the team, `other` is not.
 */
async function learnTeams(client: VisibilityClient, principals: readonly string[], hints: readonly string[]): Promise<Map<string, Set<string>>> {
  const candidates = new Set(hints);
  const everything = await client.send('owner', { method: 'GET', path: '/api/v1/images', query: { include: 'public' } });
  for (const row of rowsOf(everything, 'data') as (Row & { teamId?: unknown })[]) if (typeof row.teamId === 'string') candidates.add(row.teamId);
  const teams = new Map<string, Set<string>>();
  for (const teamId of candidates) {
    const exchange = await client.send('owner', { method: 'GET', path: '/api/v1/images', query: { teamId } });
    if (statusOf(exchange) === 200) teams.set(teamId, new Set(principals.filter((name) => name === 'owner' || name === 'teammate')));
  }
  return teams;
}

function hasFixtures(fixtures: ApiFixtures | undefined): fixtures is ApiFixtures {
  return fixtures !== undefined && Object.values(fixtures).some((refs) => refs.length > 0);
}

/** A declared fixture's image key, as `discover` keys images: `owner/name:tag`, `team:team-1/name:tag`. */
function fixtureKey(principal: string, ref: FixtureRef): string {
  return `${ref.team_id === undefined ? principal : `team:${ref.team_id}`}/${ref.image_name ?? ''}:${ref.image_tag ?? ''}`;
}

function declaredKeys(fixtures: ApiFixtures): Set<string> {
  return new Set(Object.entries(fixtures).flatMap(([principal, refs]) => refs.map((ref) => fixtureKey(principal, ref))));
}

function declaredTeams(fixtures: ApiFixtures | undefined): string[] {
  return Object.values(fixtures ?? {}).flatMap((refs) => refs.flatMap((ref) => (ref.team_id === undefined ? [] : [ref.team_id])));
}

/** The ledger's name for a fixture's visibility: its PATCH URL, with the context as a fragment (never sent). */
function restoreUrl(client: VisibilityClient, image: ModelImage): string {
  return `${client.runtime.target.replace(/\/+$/, '')}${imagePath(image)}/visibility#${image.key}`;
}

function recordRestore(client: VisibilityClient, env: Env, image: ModelImage): void {
  const value = [...image.rows.values()][0];
  const by = image.context.kind === 'personal' ? image.context.principal : [...(env.teams.get(image.context.teamId) ?? [])][0];
  if (!value || !by) return;
  const body = image.context.kind === 'team' ? { visibility: value, teamId: image.context.teamId } : { visibility: value };
  client.runtime.ledger.record({
    operationId: 'update_image_visibility_api_v1_images__image_name___image_tag__visibility_patch',
    url: restoreUrl(client, image),
    principal: by,
    createdAt: new Date().toISOString(),
    restore: { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
  });
}

/** Prime's visibility suites; `teamIds` names teams to try besides those found in PUBLIC rows. */
export function primeVisibility(options: { readonly teamIds?: readonly string[] } = {}): VisibilityDefinition<PrimeVisibilityModel> {
  return {
    api: 'prime',
    label: 'Prime',
    requiredPrincipals: ['owner', 'other'],
    skipReason: (settings) =>
      settings.ownsTarget || hasFixtures(settings.fixtures)
        ? undefined
        : 'Prime has no create: the sequences change the visibility of images already there, which conform does only on a target it started itself or on images declared with --fixtures (see the README)',
    async prepare(client): Promise<VisibilityProgram<PrimeVisibilityModel> | string> {
      const principals = ['owner', 'teammate', 'other'].filter((name) => client.has(name));
      const settings = client.runtime.settings;
      const teams = await learnTeams(client, principals, [...(options.teamIds ?? []), ...declaredTeams(settings.fixtures)]);
      // Declared fixtures, when given, are the only images the sequences touch (also on conform's own server).
      const declared = hasFixtures(settings.fixtures) ? declaredKeys(settings.fixtures) : undefined;
      const env: Env = { principals, userIds: new Map(), teams, baseline: new Map(), ...(declared ? { declared } : {}) };
      const images = await discover(client, env);
      // Each declared fixture was read before the run changed anything (the preflight); one gone now
      // left after a PATCH of an earlier suite, the only change the run makes.
      const gone = declared ? [...declared].filter((key) => !images.some((image) => image.key === key)) : [];
      if (gone.length > 0 && env.lastList) {
        client.mismatch({
          suiteId: 'visibility_applied',
          clause: CLAUSE.patchStored,
          key: 'vanished',
          expected: `${gone.join(', ')} on the target (declared fixtures, read before the run changed anything; the run only changes visibility)`,
          got: 'gone',
          exchange: env.lastList,
        });
      }
      if (!images.some((image) => image.context.kind === 'personal' && image.context.principal === 'owner')) {
        if (gone.length > 0) return `the declared fixtures ${gone.join(', ')} are gone from the target (visibility_applied reports it): nothing left to change`;
        return declared
          ? "no declared fixture is an image in the owner's personal context: declare one under prime.owner in the fixtures file"
          : "the owner has no image in its personal context: Prime has no create, so there is nothing to change";
      }
      for (const image of images) {
        env.baseline.set(image.key, new Map(image.rows));
        // Written down before anything changes, so `conform cleanup` can put a fixture back after a crash.
        if (declared) recordRestore(client, env, image);
      }
      // displayRef is `{userId}/name:tag` for personal rows: the ownerId another user reads the image with.
      for (const principal of principals) {
        const own = await client.send(principal, { method: 'GET', path: '/api/v1/images' });
        for (const row of [...rowsOf(own, 'data')]) {
          const ref = typeof row.displayRef === 'string' ? row.displayRef : '';
          const slash = ref.indexOf('/');
          if (slash > 0 && ref.slice(slash + 1) === `${row.imageName}:${row.imageTag}`) env.userIds.set(principal, ref.slice(0, slash));
        }
      }
      return {
        commands: commandsFor(env),
        tours: [tourOf(env, images)],
        reset: async () => {
          let current = await discover(client, env);
          if ((await restore(client, env, current)).changed) current = await discover(client, env);
          const gone = [...env.baseline.keys()].filter((key) => !current.some((image) => image.key === key));
          if (gone.length > 0 && env.lastList) {
            // Prime has no delete and the run only changes visibility: an image that left did so after a PATCH.
            client.mismatch({
              suiteId: 'visibility_applied',
              clause: CLAUSE.patchStored,
              key: 'vanished',
              expected: `${gone.join(', ')} still on the target (the run only changed visibility)`,
              got: 'gone',
              exchange: env.lastList,
            });
          }
          return { images: current };
        },
        cleanup: async () => {
          const { left } = await restore(client, env, await discover(client, env));
          if (declared && left.length === 0) for (const image of images) client.runtime.ledger.markRemoved(restoreUrl(client, image));
          return left;
        },
      };
    },
  };
}
