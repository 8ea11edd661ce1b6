import { deserialize, serialize } from 'node:v8';
import { resolvePointer } from './json-pointer.ts';
import type { PlainObject } from './plain-object.ts';
import type { ApiModel, Schema } from './types.ts';

/** What a loaded model is made of: its data, and the dereferenced document its `resolveRef` reads. */
interface ModelParts {
  readonly data: Omit<ApiModel, 'resolveRef'>;
  readonly dereferenced: PlainObject;
}

// Kept beside the model rather than on it: `resolveRef` is the model's only view of this document.
const partsOf = new WeakMap<ApiModel, ModelParts>();

/** The model of a loaded document: its data plus `resolveRef` over the dereferenced copy. */
export function assembleModel(data: Omit<ApiModel, 'resolveRef'>, dereferenced: PlainObject): ApiModel {
  const model: ApiModel = {
    ...data,
    resolveRef: (ref: string): Schema | undefined => {
      const value = resolvePointer(dereferenced, ref);
      return typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value)) ? (value as Schema) : undefined;
    },
  };
  partsOf.set(model, { data, dereferenced });
  return model;
}

/**
 * The model as bytes another process can revive with {@link deserializeModel}. V8's serializer, not
 * JSON: a schema the document references from several places stays one object (per-schema caches
 * such as compiled validators key on it), and a model is plain data apart from `resolveRef`, which
 * is rebuilt. Undefined for a model {@link assembleModel} did not build.
 */
export function serializeModel(model: ApiModel): Buffer | undefined {
  const parts = partsOf.get(model);
  return parts ? serialize(parts) : undefined;
}

/** The model {@link serializeModel} wrote: equal to the original, object sharing included. */
export function deserializeModel(bytes: Buffer): ApiModel {
  const parts = deserialize(bytes) as ModelParts;
  return assembleModel(parts.data, parts.dereferenced);
}
