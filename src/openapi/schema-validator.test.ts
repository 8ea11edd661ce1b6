import { describe, expect, it } from 'vitest';
import { SchemaValidator } from './schema-validator.ts';

describe('SchemaValidator', () => {
  it('should accept null for a 3.0 nullable property and refuse it otherwise', () => {
    const validator = new SchemaValidator('openapi-3.0');
    const schema = { type: 'object', properties: { name: { type: 'string', nullable: true }, size: { type: 'integer' } } };
    expect(validator.validate(schema, { name: null, size: 1 }, 'response')).toEqual([]);
    const violations = validator.validate(schema, { name: 'a', size: null }, 'response');
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ instancePath: '/size', keyword: 'type' });
  });

  it('should turn 3.0 boolean exclusive bounds into numeric ones', () => {
    const validator = new SchemaValidator('openapi-3.0');
    const schema = { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false };
    expect(validator.validate(schema, 0, 'request')[0]?.keyword).toBe('exclusiveMinimum');
    expect(validator.validate(schema, 10, 'request')).toEqual([]);
    expect(validator.validate(schema, 11, 'request')[0]?.keyword).toBe('maximum');
  });

  it('should validate 3.1 type arrays with null and numeric exclusive bounds', () => {
    const validator = new SchemaValidator('openapi-3.1');
    const schema = { type: ['integer', 'null'], exclusiveMinimum: 0 };
    expect(validator.validate(schema, null, 'response')).toEqual([]);
    expect(validator.validate(schema, 0, 'response')[0]?.keyword).toBe('exclusiveMinimum');
  });

  it('should not require readOnly properties in requests nor writeOnly ones in responses', () => {
    const validator = new SchemaValidator('openapi-3.0');
    const schema = {
      type: 'object',
      required: ['id', 'secret'],
      properties: { id: { type: 'string', readOnly: true }, secret: { type: 'string', writeOnly: true } },
    };
    expect(validator.validate(schema, { secret: 's' }, 'request')).toEqual([]);
    expect(validator.validate(schema, { id: 'i' }, 'response')).toEqual([]);
    expect(validator.validate(schema, {}, 'response')[0]).toMatchObject({ keyword: 'required', params: { missingProperty: 'id' } });
  });

  it('should check formats, including the OpenAPI ones', () => {
    const validator = new SchemaValidator('openapi-3.0');
    expect(validator.validate({ type: 'string', format: 'uuid' }, 'nope', 'response')[0]?.keyword).toBe('format');
    expect(validator.validate({ type: 'string', format: 'date-time' }, '2024-01-02T03:04:05Z', 'response')).toEqual([]);
    expect(validator.validate({ type: 'integer', format: 'int32' }, 2 ** 31, 'response')[0]?.keyword).toBe('format');
    expect(validator.validate({ type: 'string', format: 'byte' }, 'aGVsbG8=', 'response')).toEqual([]);
  });

  it('should resolve a recursive $ref through the document', () => {
    const document = {
      openapi: '3.1.0',
      components: {
        schemas: {
          Node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
        },
      },
    };
    const validator = new SchemaValidator('openapi-3.1', document);
    const schema = document.components.schemas.Node;
    expect(validator.validate(schema, { name: 'a', children: [{ name: 'b', children: [] }] }, 'response')).toEqual([]);
    expect(validator.validate(schema, { name: 'a', children: [{ children: [] }] }, 'response')[0]).toMatchObject({
      instancePath: '/children/0',
      keyword: 'required',
    });
  });

  it('should accept null in a 3.0 nullable enum and relative references for format uri', () => {
    const validator = new SchemaValidator('openapi-3.0');
    expect(validator.validate({ type: 'string', nullable: true, enum: ['bare'] }, null, 'response')).toEqual([]);
    expect(validator.validate({ type: 'string', nullable: true, enum: ['bare'] }, 'ovf', 'response')[0]?.keyword).toBe('enum');
    expect(validator.validate({ type: 'string', format: 'uri' }, '/v2/images/1', 'response')).toEqual([]);
    expect(validator.validate({ type: 'string', format: 'uri' }, 'http://[bad', 'response')[0]?.keyword).toBe('format');
  });

  it('should keep properties whose names start with x-', () => {
    const validator = new SchemaValidator('openapi-3.0');
    const schema = { type: 'object', required: ['x-request-id'], properties: { 'x-request-id': { type: 'string' } } };
    expect(validator.validate(schema, { 'x-request-id': 1 }, 'response')[0]).toMatchObject({ instancePath: '/x-request-id', keyword: 'type' });
    expect(validator.validate(schema, {}, 'response')[0]?.keyword).toBe('required');
  });

  it('should ignore x- extensions and compile each schema once', () => {
    const validator = new SchemaValidator('openapi-3.0');
    const schema = { type: 'string', 'x-internal': { weird: true } };
    expect(validator.validate(schema, 'a', 'response')).toEqual([]);
    expect(validator.validate(schema, 1, 'response')).toHaveLength(1);
  });
});

describe('SchemaValidator on OpenAPI 3.0 nullable beside composition or without a type', () => {
  const unions = [
    { nullable: true, oneOf: [{ type: 'string' }, { type: 'object' }] },
    { nullable: true, anyOf: [{ type: 'integer' }] },
    { nullable: true, allOf: [{ type: 'object', required: ['id'] }] },
    { nullable: true, type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] },
    { nullable: true },
  ];

  it.each(unions)('should admit null and what the schema admits, refuse the rest, and say it read nullable as "or null": %j', (schema) => {
    // Arrange
    const validator = new SchemaValidator('openapi-3.0');
    // Act
    const onNull = validator.validate(schema, null, 'response');
    const onNumberString = validator.validate(schema, true, 'response');
    // Assert
    expect(onNull).toEqual([]);
    expect(validator.readsNullableAsBranch(schema)).toBe(true);
    if (Object.keys(schema).length > 1) expect(onNumberString.length).toBeGreaterThan(0);
  });

  it('should keep a typed nullable as Ajv reads it (no branch, schema paths unchanged)', () => {
    const validator = new SchemaValidator('openapi-3.0');
    const schema = { type: 'string', nullable: true };
    expect(validator.validate(schema, null, 'response')).toEqual([]);
    expect(validator.validate(schema, 5, 'response').map((violation) => violation.schemaPath)).toEqual(['#/type']);
    expect(validator.readsNullableAsBranch(schema)).toBe(false);
  });

  it('should ignore a format it does not know instead of failing to compile', () => {
    const validator = new SchemaValidator('openapi-3.0');
    expect(validator.validate({ type: 'string', format: 'uuid-ish' }, 'anything', 'response')).toEqual([]);
    expect(validator.validate({ type: 'string', format: 'uuid-ish' }, 5, 'response')).toHaveLength(1);
  });
});
