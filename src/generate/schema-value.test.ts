import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../openapi/types.ts';
import { createAjvValidator } from './_internals/ajv-validator.ts';
import { dialectOf, fixtureSchemas } from './_internals/test-kit.ts';
import { schemaValue } from './schema-value.ts';
import { SchemaValidator } from '../openapi/schema-validator.ts';
import { UnsatisfiableSchemaError } from './unsatisfiable-schema-error.ts';

describe('schemaValue', () => {
  for (const file of ['schemas-3.0.json', 'schemas-3.1.json']) {
    const dialect = dialectOf(file);
    const validate = createAjvValidator(dialect);
    it.each(fixtureSchemas(file))(`should only produce values Ajv accepts (${file}: %s)`, (_name, schema) => {
      // Arrange
      const arbitrary = schemaValue(schema, { dialect });
      // Act
      const values = fc.sample(arbitrary, { seed: 42, numRuns: 80 });
      // Assert
      const invalid = values.map((value) => ({ value, errors: validate(schema, value) })).filter((r) => r.errors.length > 0);
      expect(invalid.slice(0, 3)).toEqual([]);
    });
  }

  it.each<[string, Schema, boolean]>([
    ['any value where additionalProperties is true (Spotify: required uris beside ids)', { type: 'object', additionalProperties: true, required: ['uris'], properties: { ids: { type: 'array', items: { type: 'string' } } } }, true],
    ['the additionalProperties schema', { type: 'object', required: ['n'], additionalProperties: { type: 'integer' } }, true],
    ['the matching patternProperties schema', { type: 'object', required: ['x-n'], additionalProperties: false, patternProperties: { '^x-': { type: 'string' } } }, true],
  ])('should give a required name no property declares %s', (_name, schema) => {
    // Arrange
    const validate = createAjvValidator('openapi-3.1');
    // Act
    const values = fc.sample(schemaValue(schema), { seed: 3, numRuns: 30 });
    // Assert
    expect(values.filter((value) => validate(schema, value).length > 0)).toEqual([]);
  });

  it('should refuse a required name that neither properties nor additionalProperties allow', () => {
    expect(() => schemaValue({ type: 'object', required: ['n'], properties: { m: { type: 'string' } }, additionalProperties: false })).toThrow(UnsatisfiableSchemaError);
  });

  it('should leave readOnly properties out of requests and writeOnly ones out of responses', () => {
    // Arrange
    const schema: Schema = { type: 'object', properties: { id: { type: 'string', readOnly: true }, secret: { type: 'string', writeOnly: true }, name: { type: 'string' } }, required: ['id', 'secret', 'name'] };
    // Act
    const requests = fc.sample(schemaValue(schema, { direction: 'request' }), { seed: 1, numRuns: 30 });
    const responses = fc.sample(schemaValue(schema, { direction: 'response' }), { seed: 1, numRuns: 30 });
    // Assert
    expect(requests.every((v) => !('id' in (v as object)) && 'secret' in (v as object))).toBe(true);
    expect(responses.every((v) => !('secret' in (v as object)) && 'id' in (v as object))).toBe(true);
  });

  it('should bound recursive schemas by depth through resolveRef', () => {
    // Arrange
    const node: Schema = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } };
    const resolveRef = (ref: string): Schema | undefined => (ref === '#/components/schemas/Node' ? node : undefined);
    const depthOf = (value: unknown): number => {
      const children = (value as { children?: unknown[] }).children ?? [];
      return 1 + Math.max(0, ...children.map(depthOf));
    };
    // Act
    const values = fc.sample(schemaValue(node, { resolveRef, maxDepth: 2 }), { seed: 7, numRuns: 60 });
    // Assert
    expect(Math.max(...values.map(depthOf))).toBeLessThanOrEqual(3);
    expect(values.some((v) => depthOf(v) > 1)).toBe(true);
  });

  it('should use only valid examples as seeds', () => {
    // Arrange
    const schema: Schema = { type: 'string', pattern: '^image_[a-z0-9]+$', examples: ['image_abc', 'not valid'] };
    // Act
    const values = fc.sample(schemaValue(schema, { dialect: 'openapi-3.1' }), { seed: 3, numRuns: 60 });
    // Assert
    expect(values).toContain('image_abc');
    expect(values).not.toContain('not valid');
  });

  it('should give the same values for the same seed', () => {
    // Arrange
    const [, schema] = fixtureSchemas('schemas-3.0.json').find(([name]) => name.startsWith('glance')) as [string, Schema];
    // Act
    const first = fc.sample(schemaValue(schema, { dialect: 'openapi-3.0' }), { seed: 99, numRuns: 20 });
    const second = fc.sample(schemaValue(schema, { dialect: 'openapi-3.0' }), { seed: 99, numRuns: 20 });
    // Assert
    expect(second).toEqual(first);
  });

  it('should throw at build time for a schema no value satisfies', () => {
    expect(() => schemaValue({ allOf: [{ type: 'string' }, { type: 'integer' }] })).toThrow(RangeError);
  });
});

describe('schemaValue on a schema that requires itself without end', () => {
  it('should throw an UnsatisfiableSchemaError naming the innermost impossible position, with a CLI code', () => {
    // Arrange
    const node = { type: 'object', required: ['children'], properties: { children: { type: 'array', minItems: 1, items: { $ref: '#/components/schemas/Node' } } } };
    const resolveRef = (ref: string): Schema | undefined => (ref === '#/components/schemas/Node' ? node : undefined);
    // Act
    const attempt = (): unknown => schemaValue({ $ref: '#/components/schemas/Node' }, { resolveRef, maxDepth: 2 });
    // Assert
    expect(attempt).toThrow(UnsatisfiableSchemaError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'CONFORM_SPEC_INVALID', message: expect.stringMatching(/^no value satisfies the schema at #\/components\/schemas\/Node\/properties\/children\/items \(recursion cut/) }));
  });
});

describe('schemaValue on OpenAPI 3.0 nullable beside composition or without a type', () => {
  it('should generate null and the branches, every value valid for Ajv under the same reading', () => {
    // Arrange
    const schema: Schema = { nullable: true, oneOf: [{ type: 'string', minLength: 1 }, { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }] };
    const validator = new SchemaValidator('openapi-3.0');
    // Act
    const values = fc.sample(schemaValue(schema, { dialect: 'openapi-3.0' }), { seed: 4, numRuns: 200 });
    // Assert
    expect(values).toContain(null);
    expect(values.some((value) => typeof value === 'string')).toBe(true);
    expect(values.some((value) => typeof value === 'object' && value !== null)).toBe(true);
    expect(values.filter((value) => validator.validate(schema, value, 'request').length > 0)).toEqual([]);
  });
});
