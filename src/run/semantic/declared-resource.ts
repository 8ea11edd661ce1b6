import { casesForOperation } from '../../generate/cases.ts';
import { deriveSeed } from '../../generate/derive-seed.ts';
import type { ResourceDeclaration } from '../../openapi/declaration/declaration.ts';
import type { Case } from '../../generate/case.ts';
import { pointerSegments } from '../../openapi/json-pointer.ts';
import { requestSchema, resolved } from '../../openapi/declaration/schema-shape.ts';
import type { ApiModel, Operation, Schema } from '../../openapi/types.ts';
import type { Principal } from '../../principals.ts';
import { joinUrl, toOutgoingRequest, withAcceptOverride, withPrincipal } from '../../transport/case-request.ts';
import { lenientJsonBody, type Exchange } from '../../transport/exchange.ts';
import { createdIdOf, withChosenId } from '../created-id.ts';
import type { SemanticSession } from './semantic-session.ts';

/** A JSON value with `value` written at `pointer` (a copy; objects made on the way). */
export function withValueAt(root: unknown, pointer: string, value: unknown): unknown {
  const copy: unknown = structuredClone(root ?? {});
  const segments = pointerSegments(pointer);
  let node = copy as Record<string, unknown>;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    node[segment] = typeof next === 'object' && next !== null ? next : {};
    node = node[segment] as Record<string, unknown>;
  });
  return copy;
}

/** A field a created item must have: its pointer in the create body and the value (a visibility state's). */
export interface PresetField {
  readonly pointer: string;
  readonly value: unknown;
}

/** The case with each field set in its JSON body; as it is when the body is not JSON. */
function withPreset(testCase: Case, fields: PresetField | readonly PresetField[] | undefined): Case {
  const body = testCase.body;
  const all = fields === undefined ? [] : 'pointer' in fields ? [fields] : fields;
  if (all.length === 0 || !body || !/json/i.test(body.mediaType)) return testCase;
  const value = all.reduce<unknown>((root, field) => withValueAt(root, field.pointer, field.value), body.value);
  return { ...testCase, body: { ...body, value, raw: JSON.stringify(value) } };
}

/** The property names a request body schema requires (through `$ref` and `allOf`). */
function requiredNames(model: ApiModel, schema: Schema | undefined, depth = 0): string[] {
  const object = resolved(model, schema);
  if (!object || depth > 4) return [];
  const own = Array.isArray(object.required) ? object.required.filter((name): name is string => typeof name === 'string') : [];
  const members: readonly Schema[] = Array.isArray(object.allOf) ? (object.allOf as readonly Schema[]) : [];
  return [...own, ...members.flatMap((member) => requiredNames(model, member, depth + 1))];
}

/**
 * Create requests with the least item first: the first case's JSON body cut to its required
 * properties. An optional flag drawn at random (Glance's `protected: true`) may change what the item
 * then allows (its delete refused), which no declaration part says; the least item allows the most.
 */
export function leastFirst(model: ApiModel, create: Operation, cases: readonly Case[]): Case[] {
  const [first] = cases;
  const body = first?.body;
  if (!first || !body || !/json/i.test(body.mediaType) || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) return [...cases];
  const required = new Set(requiredNames(model, requestSchema(create)));
  const value = Object.fromEntries(Object.entries(body.value).filter(([name]) => required.has(name)));
  return [{ ...first, body: { ...body, value, raw: JSON.stringify(value) } }, ...cases];
}

/** How many positive create requests to try before the resource counts as impossible to create. */
const CREATE_ATTEMPTS = 5;

/** The JSON body of an exchange's response, if any. */
export const bodyOf = (exchange: Exchange): unknown => (exchange.response ? lenientJsonBody(exchange.response) : undefined);

/** Where an item's id is in its own representation (a Location-declared id is read as `id`). */
export const idPointerOf = (resource: ResourceDeclaration): string => (resource.id.from === 'location' ? '/id' : (resource.id.pointer ?? '/id'));

/**
 * Whether the suites can create the resource with what they choose: a create path with no parameter,
 * or only the id when the client chooses it (`PUT /things/{thing_id}`). A parent's parameter
 * (`POST /orgs/{org}/things`) is nothing the declaration gives.
 */
export function creatable(create: Operation, resource: ResourceDeclaration): boolean {
  const params = (create.path.match(/\{[^}]+\}/g) ?? []).map((name) => name.slice(1, -1));
  return params.every((name) => resource.id.from === 'path' && name === resource.idParameter);
}

/** The item path of an operation with the id put in, or why it cannot be built. */
export function itemPath(operation: Operation, idParameter: string, id: string): string | { reason: string } {
  const path = operation.path.replace(`{${idParameter}}`, encodeURIComponent(id));
  const left = /\{[^}]+\}/.exec(path);
  return left ? { reason: `${operation.label} needs ${left[0]} besides the id, which the declaration does not give` } : path;
}

/** An item a declared suite created: its id, the create exchange, and the URL that deletes it (recorded in the ledger). */
export interface CreatedItem {
  readonly id: string;
  readonly exchange: Exchange;
  readonly removeUrl?: string;
}

/**
 * Creates one item of a declared resource as `owner` (a positive case of its create operation, up to
 * five tries, drawn from the run's seed and `salt`, with the `preset` fields written in its body) and writes it in the ledger when the declaration
 * says how to delete it; the item, or why none could be made.
 */
export async function createItem(session: SemanticSession, model: ApiModel, create: Operation, owner: Principal, resource: ResourceDeclaration, salt: string, preset?: PresetField | readonly PresetField[]): Promise<CreatedItem | string> {
  const cases = leastFirst(model, create, casesForOperation(model, create, { count: CREATE_ATTEMPTS, seed: deriveSeed(session.runtime.settings.seed, salt, create.id), mode: 'positive' }));
  let last = 'no positive request could be generated';
  for (const testCase of cases) {
    const chosen = withChosenId(create, resource, testCase);
    // The user's --accept holds for a suite's create as for the contract's requests.
    const sent = withAcceptOverride(withPrincipal(withPreset(chosen.testCase, preset), owner), session.runtime.settings.accept);
    const exchange = await session.sendRaw(create.id, toOutgoingRequest(sent, session.runtime.target));
    const status = exchange.response?.status;
    // No answer at all is the target failing, not a request it refused: the property cannot conclude.
    if (status === undefined) throw new Error(`${create.label} got no answer: ${exchange.failure?.message ?? 'no response'}`);
    if (status < 200 || status >= 300) {
      last = `${create.label} answered ${status}`;
      continue;
    }
    const id = chosen.id ?? createdIdOf(exchange, resource.id);
    if (id === undefined) return `${create.label} answered ${status} without the id the declaration points at (${resource.id.from === 'body' ? resource.id.pointer : resource.id.from === 'path' ? resource.idParameter : 'Location'})`;
    const remove = model.operations.find((operation) => operation.id === resource.delete);
    const path = remove ? itemPath(remove, resource.idParameter, id) : undefined;
    if (!remove || typeof path !== 'string') return { id, exchange };
    const removeUrl = joinUrl(session.runtime.target, path);
    session.created({ operationId: create.id, url: removeUrl, removeMethod: remove.method.toUpperCase(), principal: owner.name });
    return { id, exchange, removeUrl };
  }
  return `could not create: ${last} (${cases.length} positive requests)`;
}

