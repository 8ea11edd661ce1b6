import type { MediaTypeSpec, Operation, ResponseSpec, Schema } from './types.ts';

/**
 * What an API lets only some principals send, declared (not guessed): Glance lets only the admin
 * make an image public or set its owner. A positive request must be one the principal sending it may
 * make; otherwise the API's refusal (a 403 its policy explains) reads as "positive data rejected".
 */
export interface PolicyRule {
  /** The operation whose requests the rule restricts. */
  readonly operationId: string;
  /**
   * A top-level property of the request body, or (for a JSON Patch) of the resource the patch
   * changes: the operation's 2xx JSON schema, from which patch operations are drawn.
   */
  readonly property: string;
  /** The restricted values of the property; absent: the property itself is restricted. */
  readonly values?: readonly (string | number | boolean)[];
  /** The principals (by name, as the principals file names them) who may send it. */
  readonly principals: readonly string[];
  /** What the API answers anyone else, e.g. 403. */
  readonly refusal: number;
  /** The API's own words for the rule (its policy name, its documentation). */
  readonly reason: string;
}

const views = new WeakMap<Operation, Map<string, Operation>>();

/**
 * `operation` as `principal` may call it: every rule that does not allow `principal` takes its values
 * out of the property's `enum` (or the property out of the schema), in the request body and in the
 * 2xx resource schema. Only direct `properties` of those schemas are read: the rules name top-level
 * fields. The same object for the same (operation, principal), so generation caches keep working.
 */
export function operationAsPrincipal(operation: Operation, rules: readonly PolicyRule[], principal: string | undefined): Operation {
  const binding = rules.filter((rule) => rule.operationId === operation.id && (principal === undefined || !rule.principals.includes(principal)));
  if (binding.length === 0) return operation;
  const key = principal ?? '';
  let byPrincipal = views.get(operation);
  if (!byPrincipal) views.set(operation, (byPrincipal = new Map()));
  const known = byPrincipal.get(key);
  if (known) return known;
  const restrictMedia = (media: MediaTypeSpec): MediaTypeSpec => (media.schema === undefined ? media : { ...media, schema: binding.reduce(restrictSchema, media.schema) });
  const restrictResponse = (response: ResponseSpec): ResponseSpec => (/^2/.test(response.status) ? { ...response, content: response.content.map(restrictMedia) } : response);
  const view: Operation = {
    ...operation,
    ...(operation.requestBody ? { requestBody: { ...operation.requestBody, content: operation.requestBody.content.map(restrictMedia) } } : {}),
    responses: operation.responses.map(restrictResponse),
  };
  byPrincipal.set(key, view);
  return view;
}

function restrictSchema(schema: Schema, rule: PolicyRule): Schema {
  if (typeof schema !== 'object' || schema === null) return schema;
  const properties = (schema as { properties?: Record<string, Schema> }).properties;
  const property = properties?.[rule.property];
  if (!properties || property === undefined) return schema;
  const rest = { ...properties };
  if (rule.values === undefined || typeof property !== 'object' || property === null) {
    delete rest[rule.property];
    const required = (schema as { required?: readonly string[] }).required;
    return { ...schema, properties: rest, ...(required ? { required: required.filter((name) => name !== rule.property) } : {}) } as Schema;
  }
  const restricted = new Set<unknown>(rule.values);
  const allowed = ((property as { enum?: readonly unknown[] }).enum ?? []).filter((value) => !restricted.has(value));
  rest[rule.property] = { ...property, enum: allowed } as Schema;
  return { ...schema, properties: rest } as Schema;
}
