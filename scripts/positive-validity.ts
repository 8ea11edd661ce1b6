/**
 * Whether a positive case is valid by its own document, judged by Ajv (through conform's
 * SchemaValidator, not the generator's own reading of the schema): its JSON body against the body
 * schema, and each primitive path, query and header parameter (read back from the wire by its type)
 * against the parameter's schema. Arrays and objects in parameters are left out: their wire form
 * depends on style and explode.
 */
import type { Case } from '../src/generate/case.ts';
import type { SchemaValidator } from '../src/openapi/schema-validator.ts';
import type { Operation, Parameter, Schema } from '../src/openapi/types.ts';

/** A positive case that breaks its document: where, and how. */
export interface InvalidPositive {
  readonly operationId: string;
  /** `body`, or `query limit`, `path image_id`, `header X-Request-Id`. */
  readonly where: string;
  readonly why: string;
}

function primitiveType(schema: Schema): 'integer' | 'number' | 'boolean' | 'string' | undefined {
  if (typeof schema !== 'object') return undefined;
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  return type === 'integer' || type === 'number' || type === 'boolean' || type === 'string' ? type : undefined;
}

/** The wire text of a parameter in a case, decoded; undefined when the case does not carry it. */
function wireText(testCase: Case, parameter: Parameter): string | undefined {
  const reveal = (value: unknown): string => (typeof value === 'string' ? value : String((value as { reveal?: () => string }).reveal?.() ?? value));
  if (parameter.in === 'path') {
    // Serialized with reserved characters percent-encoded (`1e%2B271`).
    const value = testCase.pathParams[parameter.name];
    return value === undefined ? undefined : decodeURIComponent(value);
  }
  if (parameter.in === 'header') {
    const found = Object.entries(testCase.headers).find(([name]) => name.toLowerCase() === parameter.name.toLowerCase());
    return found ? reveal(found[1]) : undefined;
  }
  if (parameter.in === 'query') {
    const found = testCase.query.find(([name]) => decodeURIComponent(name) === parameter.name);
    return found ? decodeURIComponent(reveal(found[1]).replace(/\+/g, ' ')) : undefined;
  }
  return undefined;
}

function readBack(text: string, type: 'integer' | 'number' | 'boolean' | 'string'): unknown {
  if (type === 'string') return text;
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

/** Every way `testCase` breaks its operation's schemas (none for a valid positive case). */
export function invalidParts(operation: Operation, testCase: Case, validator: SchemaValidator): InvalidPositive[] {
  const out: InvalidPositive[] = [];
  const judge = (where: string, schema: Schema, value: unknown): void => {
    let problems;
    try {
      problems = validator.validate(schema, value, 'request');
    } catch {
      return;
    }
    const [first] = problems;
    if (first) out.push({ operationId: operation.id, where, why: `${first.instancePath || '(root)'} ${first.message}` });
  };
  for (const parameter of operation.parameters) {
    const type = primitiveType(parameter.schema);
    if (!type || parameter.contentMediaType) continue;
    const text = wireText(testCase, parameter);
    if (text === undefined) continue;
    judge(`${parameter.in} ${parameter.name}`, parameter.schema, readBack(text, type));
  }
  const body = testCase.body;
  const media = operation.requestBody?.content.find((candidate) => candidate.mediaType === body?.mediaType);
  if (body && media?.schema !== undefined && /[/+]json$/i.test(media.mediaType.split(';')[0] ?? '') && !/json-patch/i.test(media.mediaType)) judge('body', media.schema, body.value);
  return out;
}
