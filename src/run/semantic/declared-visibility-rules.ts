import { isDeepStrictEqual } from 'node:util';
import type { Declaration, PaginationDeclaration, ResourceDeclaration, VisibilityDeclaration, VisibilityList, VisibilityRule } from '../../openapi/declaration/declaration.ts';
import type { ApiModel, Operation } from '../../openapi/types.ts';
import { creatable } from './declared-resource.ts';

/** A list whose contents the rules judge: the operation, whose items it holds, and how it pages. */
export interface JudgedList {
  readonly operation: Operation;
  readonly list: VisibilityList;
  readonly pagination?: PaginationDeclaration;
}

/** A resource whose visibility rules are written: what the visibility suites need of it, resolved against the document. */
export interface DeclaredVisibility {
  readonly name: string;
  readonly resource: ResourceDeclaration;
  readonly visibility: VisibilityDeclaration & { readonly rules: Readonly<Record<string, VisibilityRule>> };
  /** Its states, in the declaration's order. */
  readonly states: readonly string[];
  readonly create: Operation;
  readonly read?: Operation;
  readonly update?: Operation;
  readonly remove?: Operation;
  /** State → the operation that moves an item there (publish/unpublish). */
  readonly actions: ReadonlyMap<string, Operation>;
  readonly lists: readonly JudgedList[];
  /** Whether a request with no credential is judged. */
  readonly anonymous: boolean;
}

/** What the rule table itself is: a resource's states and its visibility declaration, rules written. */
export type RuleTable = Pick<DeclaredVisibility, 'states' | 'visibility'>;

/** Who sends a request: a principal's name, or null for none. */
export type Caller = string | null;

/** An item as the rules see it: who created it and its state. */
export interface RuledItem {
  readonly owner: string;
  readonly state: string;
}

const byIdIn = (model: ApiModel) => (id: string | undefined): Operation | undefined => (id === undefined ? undefined : model.operations.find((operation) => operation.id === id));

// A security list with an empty alternative (or none at all) lets a request without credentials through.
const admitsNoCredential = (operation: Operation | undefined): boolean => !operation || operation.security.length === 0 || operation.security.some((requirement) => Object.keys(requirement).length === 0);

/**
 * The resources of a declaration whose visibility rules are written, with their operations found,
 * and why each other resource with a visibility is left out (no rules yet; a create under a parent).
 */
export function declaredVisibilities(model: ApiModel, declaration: Pick<Declaration, 'resources' | 'pagination'>): { readonly ruled: DeclaredVisibility[]; readonly unruled: string[] } {
  const byId = byIdIn(model);
  const ruled: DeclaredVisibility[] = [];
  const unruled: string[] = [];
  for (const [name, resource] of Object.entries(declaration.resources)) {
    const visibility = resource.visibility;
    if (!visibility) continue;
    const create = byId(resource.create);
    if (!visibility.rules) {
      unruled.push(`${name}: its visibility rules are not written yet (who reads, lists and changes each state)`);
      continue;
    }
    if (!create || !creatable(create, resource)) {
      unruled.push(`${name}: ${create?.label ?? resource.create} needs path parameters the declaration does not give`);
      continue;
    }
    const states = Object.keys(visibility.values ?? visibility.actions ?? {});
    const actions = new Map<string, Operation>();
    for (const [state, id] of Object.entries(visibility.actions ?? {})) {
      const operation = byId(id);
      if (operation) actions.set(state, operation);
    }
    const written = visibility.lists ?? (resource.list === undefined ? {} : { [resource.list]: { shows: 'everyone' } satisfies VisibilityList });
    const lists: JudgedList[] = [];
    for (const [id, list] of Object.entries(written)) {
      const operation = byId(id);
      const pagination = declaration.pagination[id];
      if (operation) lists.push({ operation, list, ...(pagination ? { pagination } : {}) });
    }
    const read = byId(resource.read);
    const update = byId(resource.update);
    const remove = byId(resource.delete);
    ruled.push({
      name,
      resource,
      visibility: { ...visibility, rules: visibility.rules },
      states,
      create,
      ...(read ? { read } : {}),
      ...(update ? { update } : {}),
      ...(remove ? { remove } : {}),
      actions,
      lists,
      anonymous: visibility.anonymous ?? admitsNoCredential(read),
    });
  }
  return { ruled, unruled };
}

/** The rule of an item's state. */
export function ruleOf(declared: RuleTable, state: string): VisibilityRule {
  const rule = declared.visibility.rules[state];
  if (!rule) throw new Error(`no rule for state '${state}'`);
  return rule;
}

