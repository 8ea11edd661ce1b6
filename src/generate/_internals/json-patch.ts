/**
 * @internal RFC 6902 patch documents for the JSON-Patch media types: operations on the properties of the
 * resource the operation returns (its first 2xx JSON schema), valid against the request's own schema.
 */
import fc from 'fast-check';
import type { Operation, Schema } from '../../openapi/types.ts';
import type { Violation } from '../case.ts';
import { schemaNode, schemaValue, type SchemaValueConstraints } from '../schema-value.ts';
import { boundedFilter } from './bounded-filter.ts';
import { isJsonObject, pointerSegment } from './json.ts';
import { nodeValue } from './node-value.ts';
import type { SchemaNode } from './schema-node.ts';
import { acceptsNode } from './validate-node.ts';
import { violationPlans } from './violation-plans.ts';

type Patch = { op: string; path: string; value?: unknown }[];

/** The schema of the resource `operation` returns on success, if it declares a JSON object one. */
export function resourceSchema(operation: Pick<Operation, 'responses'>): Schema | undefined {
  for (const response of operation.responses) {
    if (!/^2/.test(response.status)) continue;
    const media = response.content.find((m) => m.mediaType.toLowerCase().includes('json'));
    if (media?.schema !== undefined && isJsonObject(media.schema)) return media.schema;
  }
  return undefined;
}

/** Valid patch documents: 1–3 add/replace/remove operations on writable resource properties. */
export function jsonPatch(requestSchema: Schema, operation: Pick<Operation, 'responses'>, read: SchemaValueConstraints): fc.Arbitrary<unknown> {
  const request = schemaNode(requestSchema, read);
  const resource = resourceSchema(operation);
  const node = resource === undefined ? undefined : schemaNode(resource, { ...read, direction: 'request' });
  const operations = node ? patchOperations(node, read) : [];
  if (operations.length === 0) return schemaValue(requestSchema, read);
  const patch = fc.array(fc.oneof(...operations), { minLength: 1, maxLength: 3 });
  return boundedFilter(patch as fc.Arbitrary<unknown>, (value) => acceptsNode(request, value));
}

function patchOperations(node: SchemaNode, read: SchemaValueConstraints): fc.Arbitrary<Patch[number]>[] {
  const out: fc.Arbitrary<Patch[number]>[] = [];
  const options = { charset: read.charset ?? 'json', useExamples: true } as const;
  for (const [name, property] of node.properties) {
    if (node.hidden.has(name)) continue;
    const value = nodeValue(property, options);
    const path = pointerSegment(name);
    if (value) out.push(fc.tuple(fc.constantFrom('replace', 'add'), value).map(([op, v]) => ({ op, path, value: v })));
    if (!node.required.includes(name)) out.push(fc.constant({ op: 'remove', path }));
  }
  if (node.additionalProperties) {
    const value = nodeValue(node.additionalProperties, options);
    const key = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_'.split('')), minLength: 1, maxLength: 12 }).filter((k) => !node.properties.has(k));
    if (value) out.push(fc.tuple(key, value).map(([k, v]) => ({ op: 'add', path: pointerSegment(k), value: v })));
  }
  return out;
}

/** Patches whose one operation sets a resource property to a value its schema rejects, or touches a read-only property. */
export function jsonPatchViolations(
  requestSchema: Schema,
  operation: Pick<Operation, 'responses'>,
  read: SchemaValueConstraints,
): fc.Arbitrary<{ value: unknown; violates: Violation }> | undefined {
  const resource = resourceSchema(operation);
  if (resource === undefined) return undefined;
  const request = schemaNode(requestSchema, read);
  const node = schemaNode(resource, { ...read, direction: 'request' });
  const slots: fc.Arbitrary<{ value: unknown; violates: Violation }>[] = [];
  for (const [name, property] of node.properties) {
    const path = pointerSegment(name);
    if (node.hidden.has(name)) {
      const value = nodeValue(property, { charset: 'json', useExamples: true }) ?? fc.constant(null);
      const violates: Violation = { keyword: 'readOnly', schemaPath: `${property.path}/readOnly`, instancePath: '/0/path', expected: true, description: `${path} is read-only`, against: 'resource' };
      slots.push(value.map((v) => ({ value: [{ op: 'replace', path, value: v }], violates })));
      continue;
    }
    const plans = violationPlans(property, { charset: 'json', text: false, depth: 1 });
    if (plans.length === 0) continue;
    slots.push(
      fc.oneof(...plans).map((bad) => ({
        value: [{ op: 'replace', path, value: bad.value }],
        violates: { ...bad.violates, instancePath: `/0/value${bad.violates.instancePath}`, description: `patch value for ${path}: ${bad.violates.description}`, against: 'resource' as const },
      })),
    );
  }
  if (slots.length === 0) return undefined;
  // The patch itself must stay valid: only the resource-level rule is broken.
  return boundedFilter(fc.oneof(...slots), (draw) => acceptsNode(request, draw.value));
}
