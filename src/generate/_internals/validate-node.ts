/**
 * @internal A small validator over {@link SchemaNode}s, mirroring Ajv's keyword semantics and error
 * paths. Generation uses it to keep example seeds, enum members and oneOf/not choices valid, and to make
 * sure a negative value breaks exactly the one constraint it is tagged with.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { canonicalJson, isJsonObject, jsonEqual, jsonTypeOf, pointerSegment } from './json.ts';
import { typeAllowed, type SchemaNode } from './schema-node.ts';

/** One failed keyword: which, where in the value, where in the schema. */
export interface NodeError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
}

type FormatCheck = { type: 'string' | 'number'; test: (value: never) => boolean };
const formatChecks = new Map<string, FormatCheck | undefined>();

/** How ajv-formats (full mode) checks `format`; `undefined` when the format is unknown or unchecked. */
export function formatCheck(format: string): FormatCheck | undefined {
  if (formatChecks.has(format)) return formatChecks.get(format);
  const definition = (fullFormats as Record<string, unknown>)[format];
  let check: FormatCheck | undefined;
  if (definition instanceof RegExp) check = { type: 'string', test: (value: string) => definition.test(value) };
  else if (typeof definition === 'function') check = { type: 'string', test: definition as (value: string) => boolean };
  else if (isJsonObject(definition)) {
    const validate = definition.validate;
    const type = definition.type === 'number' ? 'number' : 'string';
    if (validate instanceof RegExp) check = { type, test: (value: string) => validate.test(value) };
    else if (typeof validate === 'function') check = { type, test: validate as (value: never) => boolean };
  }
  formatChecks.set(format, check);
  return check;
}

/** Length as JSON Schema counts it: in code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Ajv's multipleOf test (`x / m` must be an integer once computed in floating point). */
export function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return Number.isFinite(quotient) && quotient === Number.parseInt(String(quotient), 10);
}

/** Every error `value` raises against `node`; `[]` when it conforms. */
export function validateNode(node: SchemaNode, value: unknown, instancePath = ''): NodeError[] {
  const errors: NodeError[] = [];
  visit(node, value, instancePath, errors);
  return errors;
}

/** True when `value` conforms to `node`. */
export function acceptsNode(node: SchemaNode, value: unknown): boolean {
  const errors: NodeError[] = [];
  visit(node, value, '', errors, true);
  return errors.length === 0;
}

function push(errors: NodeError[], node: SchemaNode, keyword: string, instancePath: string, paths?: string[]): void {
  errors.push({ keyword, instancePath, schemaPath: (paths ?? node.at[keyword])?.[0] ?? `${node.path}/${keyword}` });
}

// `stopEarly`: only whether there is an error matters (acceptsNode), not the full list.
function visit(node: SchemaNode, value: unknown, at: string, errors: NodeError[], stopEarly = false): void {
  if (node.never) {
    errors.push({ keyword: 'false schema', instancePath: at, schemaPath: node.path });
    return;
  }
  const type = jsonTypeOf(value);
  if (type === 'invalid') {
    push(errors, node, 'type', at);
    return;
  }
  if (node.types && !typeAllowed(node.types, type)) {
    push(errors, node, 'type', at);
    if (stopEarly) return;
  }
  if (node.enum && !node.enum.some((member) => jsonEqual(member, value))) push(errors, node, 'enum', at);
  if (node.const && !jsonEqual(node.const.value, value)) push(errors, node, 'const', at);
  if (typeof value === 'string') visitString(node, value, at, errors);
  else if (typeof value === 'number') visitNumber(node, value, at, errors);
  else if (Array.isArray(value)) visitArray(node, value, at, errors, stopEarly);
  else if (isJsonObject(value)) visitObject(node, value, at, errors, stopEarly);
  for (const group of node.anyOf) {
    if (!group.branches.some((branch) => acceptsNode(branch, value))) errors.push({ keyword: 'anyOf', instancePath: at, schemaPath: group.path });
  }
  for (const group of node.oneOf) {
    if (group.branches.filter((branch) => acceptsNode(branch, value)).length !== 1) {
      errors.push({ keyword: 'oneOf', instancePath: at, schemaPath: group.path });
    }
  }
  for (const negated of node.not) {
    if (acceptsNode(negated, value)) errors.push({ keyword: 'not', instancePath: at, schemaPath: negated.path });
  }
}

