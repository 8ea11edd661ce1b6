/**
 * The visibility suites of any document, from its declaration's rule table: the engine of the
 * built-in APIs' visibility suites (VisibilityRun, fast-check model-based sequences) with commands that
 * know nothing of an API but what the declaration says (declared-visibility-commands.ts). Each
 * command's expectation comes from the rules (declared-visibility-rules.ts); the tour, run first
 * whatever the seed, asserts every rule of every state once: each caller reads each state, lists each
 * list, and tries to change what is not its.
 */
import fc from 'fast-check';
import { casesForOperation } from '../../generate/cases.ts';
import type { Case } from '../../generate/case.ts';
import { deriveSeed } from '../../generate/derive-seed.ts';
import type { ApiModel } from '../../openapi/types.ts';
import { resolveDeclaration } from '../../openapi/declaration/resolve-declaration.ts';
import { loadSuiteApi } from '../suite-api.ts';
import { leastFirst } from './declared-resource.ts';
import { updateProbeOf } from './update-probe.ts';
import { createNamesState, declaredVisibilities, movableBy, othersOf, setterOf, settersOf, type Caller, type DeclaredVisibility } from './declared-visibility-rules.ts';
import { Change, Create, CREATE_CASES, FetchLinks, isJson, List, Read, success, type ChangeKind, type DeclaredVisibilityModel, type Env } from './declared-visibility-commands.ts';
import { statusOf } from './visibility-client.ts';
import type { VisibilityCommand, VisibilityDefinition, VisibilityProgram } from './visibility-run.ts';

export type { DeclaredVisibilityModel } from './declared-visibility-commands.ts';

function actorsOf(env: Env, declared: DeclaredVisibility): readonly string[] {
  return env.principals.get(declared.name) ?? ['owner', ...othersOf(declared).slice(0, 1)];
}

/** Who creates items: the owner and the first other principal (the rest only read, list and try to change). */
function creatorsOf(declared: DeclaredVisibility): string[] {
  return ['owner', ...othersOf(declared).slice(0, 1)];
}

function callersOf(env: Env, declared: DeclaredVisibility): Caller[] {
  return [...actorsOf(env, declared), ...(declared.anonymous ? [null] : [])];
}

function commandsFor(env: Env, resources: readonly DeclaredVisibility[]): fc.Arbitrary<VisibilityCommand<DeclaredVisibilityModel>>[] {
  const index = fc.nat({ max: 7 });
  const commands: fc.Arbitrary<VisibilityCommand<DeclaredVisibilityModel>>[] = [];
  for (const declared of resources) {
    const caller = fc.constantFrom<Caller>(...callersOf(env, declared));
    // The owner creates most; the others' items give each list someone else's to hide.
    const creator = fc.constantFrom(...creatorsOf(declared), 'owner', 'owner');
    const state = fc.constantFrom<string | undefined>(...declared.states, ...(declared.visibility.field ? [undefined] : []));
    commands.push(fc.record({ by: creator, state }).map(({ by, state: chosen }) => new Create(env, declared, by, chosen)));
    for (const judged of declared.lists) commands.push(fc.record({ by: caller, anchor: index }).map(({ by, anchor }) => new List(declared, judged, by, anchor)));
    const setters = settersOf(declared).filter((name) => !env.absent.has(name));
    if (movableBy(declared)) commands.push(fc.record({ by: fc.constantFrom<Caller>(...callersOf(env, declared), 'owner', 'owner', ...setters), at: index, to: fc.constantFrom(...declared.states) }).map(({ by, at, to }) => new Change(env, by, at, { move: to })));
  }
  const anyCaller = fc.constantFrom<Caller>(...new Set(resources.flatMap((declared) => actorsOf(env, declared))), ...(resources.some((declared) => declared.anonymous) ? [null] : []));
  commands.push(fc.record({ by: anyCaller, at: index }).map(({ by, at }) => new Read(by, at)));
  commands.push(fc.record({ by: anyCaller, at: index }).map(({ by, at }) => new Read(by, at)));
  commands.push(fc.record({ by: anyCaller, at: index, kind: fc.constantFrom<ChangeKind>('update', 'delete') }).map(({ by, at, kind }) => new Change(env, by, at, kind)));
  if (resources.some((declared) => declared.visibility.link)) commands.push(index.map((at) => new FetchLinks(at)));
  return commands;
}

