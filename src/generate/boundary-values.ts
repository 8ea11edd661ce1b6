/**
 * Edge values of a schema, in a fixed order: the bounds themselves, then just outside each bound,
 * empty and longest values, every enum member. Values outside carry the one constraint they break.
 */
import fc from 'fast-check';
import type { Schema } from '../openapi/types.ts';
import type { Violation } from './case.ts';
import { fitsCharset } from './_internals/chars.ts';
import { describeKeyword } from './_internals/describe.ts';
import { canonicalJson } from './_internals/json.ts';
import { nodeValue } from './_internals/node-value.ts';
import { mayBe, type SchemaNode } from './_internals/schema-node.ts';
import { validateNode } from './_internals/validate-node.ts';
import { schemaNode, type SchemaValueConstraints } from './schema-value.ts';

/** One edge value; `violates` is set when it lies just outside a bound. */
export interface BoundaryValue {
  readonly value: unknown;
  /** What edge it is: `minimum`, `maxLength+1`, `enum[2]`, ... */
  readonly label: string;
  readonly violates?: Violation;
}

/** Options of {@link boundaryValues}: how the schema is read, plus whether values travel as text. */
export interface BoundaryValuesConstraints extends Omit<SchemaValueConstraints, 'useExamples'> {
  /** The value travels as a parameter; outside values must survive stringification. @defaultValue false */
  readonly text?: boolean;
}

const INT32 = [-2_147_483_648, 2_147_483_647];

/** The edge values of `schema`, deterministic and in a fixed order; valid ones first within each bound. */
export function boundaryValues(schema: Schema, constraints: BoundaryValuesConstraints = {}): BoundaryValue[] {
  return boundaryValuesOfNode(schemaNode(schema, constraints), constraints);
}

/** @internal {@link boundaryValues} for an already normalised node. */
export function boundaryValuesOfNode(node: SchemaNode, constraints: BoundaryValuesConstraints = {}): BoundaryValue[] {
  if (node.never) return [];
  const charset = constraints.charset ?? 'json';
  const candidates: [string, unknown][] = [];
  if (node.const) candidates.push(['const', node.const.value]);
  node.enum?.forEach((member, index) => candidates.push([`enum[${index}]`, member]));
  if (!node.enum && !node.const) {
    if (mayBe(node, 'number')) candidates.push(...numberEdges(node));
    if (mayBe(node, 'string')) candidates.push(...stringEdges(node, charset));
    if (mayBe(node, 'array')) candidates.push(...arrayEdges(node, charset));
    if (mayBe(node, 'boolean')) candidates.push(['true', true], ['false', false]);
  }
  if (mayBe(node, 'null') && !node.enum) candidates.push(['null', null]);
  const seen = new Set<string>();
  const out: BoundaryValue[] = [];
  for (const [label, value] of candidates) {
    const key = canonicalJson(value);
    if (seen.has(key)) continue;
    seen.add(key);
    if (constraints.text && (value === null || (typeof value === 'string' && !fitsCharset(value, charset)))) continue;
    const errors = validateNode(node, value);
    if (errors.length === 0) {
      out.push({ value, label });
    } else if (errors.length === 1) {
      const error = errors[0] as { keyword: string; schemaPath: string; instancePath: string };
      if (constraints.text && error.keyword === 'type') continue;
      out.push({ value, label, violates: { keyword: error.keyword, schemaPath: error.schemaPath, instancePath: error.instancePath, ...describeKeyword(node, error.keyword) } });
    }
  }
  return out;
}

function numberEdges(node: SchemaNode): [string, unknown][] {
  const integer = !(node.types === undefined || node.types.has('number'));
  const up = (n: number): number => (integer ? n + 1 : nextAfter(n, Infinity));
  const down = (n: number): number => (integer ? n - 1 : nextAfter(n, -Infinity));
  const step = node.multipleOf[0]?.value;
  const snapUp = (n: number): number => (step ? Math.ceil(n / step) * step : integer ? Math.ceil(n) : n);
  const snapDown = (n: number): number => (step ? Math.floor(n / step) * step : integer ? Math.floor(n) : n);
  const out: [string, unknown][] = [];
  if (node.minimum !== undefined) out.push(['minimum', snapUp(node.minimum)], ['minimum-1', down(node.minimum)]);
  if (node.exclusiveMinimum !== undefined) out.push(['exclusiveMinimum+', snapUp(up(node.exclusiveMinimum))], ['exclusiveMinimum', node.exclusiveMinimum]);
  if (node.maximum !== undefined) out.push(['maximum', snapDown(node.maximum)], ['maximum+1', up(node.maximum)]);
  if (node.exclusiveMaximum !== undefined) out.push(['exclusiveMaximum-', snapDown(down(node.exclusiveMaximum))], ['exclusiveMaximum', node.exclusiveMaximum]);
  if (node.format === 'int32') out.push(['int32 min', INT32[0]], ['int32 max', INT32[1]], ['int32 max+1', (INT32[1] as number) + 1]);
  out.push(['zero', 0], ['-1', -1], ['1', 1]);
  if (!integer && node.multipleOf.length === 0) out.push(['0.5', 0.5]);
  if (node.multipleOf.length > 0 && step !== undefined) out.push(['not a multiple', step / 2 + step]);
  return out;
}

