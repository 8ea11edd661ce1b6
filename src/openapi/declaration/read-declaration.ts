import { ConfigInvalidError, SpecInvalidError } from '../../errors.ts';
import { pointerSegments, toPointer } from '../json-pointer.ts';
import type { ApiModel, LoadWarning, Operation } from '../types.ts';
import type { ConfigDeclaration, Declaration, PaginationDeclaration, Provenance, RateLimitDeclaration, ResourceDeclaration, WrittenDeclaration } from './declaration.ts';
import { declarationProblem, type DeclarationPart } from './declaration-schema.ts';

/** Options of {@link readDeclaration}. */
export interface ReadDeclarationOptions {
  readonly config?: ConfigDeclaration;
  /** A malformed `x-pagination`/`x-rate-limit` is an error, not a warning. */
  readonly strict?: boolean;
}

// A config key's path as the user wrote it: `declaration.pagination.gists/list.pageParam`.
const configPath = (pointer: string): string => pointerSegments(pointer).map((segment) => `.${segment}`).join('');

/**
 * Reads what the user wrote: the document's `x-conform` (root) and each operation's `x-pagination`
 * and `x-rate-limit`, then the config's `declaration`, which wins part by part (a document the user
 * cannot edit is completed or corrected from the config). Anything malformed or naming what the
 * document lacks is one error naming its place: the document's pointer (SpecInvalidError) or the
 * config's path (ConfigInvalidError), both exit 2. Other tools use the names `x-pagination` and
 * `x-rate-limit` too: one of another shape is a warning and left out (an error under `strict`);
 * `x-conform` is conform's own.
 */
export function readDeclaration(model: ApiModel, options: ReadDeclarationOptions = {}): WrittenDeclaration {
  const config = options.config;
  const warnings: LoadWarning[] = [];
  const source = model.sources[0] ?? 'document';
  const resources: Record<string, ResourceDeclaration> = {};
  const pagination: Record<string, PaginationDeclaration> = {};
  const rateLimits: Record<string, RateLimitDeclaration> = {};
  const provenance: Provenance[] = [];
  const documentError = (pointer: string, message: string): SpecInvalidError => new SpecInvalidError(source, pointer, `declaration: ${message}`);

  const root = model.extensions['x-conform'];
  if (root !== undefined) {
    const checked = checkPart('declaration', root, '/x-conform', documentError);
    const fromRoot = checked as { resources?: Record<string, ResourceDeclaration>; pagination?: Record<string, PaginationDeclaration>; rateLimits?: Record<string, RateLimitDeclaration> };
    for (const [name, resource] of Object.entries(fromRoot.resources ?? {})) {
      resources[name] = resource;
      provenance.push({ pointer: toPointer(['resources', name]), origin: 'document' });
    }
    Object.assign(pagination, fromRoot.pagination ?? {});
    Object.assign(rateLimits, fromRoot.rateLimits ?? {});
  }
  const onOperation = (operation: Operation, key: 'x-pagination' | 'x-rate-limit', part: DeclarationPart): boolean => {
    const value = operation.extensions[key];
    if (value === undefined) return false;
    const problem = declarationProblem(part, value);
    if (!problem) return true;
    const pointer = `${operation.pointer}/${key}${problem.pointer}`;
    if (options.strict) throw documentError(pointer, problem.message);
    warnings.push({ source, pointer, message: `${key} is not conform's (${problem.message}): left out of the declaration`, unusableOperations: [] });
    return false;
  };
  for (const operation of model.operations) {
    if (onOperation(operation, 'x-pagination', 'pagination')) {
      pagination[operation.id] = operation.extensions['x-pagination'] as PaginationDeclaration;
      provenance.push({ pointer: toPointer(['pagination', operation.id]), origin: 'document' });
    }
    if (onOperation(operation, 'x-rate-limit', 'rateLimit')) {
      rateLimits[operation.id] = operation.extensions['x-rate-limit'] as RateLimitDeclaration;
      provenance.push({ pointer: toPointer(['rateLimits', operation.id]), origin: 'document' });
    }
  }

  if (config?.value !== undefined) {
    const configError = (pointer: string, message: string): ConfigInvalidError => new ConfigInvalidError(`${config.source}: declaration${configPath(pointer)}: ${message}`);
    const written = checkPart('declaration', config.value, '', configError) as Partial<Declaration>;
    for (const [part, target] of [['resources', resources], ['pagination', pagination], ['rateLimits', rateLimits]] as const) {
      for (const [key, value] of Object.entries(written[part] ?? {})) {
        (target as Record<string, unknown>)[key] = value;
        provenance.push({ pointer: toPointer([part, key]), origin: 'config' });
      }
    }
  }

  const declaration: Declaration = { resources, pagination, rateLimits };
  checkReferences(model, declaration, provenance, documentError, config);
  return { declaration, provenance, warnings };
}

