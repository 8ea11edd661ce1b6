import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadApi } from './load-api.ts';
import { assembleModel, deserializeModel, serializeModel } from './portable-model.ts';
import type { ApiModel } from './types.ts';

const SOURCES = ['specs/glance-v2.yaml', 'specs/prime-intellect.yaml', 'specs/img-processing.yaml', 'test/fixtures/specs/pets-3.0.yaml', 'test/fixtures/specs/store-2.0.json'];

function dataOf(model: ApiModel): Omit<ApiModel, 'resolveRef'> {
  const { resolveRef: _resolveRef, ...data } = model;
  return data;
}

/** The order in which a walk first meets each object: equal for two graphs that share objects alike. */
function sharingShape(root: unknown): number[] {
  const ids = new Map<object, number>();
  const shape: number[] = [];
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const known = ids.get(value);
    shape.push(known ?? ids.size);
    if (known !== undefined) return;
    ids.set(value, ids.size);
    for (const child of Object.values(value)) walk(child);
  };
  walk(root);
  return shape;
}

describe('serializeModel / deserializeModel', () => {
  it.each(SOURCES)('should revive %s as a model equal to the loaded one', async (source) => {
    // Arrange
    const model = await loadApi([source]);
    // Act
    const bytes = serializeModel(model);
    const revived = deserializeModel(bytes ?? Buffer.alloc(0));
    // Assert
    expect(isDeepStrictEqual(dataOf(revived), dataOf(model))).toBe(true);
    expect(Object.keys(revived)).toEqual(Object.keys(model));
    expect(sharingShape(dataOf(revived))).toEqual(sharingShape(dataOf(model)));
  });

  it('should resolve the $ref a recursive schema keeps as the loaded model does', async () => {
    // Arrange
    const model = await loadApi(['test/fixtures/specs/pets-3.0.yaml']);
    // Act
    const revived = deserializeModel(serializeModel(model) ?? Buffer.alloc(0));
    // Assert
    expect(revived.resolveRef('#/components/schemas/Pet')).toEqual(model.resolveRef('#/components/schemas/Pet'));
    expect(revived.resolveRef('#/components/schemas/Pet')).toMatchObject({ type: 'object', required: ['id'] });
    expect(revived.resolveRef('#/components/schemas/Nope')).toBeUndefined();
  });

  it('should refuse a model it did not assemble, whose resolveRef it cannot rebuild', () => {
    // Arrange
    const handMade: ApiModel = { ...dataOf(assembleModel(emptyData(), {})), resolveRef: () => undefined };
    // Act
    const bytes = serializeModel(handMade);
    // Assert
    expect(bytes).toBeUndefined();
  });
});

function emptyData(): Omit<ApiModel, 'resolveRef'> {
  return { title: '', version: '', specVersion: '3.0', dialect: 'openapi-3.0', sources: [], operations: [], securitySchemes: [], servers: [], extensions: {}, warnings: [], document: {} };
}