/** Whether `caller` may read the item by id. */
export function mayRead(declared: RuleTable, item: RuledItem, caller: Caller): boolean {
  return caller === item.owner || ruleOf(declared, item.state).read === 'anyone';
}

/** Whether `caller` may change (update, delete, move) the item: its owner only. */
export function mayChange(item: RuledItem, caller: Caller): boolean {
  return caller === item.owner;
}

/**
 * The statuses that are the rule's refusal for a caller it leaves out: the declared one; with no
 * credential, also 401 (and 403), the usual answers to a request that must authenticate first.
 */
export function refusalsFor(declared: RuleTable, item: RuledItem, caller: Caller): readonly number[] {
  const declaredStatus = ruleOf(declared, item.state).refusal;
  return caller === null ? [...new Set([declaredStatus, 401, 403])] : [declaredStatus];
}

/**
 * Whether a list, called by `caller`, holds the item. `boundOwner` is the owner an `owner` list was
 * called for (its path parameters filled from one of that owner's items).
 */
export function listHolds(declared: RuleTable, list: VisibilityList, item: RuledItem, caller: Caller, boundOwner?: string): boolean {
  if (list.states && !list.states.includes(item.state)) return false;
  if (list.shows === 'caller') return caller === item.owner;
  if (list.shows === 'owner' && item.owner !== boundOwner) return false;
  return caller === item.owner || ruleOf(declared, item.state).listed === 'anyone';
}

/** Whether a list may be judged for `caller`: a list of the caller's own means nothing without one. */
export function listJudgedFor(list: VisibilityList, caller: Caller): boolean {
  return !(list.shows === 'caller' && caller === null);
}

/** The principal who alone puts an item into `state`, when the rule names one other than the owner. */
export function setterOf(declared: RuleTable, state: string): string | undefined {
  return declared.visibility.rules[state]?.setBy;
}

/** Every principal some state's rule names as its only setter (the runs need them). */
export function settersOf(declared: RuleTable): string[] {
  return [...new Set(declared.states.map((state) => setterOf(declared, state)).filter((name) => name !== undefined))];
}

/**
 * Whether `caller` may move the item into `state`: its owner, unless only another principal sets that
 * state; that principal, whoever owns the item. Undefined where the rules say nothing (a setter moving
 * an item into a state that is not its, out of one for instance): no rule to judge it by.
 */
export function mayMove(declared: RuleTable, item: RuledItem, caller: Caller, state: string): boolean | undefined {
  const setter = setterOf(declared, state);
  if (setter !== undefined && caller === setter) return true;
  if (caller !== null && caller !== item.owner && settersOf(declared).includes(caller)) return undefined;
  return caller === item.owner && setter === undefined;
}

/** What a caller the rules refuse gets for moving the item into `state` (or creating it there): the owner kept out of another's state gets `setRefusal`. */
export function moveRefusals(declared: RuleTable, item: RuledItem, caller: Caller, state: string): readonly number[] {
  if (caller === item.owner && setterOf(declared, state) !== undefined) return [declared.visibility.rules[state]?.setRefusal ?? 403];
  return refusalsFor(declared, item, caller);
}

/** Who the suites act as besides the owner, the first required (it creates too): the declared ones, or `other`. */
export function othersOf(declared: RuleTable): readonly string[] {
  return declared.visibility.principals ?? ['other'];
}

/** Whether an item in `state` is served at its public link. */
export function linkedIn(declared: RuleTable, state: string): boolean {
  return declared.visibility.link?.states.includes(state) ?? false;
}

/** The state whose declared value is `value`, if any. */
export function stateOfValue(declared: RuleTable, value: unknown): string | undefined {
  return Object.entries(declared.visibility.values ?? {}).find(([, candidate]) => isDeepStrictEqual(candidate, value))?.[0];
}

/**
 * Whether a create names the state it makes (a field with its values): a create in a state only
 * another principal sets is then refused outright. Else (actions) it makes the default state.
 */
export function createNamesState(declared: RuleTable): boolean {
  return declared.visibility.field !== undefined && declared.visibility.values !== undefined;
}

/** How the owner moves an item to another state: an action, an update of the field, or not at all. */
export function movableBy(declared: DeclaredVisibility): 'action' | 'update' | undefined {
  if (declared.actions.size > 0) return 'action';
  if (declared.visibility.field && declared.visibility.updatable && declared.update) return 'update';
  return undefined;
}