function checkPart(part: DeclarationPart, value: unknown, at: string, error: (pointer: string, message: string) => Error): unknown {
  const problem = declarationProblem(part, value);
  if (problem) throw error(`${at}${problem.pointer}`, problem.message);
  return value;
}

/** What the declaration names must exist: operations, their path and query parameters, visibility states. */
function checkReferences(
  model: ApiModel,
  declaration: Declaration,
  provenance: readonly Provenance[],
  documentError: (pointer: string, message: string) => Error,
  config: ConfigDeclaration | undefined,
): void {
  const byId = new Map(model.operations.map((operation) => [operation.id, operation]));
  const fail = (pointer: string, message: string): never => {
    const origin = provenance.findLast((entry) => pointer.startsWith(entry.pointer))?.origin;
    if (origin === 'config' && config) throw new ConfigInvalidError(`${config.source}: declaration${configPath(pointer)}: ${message}`);
    throw documentError(documentPointer(model, pointer), message);
  };
  const operation = (pointer: string, id: string): Operation => byId.get(id) ?? fail(pointer, `no operation '${id}' in the document`);
  for (const [name, resource] of Object.entries(declaration.resources)) {
    const at = toPointer(['resources', name]);
    const create = operation(`${at}/create`, resource.create);
    if (resource.id.from === 'path' && !create.parameters.some((parameter) => parameter.in === 'path' && parameter.name === resource.idParameter)) {
      fail(`${at}/id`, `the id comes from the path, but '${resource.idParameter}' is not a path parameter of the create operation '${resource.create}' (${create.label})`);
    }
    for (const role of ['read', 'update', 'delete'] as const) {
      const id = resource[role];
      if (id === undefined) continue;
      const found = operation(`${at}/${role}`, id);
      if (!found.parameters.some((parameter) => parameter.in === 'path' && parameter.name === resource.idParameter)) {
        fail(`${at}/idParameter`, `'${resource.idParameter}' is not a path parameter of ${role} operation '${id}' (${found.label})`);
      }
    }
    if (resource.list !== undefined) operation(`${at}/list`, resource.list);
    const visibility = resource.visibility;
    if (!visibility) continue;
    const states = Object.keys(visibility.values ?? visibility.actions ?? {});
    if (visibility.rules) for (const state of states) if (!visibility.rules[state]) fail(`${at}/visibility/rules`, `no rule for state '${state}'`);
    for (const [state, rule] of Object.entries(visibility.rules ?? {})) {
      // The owner creates, so an item gets into a state only another principal sets by a move.
      const movable = visibility.actions?.[state] !== undefined || (visibility.updatable === true && resource.update !== undefined);
      if (rule.setBy !== undefined && state === visibility.default) fail(`${at}${toPointer(['visibility', 'rules', state, 'setBy'])}`, `'${state}' is the default state: every create puts an item there, not only ${rule.setBy}`);
      if (rule.setBy !== undefined && !movable) fail(`${at}${toPointer(['visibility', 'rules', state, 'setBy'])}`, `only ${rule.setBy} puts an item into '${state}', by a move: give '${state}' an action, or make the field updatable (updatable: true, with an update operation)`);
    }
    if (!states.includes(visibility.default)) fail(`${at}/visibility/default`, `'${visibility.default}' is not one of the states ${JSON.stringify(states)}`);
    for (const [state, id] of Object.entries(visibility.actions ?? {})) operation(`${at}${toPointer(['visibility', 'actions', state])}`, id);
    for (const state of visibility.link?.states ?? []) if (!states.includes(state)) fail(`${at}/visibility/link/states`, `'${state}' is not one of the states ${JSON.stringify(states)}`);
    if (visibility.principals?.includes('owner')) fail(`${at}/visibility/principals`, "'owner' is always the first principal: list the others");
    for (const [id, list] of Object.entries(visibility.lists ?? {})) {
      const listAt = `${at}${toPointer(['visibility', 'lists', id])}`;
      const found = operation(listAt, id);
      for (const state of list.states ?? []) if (!states.includes(state)) fail(`${listAt}/states`, `'${state}' is not one of the states ${JSON.stringify(states)}`);
      const pathNames = found.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
      for (const name of Object.keys(list.params ?? {})) if (!pathNames.includes(name)) fail(`${listAt}/params`, `'${name}' is not a path parameter of ${found.label}`);
      const unfilled = pathNames.filter((name) => list.params?.[name] === undefined);
      if (unfilled.length > 0) fail(`${listAt}/params`, `${found.label} needs ${unfilled.map((name) => `'${name}'`).join(', ')}: say which item field gives ${unfilled.length > 1 ? 'each' : 'it'}`);
      if (list.shows === 'owner' && pathNames.length === 0) fail(`${listAt}/shows`, `'owner' lists one owner's items, named by a path parameter, and ${found.label} has none`);
    }
  }
  for (const [id, paging] of Object.entries(declaration.pagination)) {
    const at = toPointer(['pagination', id]);
    const list = operation(at, id);
    const query = new Set(list.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
    for (const key of ['pageSizeParam', 'cursorParam', 'offsetParam', 'pageParam'] as const) {
      const name = paging[key];
      if (name !== undefined && !query.has(name)) fail(`${at}/${key}`, `'${name}' is not a query parameter of ${list.label}`);
    }
    for (const name of Object.keys(paging.filters ?? {})) if (!query.has(name)) fail(`${at}/filters`, `'${name}' is not a query parameter of ${list.label}`);
    for (const key of ['keyParam', 'directionParam'] as const) {
      const name = paging.sort?.[key];
      if (name !== undefined && !query.has(name)) fail(`${at}/sort/${key}`, `'${name}' is not a query parameter of ${list.label}`);
    }
    if (paging.sort && paging.sort.directionParam === undefined && paging.sort.defaultDirection === undefined) fail(`${at}/sort`, 'with no directionParam, say the one direction its keys sort in (defaultDirection: asc or desc)');
  }
  for (const id of Object.keys(declaration.rateLimits)) operation(toPointer(['rateLimits', id]), id);
}

// A part written on an operation is reported at that operation's extension.
function documentPointer(model: ApiModel, pointer: string): string {
  const [part, id] = pointerSegments(pointer);
  const rest = pointer.split('/').slice(3);
  const operation = model.operations.find((candidate) => candidate.id === id);
  if (operation && part === 'pagination' && operation.extensions['x-pagination'] !== undefined) return [`${operation.pointer}/x-pagination`, ...rest].join('/');
  if (operation && part === 'rateLimits' && operation.extensions['x-rate-limit'] !== undefined) return [`${operation.pointer}/x-rate-limit`, ...rest].join('/');
  return `/x-conform${pointer}`;
}
