/**
 * Request bodies of an operation, per media type: JSON, the JSON-Patch media type (a valid RFC 6902
 * patch of the resource the operation returns), multipart/form-data, form-urlencoded, octet-stream, text.
 */
import fc from 'fast-check';
import type { MediaTypeSpec, Operation, Schema } from '../openapi/types.ts';
import type { CaseBody, CaseMode, Violation } from './case.ts';
import { anyHit, boundedFilter } from './_internals/bounded-filter.ts';
import { bodyKind, encodeBody } from './_internals/encode-body.ts';
import { shortJson } from './_internals/json.ts';
import { jsonPatch, jsonPatchViolations } from './_internals/json-patch.ts';
import { negativeValuePlans } from './negative-value.ts';
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
  const slots = negativeBodySlots(operation, constraints);
  return slots.length > 0 ? fc.oneof(...slots) : undefined;
}

/** Negative bodies, one arbitrary per way to break the body (missing, or one plan of one media type). */
export function negativeBodySlots(operation: Pick<Operation, 'requestBody' | 'responses'>, constraints: RequestBodyConstraints): fc.Arbitrary<RequestBody>[] {
  const spec = operation.requestBody;
  if (!spec) return [];
  const slots: fc.Arbitrary<RequestBody>[] = [];
  if (spec.required) {
    slots.push(fc.constant({ violates: { keyword: 'required', schemaPath: '#/requestBody/required', instancePath: '', expected: true, description: 'request body is required', location: 'body' } as Violation }));
  }
  for (const m of supportedMedia(operation)) slots.push(...negativeBodyPlans(operation, m, { ...constraints, mode: 'negative' }));
  return slots;
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

function negativeBodyPlans(operation: Pick<Operation, 'responses'>, media: MediaTypeSpec, constraints: RequestBodyConstraints): fc.Arbitrary<RequestBody>[] {
  const schema: Schema = media.schema ?? {};
  const kind = bodyKind(media.mediaType);
  if (kind === 'binary' || kind === 'text') return [];
  const read = { ...constraints, direction: 'request' as const, charset: 'json' as const };
  const arbitraries: fc.Arbitrary<{ value: unknown; violates: Violation }>[] = [...negativeValuePlans(schema, read)];
  if (kind === 'json-patch') {
    const semantic = jsonPatchViolations(schema, operation, read);
    if (semantic) arbitraries.push(semantic);
  }
  return arbitraries.flatMap((plan) => encodedNegative(media, kind, plan) ?? []);
}

function encodedNegative(
  media: MediaTypeSpec,
  kind: ReturnType<typeof bodyKind>,
  plan: fc.Arbitrary<{ value: unknown; violates: Violation }>,
): fc.Arbitrary<RequestBody> | undefined {
  const drawn = plan.map(({ value, violates }) => ({
    body: encodeBody(media, value),
    violates: { ...violates, location: 'body' as const, description: `body${violates.instancePath} violates ${violates.keyword}: ${shortJson(violates.expected)} (${violates.description})` },
  }));
  // A multipart or form body cannot carry a non-object, and its fields arrive as text: a field that
  // must be a string receives any value as one, so such a "type" break would be a lie. Both are dropped.
  const isTextFields = kind === 'multipart' || kind === 'form';
  const faithful = (draw: { body: CaseBody | undefined; violates: Violation }): boolean =>
    draw.body !== undefined && !(isTextFields && survivesAsText(draw.violates) === false);
  // A plan none of whose trial draws can be sent faithfully (a non-object as multipart) is no plan here.
  // JSON carries any value: its trial draws (up to 8 per plan, of bodies that may be large) would be
  // wasted. The first trial draw nearly always decides (Stripe's form bodies: 21 s → 9 s to build).
  if (kind !== 'json' && kind !== 'json-patch' && !anyHit(drawn, faithful, 8)) return undefined;
  return boundedFilter(drawn, faithful).map((draw) => (draw.body ? draw : { body: undefined, violates: draw.violates }));
}

/** Whether a type break of a text field still breaks the schema once the server reads the field as text. */
function survivesAsText(violates: Violation): boolean {
  if (violates.keyword !== 'type') return true;
  const depth = violates.instancePath.split('/').length - 1;
  const expected = Array.isArray(violates.expected) ? violates.expected : [violates.expected];
  return !(depth === 1 && expected.includes('string'));
}