/**
 * The sequence every run starts with, generated from the rule table: the owner creates one item in
 * every state (and one leaving the state to its default), another principal one too; every caller
 * reads each, walks each list (an owner list once for each owner), and tries to update, delete and
 * move what is not its own; then the owner moves its first item through every other state, each
 * followed by the others' reads and lists. Every rule of every state is asserted in every run.
 */
function tourOf(env: Env, resources: readonly DeclaredVisibility[]): VisibilityCommand<DeclaredVisibilityModel>[] {
  const tour: VisibilityCommand<DeclaredVisibilityModel>[] = [];
  let created = 0;
  for (const declared of resources) {
    // The principals beyond the creators (a test key's quota may be a tenth of a live key's) probe the
    // first item only: read, list, move and delete once; the creators and no credential probe every item.
    const creators = creatorsOf(declared);
    const probers = actorsOf(env, declared).filter((name) => !creators.includes(name));
    const callers = callersOf(env, declared).filter((caller) => caller === null || creators.includes(caller));
    const others = callers.filter((caller) => caller !== 'owner');
    const first = created;
    // An item in each state: created in it; or, in a state only another principal sets, the create in
    // it refused (a field), or the item created in the default state and the creator's move refused
    // (an action), then that principal moves one there (none when the principals file lacks it).
    const createIn = (by: string, state: string): number | undefined => {
      tour.push(new Create(env, declared, by, state));
      const setter = setterOf(declared, state);
      if (setter === undefined) return created++;
      if (createNamesState(declared)) {
        if (env.absent.has(setter)) return undefined;
        tour.push(new Create(env, declared, by, declared.visibility.default));
      }
      if (!env.absent.has(setter)) tour.push(new Change(env, setter, created, { move: state }));
      return created++;
    };
    const made = (index: number | undefined): index is number => index !== undefined;
    const owned: number[] = declared.states.map((state) => createIn('owner', state)).filter(made);
    if (declared.visibility.field) {
      tour.push(new Create(env, declared, 'owner', undefined));
      owned.push(created++);
    }
    const theirs: number[] = [];
    for (const other of creatorsOf(declared).filter((name) => name !== 'owner')) {
      theirs.push(...declared.states.map((state) => createIn(other, state)).filter(made));
    }
    for (const at of [...owned, ...theirs]) for (const caller of callers) tour.push(new Read(caller, at));
    // An owner list is walked for the owner's items (the resource's first) and for another's.
    const anchors = [0, ...(theirs.length > 0 ? [(theirs[0] ?? 0) - first] : [])];
    for (const judged of declared.lists) {
      for (const caller of callers) for (const anchor of judged.list.params ? anchors : [0]) tour.push(new List(declared, judged, caller, anchor));
    }
    for (const at of owned) {
      for (const other of others) {
        tour.push(new Change(env, other, at, 'update'));
        for (const state of declared.states) if (movableBy(declared)) tour.push(new Change(env, other, at, { move: state }));
        tour.push(new Change(env, other, at, 'delete'));
      }
    }
    for (const prober of probers) {
      tour.push(new Read(prober, first));
      for (const judged of declared.lists) tour.push(new List(declared, judged, prober, 0));
      for (const state of declared.states) if (movableBy(declared)) tour.push(new Change(env, prober, first, { move: state }));
      tour.push(new Change(env, prober, first, 'delete'));
    }
    if (movableBy(declared)) {
      for (const state of [...declared.states.slice(1), declared.states[0] ?? '']) {
        // The owner's move into a state only another sets is refused; that principal's is not.
        tour.push(new Change(env, 'owner', first, { move: state }));
        const setter = setterOf(declared, state);
        if (setter !== undefined && !env.absent.has(setter)) tour.push(new Change(env, setter, first, { move: state }));
        for (const caller of callers) tour.push(new Read(caller, first));
        for (const judged of declared.lists) for (const caller of others) tour.push(new List(declared, judged, caller, 0));
      }
      // The links its first item left on the way stay gone.
      if (declared.visibility.link) tour.push(new FetchLinks(0));
    }
  }
  return tour;
}

/** How a run names the suites: the API seeds derive from, and the label reports show. */
export interface VisibilityNaming {
  readonly api: string;
  readonly label: string;
}

