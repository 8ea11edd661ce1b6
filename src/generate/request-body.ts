/**
 * Request bodies of an operation, per media type: JSON, the JSON-Patch media type (a valid RFC 6902
 * patch of the resource the operation returns), multipart/form-data, form-urlencoded, octet-stream, text.
 */
import fc from 'fast-check';
import type { MediaTypeSpec, Operation, Schema } from '../spec/types.ts';
import type { CaseBody, CaseMode, Violation } from './case.ts';
import { boundedFilter } from './_internals/bounded-filter.ts';
import { bodyKind, encodeBody } from './_internals/encode-body.ts';
import { shortJson } from './_internals/json.ts';
import { jsonPatch, jsonPatchViolations } from './_internals/json-patch.ts';
import { negativeValue } from './negative-value.ts';
import { schemaValue, type SchemaValueConstraints } from './schema-value.ts';

/** Options of {@link requestBody}. */
export interface RequestBodyConstraints extends Omit<SchemaValueConstraints, 'direction' | 'charset'> {
  readonly mode: Exclude<CaseMode, 'boundary'>;
}

/** A drawn body (absent when optional and left out, or when missing on purpose) and, in negative mode, what it breaks. */
export interface RequestBody {
  readonly body?: CaseBody;
  readonly violates?: Violation;
}

/** The media types of `operation` conform can encode, in document order. */
export function supportedMedia(operation: Pick<Operation, 'requestBody'>): MediaTypeSpec[] {
  return (operation.requestBody?.content ?? []).filter((media) => bodyKind(media.mediaType) !== undefined);
}

/**
 * Bodies for `operation` in `mode`. Positive: a valid value of one supported media type (sometimes none when
 * the body is optional). Negative: a value breaking one constraint, or no body when one is required;
 * `undefined` when the body cannot be broken at all.
 */
export function requestBody(operation: Pick<Operation, 'requestBody' | 'responses'>, constraints: RequestBodyConstraints): fc.Arbitrary<RequestBody> | undefined {
  const spec = operation.requestBody;
  const media = supportedMedia(operation);
  if (constraints.mode === 'positive') {
    if (!spec || media.length === 0) return fc.constant({});
    const present = fc.oneof(...media.map((m) => positiveBody(operation, m, constraints)));
    return spec.required ? present : fc.oneof({ weight: 4, arbitrary: present }, { weight: 1, arbitrary: fc.constant({}) });
  }
  if (!spec) return undefined;
  const slots: fc.Arbitrary<RequestBody>[] = [];
  if (spec.required) {
    slots.push(fc.constant({ violates: { keyword: 'required', schemaPath: '#/requestBody/required', instancePath: '', expected: true, description: 'request body is required', location: 'body' } as Violation }));
  }
  for (const m of media) {
    const negative = negativeBody(operation, m, constraints);
    if (negative) slots.push(negative);
  }
  return slots.length > 0 ? fc.oneof(...slots) : undefined;
}

function positiveBody(operation: Pick<Operation, 'responses'>, media: MediaTypeSpec, constraints: RequestBodyConstraints): fc.Arbitrary<RequestBody> {
  const schema: Schema = media.schema ?? {};
  const kind = bodyKind(media.mediaType);
  const read = { ...constraints, direction: 'request' as const, charset: 'json' as const };
  let value: fc.Arbitrary<unknown>;
  if (kind === 'json-patch') value = jsonPatch(schema, operation, read);
  else if (kind === 'binary' && !(typeof schema === 'object' && schema.type === 'object')) value = fc.uint8Array({ minLength: 1, maxLength: 64 });
  else value = schemaValue(schema, read);
  const examples = media.examples.filter((example) => encodeBody(media, example) !== undefined);
  if (examples.length > 0 && kind !== 'json-patch') value = fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(...examples) });
  return boundedFilter(value.map((v) => encodeBody(media, v)), (body) => body !== undefined).map((body) => (body ? { body } : {}));
}

function negativeBody(operation: Pick<Operation, 'responses'>, media: MediaTypeSpec, constraints: RequestBodyConstraints): fc.Arbitrary<RequestBody> | undefined {
  const schema: Schema = media.schema ?? {};
  const kind = bodyKind(media.mediaType);
  if (kind === 'binary' || kind === 'text') return undefined;
  const read = { ...constraints, direction: 'request' as const, charset: 'json' as const };
  const arbitraries: fc.Arbitrary<{ value: unknown; violates: Violation }>[] = [];
  const plain = negativeValue(schema, read);
  if (plain) arbitraries.push(plain);
  if (kind === 'json-patch') {
    const semantic = jsonPatchViolations(schema, operation, read);
    if (semantic) arbitraries.push(semantic);
  }
  if (arbitraries.length === 0) return undefined;
  const drawn = fc.oneof(...arbitraries).map(({ value, violates }) => ({
    body: encodeBody(media, value),
    violates: { ...violates, location: 'body' as const, description: `body${violates.instancePath} violates ${violates.keyword}: ${shortJson(violates.expected)} (${violates.description})` },
  }));
  // A multipart or form body cannot carry a non-object: those draws are dropped, not sent as something else.
  return boundedFilter(drawn, (draw) => draw.body !== undefined).map((draw) => (draw.body ? draw : { body: undefined, violates: draw.violates }));
}