function visitString(node: SchemaNode, value: string, at: string, errors: NodeError[]): void {
  if (node.minLength !== undefined || node.maxLength !== undefined) {
    const length = codePointLength(value);
    if (node.minLength !== undefined && length < node.minLength) push(errors, node, 'minLength', at);
    if (node.maxLength !== undefined && length > node.maxLength) push(errors, node, 'maxLength', at);
  }
  for (const rule of node.patterns) {
    if (rule.regex && !rule.regex.test(value)) errors.push({ keyword: 'pattern', instancePath: at, schemaPath: rule.path });
  }
  if (node.format) {
    const check = formatCheck(node.format);
    if (check?.type === 'string' && !check.test(value as never)) push(errors, node, 'format', at);
  }
}

function visitNumber(node: SchemaNode, value: number, at: string, errors: NodeError[]): void {
  if (node.minimum !== undefined && value < node.minimum) push(errors, node, 'minimum', at);
  if (node.maximum !== undefined && value > node.maximum) push(errors, node, 'maximum', at);
  if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum) push(errors, node, 'exclusiveMinimum', at);
  if (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum) push(errors, node, 'exclusiveMaximum', at);
  for (const rule of node.multipleOf) {
    if (!isMultipleOf(value, rule.value)) errors.push({ keyword: 'multipleOf', instancePath: at, schemaPath: rule.path });
  }
  if (node.format) {
    const check = formatCheck(node.format);
    if (check?.type === 'number' && !check.test(value as never)) push(errors, node, 'format', at);
  }
}

function visitArray(node: SchemaNode, value: unknown[], at: string, errors: NodeError[], stopEarly: boolean): void {
  if (node.minItems !== undefined && value.length < node.minItems) push(errors, node, 'minItems', at);
  if (node.maxItems !== undefined && value.length > node.maxItems) push(errors, node, 'maxItems', at);
  if (node.uniqueItems && new Set(value.map(canonicalJson)).size !== value.length) push(errors, node, 'uniqueItems', at);
  value.forEach((item, index) => {
    if (stopEarly && errors.length > 0) return;
    const itemNode = index < node.prefixItems.length ? node.prefixItems[index] : node.items;
    if (itemNode) visit(itemNode, item, `${at}/${index}`, errors, stopEarly);
  });
}

function visitObject(node: SchemaNode, value: Record<string, unknown>, at: string, errors: NodeError[], stopEarly: boolean): void {
  for (const name of node.required) {
    if (!Object.prototype.hasOwnProperty.call(value, name)) {
      errors.push({ keyword: 'required', instancePath: at, schemaPath: node.requiredAt.get(name)?.[0] ?? `${node.path}/required` });
    }
  }
  const count = Object.keys(value).length;
  if (node.minProperties !== undefined && count < node.minProperties) push(errors, node, 'minProperties', at);
  if (node.maxProperties !== undefined && count > node.maxProperties) push(errors, node, 'maxProperties', at);
  for (const [name, item] of Object.entries(value)) {
    if (stopEarly && errors.length > 0) return;
    const where = `${at}${pointerSegment(name)}`;
    const property = node.properties.get(name);
    if (property) visit(property, item, where, errors, stopEarly);
    let matched = false;
    for (const rule of node.patternProperties) {
      if (rule.regex?.test(name)) {
        matched = true;
        visit(rule.node, item, where, errors, stopEarly);
      }
    }
    if (property || matched) continue;
    if (node.additionalProperties === false) push(errors, node, 'additionalProperties', at);
    else if (node.additionalProperties) visit(node.additionalProperties, item, where, errors, stopEarly);
  }
}