/** The declared resources' visibility suites: `owner` and `other` required; anybody without credentials where the rules admit it. */
export function declaredVisibilityDefinition(model: ApiModel, resources: readonly DeclaredVisibility[], naming?: VisibilityNaming): VisibilityDefinition<DeclaredVisibilityModel> {
  return {
    api: naming?.api ?? 'custom',
    label: naming?.label ?? resources.map((declared) => declared.name).join(', '),
    // A principal some state's rule names as its only setter (Glance's admin) is needed too.
    // A setter (Glance's admin) is not required: without it the states only it sets are reported untested.
    requiredPrincipals: [...new Set(['owner', ...resources.flatMap((declared) => creatorsOf(declared))])],
    prepare(client): Promise<VisibilityProgram<DeclaredVisibilityModel> | string> {
      const seed = client.runtime.settings.seed;
      const createCases = new Map<string, readonly Case[]>();
      const updateCases = new Map<string, readonly Case[]>();
      const probeUpdates = new Map<string, (value: string) => { readonly contentType: string; readonly body: string }>();
      for (const declared of resources) {
        const cases = leastFirst(model, declared.create, casesForOperation(model, declared.create, { count: CREATE_CASES, seed: deriveSeed(seed, 'declared-visibility', declared.create.id), mode: 'positive' }));
        if (cases.length === 0) return Promise.resolve(`no positive request of ${declared.create.label} could be generated`);
        if (declared.visibility.field && !cases.every(isJson)) return Promise.resolve(`${declared.create.label} takes no JSON body to set ${declared.visibility.field} in`);
        createCases.set(declared.name, cases);
        if (!declared.update) continue;
        // Another principal's update is a change the owner could have made, so a refusal can only be for the item being another's.
        const probe = updateProbeOf(model, declared.update, declared.read);
        if (probe) probeUpdates.set(declared.name, probe.request);
        else updateCases.set(declared.name, casesForOperation(model, declared.update, { count: 8, seed: deriveSeed(seed, 'declared-visibility', declared.update.id), mode: 'positive' }));
      }
      // The principals after the first other are used when the principals file has them.
      const principals = new Map(resources.map((declared) => [declared.name, ['owner', ...othersOf(declared).filter((name, at) => at === 0 || client.has(name))]] as const));
      const absent = new Set(resources.flatMap(settersOf).filter((name) => !client.has(name)));
      const env: Env = { principals, created: new Map(), createCases, updateCases, probeUpdates, absent };
      const untested = resources.flatMap((declared) =>
        declared.states
          .filter((state) => absent.has(setterOf(declared, state) ?? ''))
          .map((state) => ({
            label: `${declared.name}: ${state}`,
            reason: `only '${setterOf(declared, state) ?? ''}' puts ${declared.name} items into '${state}' (setBy) and the principals file has no '${setterOf(declared, state) ?? ''}': no ${state} ${declared.name} was read, listed or changed (the owner's create and move into it were still judged)`,
          })),
      );
      const sweep = async (): Promise<string[]> => {
        const left: string[] = [];
        const target = client.runtime.target.replace(/\/+$/, '');
        for (const [path, { by, method }] of [...env.created]) {
          const status = statusOf(await client.send(by, { method, path }));
          if (success(status) || status === 404 || status === 410) {
            env.created.delete(path);
            client.runtime.ledger.markRemoved(`${target}${path}`);
          } else left.push(`${target}${path} (${method} answered ${status})`);
        }
        return left;
      };
      return Promise.resolve({
        commands: commandsFor(env, resources),
        tours: [tourOf(env, resources)],
        reset: async () => {
          await sweep();
          return { items: [] };
        },
        cleanup: sweep,
        ...(untested.length > 0 ? { untested } : {}),
      });
    },
  };
}

/**
 * The visibility suites of the run's own document, from its declaration (a built-in API's: IMG's
 * x-conform), resolved when the suites start: the document is the run's, loaded once per worker.
 */
export function documentVisibilityDefinition(naming: VisibilityNaming): VisibilityDefinition<DeclaredVisibilityModel> {
  return {
    ...naming,
    requiredPrincipals: ['owner', 'other'],
    async prepare(client): Promise<VisibilityProgram<DeclaredVisibilityModel> | string> {
      const model = await loadSuiteApi(client.runtime.settings.sources);
      const { ruled, unruled } = declaredVisibilities(model, resolveDeclaration(model).declaration);
      if (ruled.length === 0) return unruled.length > 0 ? `no visibility rules to run: ${unruled.join('; ')}` : 'the document declares no visibility';
      const definition = declaredVisibilityDefinition(model, ruled, naming);
      const missing = definition.requiredPrincipals.filter((name) => !client.has(name));
      if (missing.length > 0) return `needs the principal${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(', ')} (add ${missing.length > 1 ? 'them' : 'it'} to the principals file)`;
      return definition.prepare(client);
    },
  };
}