function stringEdges(node: SchemaNode, charset: SchemaValueConstraints['charset']): [string, unknown][] {
  const out: [string, unknown][] = [];
  const drawOfLength = (length: number): string | undefined => {
    const variant: SchemaNode = { ...node, types: new Set(['string']), minLength: length, maxLength: length, at: node.at, examples: [] };
    const arbitrary = nodeValue(variant, { charset: charset ?? 'json', useExamples: false });
    if (!arbitrary) return undefined;
    const [first] = fc.sample(arbitrary, { seed: 0x5eed + length, numRuns: 1 });
    return typeof first === 'string' ? first : undefined;
  };
  const ofLength = (length: number): string | undefined => {
    if (length < 0) return undefined;
    return (length > LONG_PLAIN && plainLength(node) ? repeatedToLength(drawOfLength(LONG_PLAIN), length, node) : undefined) ?? drawOfLength(length);
  };
  const min = node.minLength ?? 0;
  const push = (label: string, value: string | undefined): void => {
    if (value !== undefined) out.push([label, value]);
  };
  push('shortest', ofLength(min));
  if (min > 0) push('minLength-1', ofLength(min - 1) ?? 'x'.repeat(min - 1));
  if (node.maxLength !== undefined) {
    push('longest', ofLength(node.maxLength));
    push('maxLength+1', ofLength(node.maxLength + 1) ?? 'x'.repeat(node.maxLength + 1));
  }
  push('empty', '');
  return out;
}

/**
 * Past this length a plain string's edge repeats a drawn one: fast-check draws a string character by
 * character, and documents such as Stripe's put maxLength 5000 on hundreds of fields (a third of the
 * boundary phase's time on the npm corpus went to drawing 5000- and 5001-character strings).
 */
const LONG_PLAIN = 64;

/** Whether only the length constrains the node's strings, so repeating a valid string keeps it valid. */
function plainLength(node: SchemaNode): boolean {
  return node.patterns.length === 0 && node.format === undefined && !node.binary && node.enum === undefined && node.const === undefined;
}

/** `seed`'s code points repeated to `length` of them, when the result still meets the node at that length. */
function repeatedToLength(seed: string | undefined, length: number, node: SchemaNode): string | undefined {
  const points = seed === undefined ? [] : Array.from(seed);
  if (points.length === 0) return undefined;
  const value = Array.from({ length }, (_, index) => points[index % points.length]).join('');
  const variant: SchemaNode = { ...node, types: new Set(['string']), minLength: length, maxLength: length };
  return validateNode(variant, value).length === 0 ? value : undefined;
}

function arrayEdges(node: SchemaNode, charset: SchemaValueConstraints['charset']): [string, unknown][] {
  const item = node.items ? nodeValue(node.items, { charset: charset ?? 'json', useExamples: false }) : fc.constant('x');
  if (!item || node.prefixItems.length > 0) return [];
  const ofLength = (length: number): unknown[] | undefined => (length < 0 ? undefined : fc.sample(fc.array(item, { minLength: length, maxLength: length }), { seed: 0x5eed + length, numRuns: 1 })[0]);
  const out: [string, unknown][] = [['empty', []]];
  const min = node.minItems ?? 0;
  if (min > 0) out.push(['minItems', ofLength(min)], ['minItems-1', ofLength(min - 1)]);
  if (node.maxItems !== undefined) out.push(['maxItems', ofLength(node.maxItems)], ['maxItems+1', ofLength(node.maxItems + 1)]);
  return out.filter(([, value]) => value !== undefined);
}

function nextAfter(value: number, direction: number): number {
  if (value === direction) return value;
  if (value === 0) return direction > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, value);
  let bits = buffer.getBigInt64(0);
  bits += (value > 0) === (direction > value) ? 1n : -1n;
  buffer.setBigInt64(0, bits);
  return buffer.getFloat64(0);
}
