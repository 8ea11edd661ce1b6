/**
 * A change an item's owner could make through the update operation, whatever its body style: plain
 * JSON sets a free string field the read shows (`{description: …}`), a JSON Patch replaces one
 * (`[{op: replace, path: /name, value: …}]`). A well-formed change, so a refusal says something about
 * who asked or the item, not about a body the API finds invalid first; and a field to read back.
 */
import { toPointer } from '../../openapi/json-pointer.ts';
import { withValueAt } from './declared-resource.ts';
import { requestSchema, shapeOf, successSchema } from '../../openapi/declaration/schema-shape.ts';
import type { ApiModel, Operation, SchemaObject } from '../../openapi/types.ts';

/** The field an update probe changes, and the request body that sets it to a value. */
export interface UpdateProbe {
  readonly field: string;
  request(value: string): { readonly contentType: string; readonly body: string };
}

/** Whether a shown property takes any short string: no enum, format or pattern, not read-only, room for 24 characters. */
function isFreeString(model: ApiModel, schema: SchemaObject): boolean {
  const free = schema.enum === undefined && schema.format === undefined && schema.pattern === undefined && schema.readOnly !== true;
  const roomy = typeof schema.maxLength !== 'number' || schema.maxLength >= 24;
  return shapeOf(model, schema).types.includes('string') && free && roomy;
}

/** A string field the update writes and the read shows: the lifecycle changes it and reads it back. */
export function probeField(model: ApiModel, update: Operation, read: Operation | undefined): string | undefined {
  const written = shapeOf(model, requestSchema(update));
  const shown = shapeOf(model, read ? successSchema(read) : successSchema(update));
  for (const [name, schema] of written.properties) if (isFreeString(model, schema) && shown.properties.has(name)) return name;
  return undefined;
}

// JSON Patch (RFC 6902: application/json-patch+json, Glance's application/openstack-images-v2.1-json-patch) is a list of
// operations; a JSON merge patch (application/merge-patch+json, RFC 7396) is the fields themselves, as plain JSON.
const isJsonPatch = (media: string): boolean => /json-patch/i.test(media);

/** The body of an update that sets the field at `pointer` to `value`, in the update's own body style; undefined when it takes no JSON. */
export function fieldUpdate(update: Pick<Operation, 'requestBody'>, pointer: string, value: unknown): { readonly contentType: string; readonly body: string } | undefined {
  const media = update.requestBody?.content[0]?.mediaType ?? 'application/json';
  if (!/json/i.test(media)) return undefined;
  if (isJsonPatch(media)) return { contentType: media, body: JSON.stringify([{ op: 'replace', path: pointer, value }]) };
  return { contentType: media, body: JSON.stringify(withValueAt({}, pointer, value)) };
}

/** The update probe of an update operation (a JSON or JSON Patch body), or undefined when it takes neither or no field fits. */
export function updateProbeOf(model: ApiModel, update: Operation | undefined, read: Operation | undefined): UpdateProbe | undefined {
  const media = update?.requestBody?.content[0]?.mediaType ?? '';
  if (!update || !/json/i.test(media)) return undefined;
  if (!isJsonPatch(media)) {
    const field = probeField(model, update, read);
    return field ? { field, request: (value) => ({ contentType: media, body: JSON.stringify({ [field]: value }) }) } : undefined;
  }
  // A JSON Patch names fields of the representation: those of the read's.
  const free = [...shapeOf(model, successSchema(read ?? update)).properties].filter(([, schema]) => isFreeString(model, schema)).map(([name]) => name);
  const field = free.includes('name') ? 'name' : free[0];
  return field ? { field, request: (value) => ({ contentType: media, body: JSON.stringify([{ op: 'replace', path: toPointer([field]), value }]) }) } : undefined;
}
