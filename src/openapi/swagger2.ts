import converter from 'swagger2openapi';
import { SpecInvalidError } from '../errors.ts';
import { toPointer } from './json-pointer.ts';
import { isPlainObject, type PlainObject } from './plain-object.ts';
import type { Problem } from './problem.ts';
import { RefGraph } from './ref-graph.ts';

/** A Swagger 2.0 document converted to OpenAPI 3.0, with the converter's own complaints as problems. */
export interface Converted {
  readonly document: PlainObject;
  readonly problems: readonly Problem[];
}

/**
 * Converts Swagger 2.0 to OpenAPI 3.0.x with swagger2openapi (`patch`, `warnOnly`): collectionFormat becomes
 * style/explode, body and formData parameters a requestBody, produces/consumes the media types.
 */
export async function convertSwagger2(swagger: PlainObject, source: string): Promise<Converted> {
  let openapi: PlainObject;
  try {
    const result = await converter.convertObj(structuredClone(swagger), { patch: true, warnOnly: true, resolveInternal: false });
    openapi = result.openapi;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SpecInvalidError(source, '', `cannot convert Swagger 2.0 to OpenAPI 3: ${message.split('\n', 1)[0]}`, { cause: error });
  }
  const graph = new RefGraph(openapi);
  const problems: Problem[] = [];
  const strip = (value: unknown, at: string[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => strip(item, [...at, String(index)]));
      return;
    }
    if (!isPlainObject(value)) return;
    for (const key of Object.keys(value)) {
      if (key === 'x-s2o-warning') {
        const pointer = toPointer(at);
        const touched = graph.touched(pointer);
        problems.push({
          source,
          pointer,
          message: `while converting to OpenAPI 3: ${String(value[key])}`,
          unusable: [],
          affected: [...touched.request, ...touched.other],
        });
      }
      // Converter bookkeeping, not part of the API.
      if (key.startsWith('x-s2o-')) delete value[key];
      else strip(value[key], [...at, key]);
    }
  };
  strip(openapi, []);
  return { document: openapi, problems };
}
