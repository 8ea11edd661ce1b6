import { describe, expect, it } from 'vitest';
import { createAjvValidator } from './_internals/ajv-validator.ts';
import { boundaryValues } from './boundary-values.ts';

describe('boundaryValues', () => {
  it('should list the bounds first, then just outside each, with the broken constraint', () => {
    // Act
    const edges = boundaryValues({ type: 'integer', minimum: 1, maximum: 100 }, { dialect: 'openapi-3.0' });
    // Assert
    expect(edges.slice(0, 4).map((e) => [e.value, e.violates?.keyword])).toEqual([
      [1, undefined],
      [0, 'minimum'],
      [100, undefined],
      [101, 'maximum'],
    ]);
  });

  it('should handle both spellings of exclusive bounds', () => {
    // Act
    const v30 = boundaryValues({ type: 'integer', minimum: 0, exclusiveMinimum: true }, { dialect: 'openapi-3.0' });
    const v31 = boundaryValues({ type: 'integer', exclusiveMinimum: 0 }, { dialect: 'openapi-3.1' });
    // Assert
    expect(v30.slice(0, 2).map((e) => [e.value, e.violates?.keyword])).toEqual([[1, undefined], [0, 'exclusiveMinimum']]);
    expect(v31.slice(0, 2)).toEqual(v30.slice(0, 2));
  });

  it('should leave out a length edge that no value of the format can have, and keep the ones it can', () => {
    // Act: a uuid is always 36 characters; a date-time is at least 20
    const uuid = boundaryValues({ type: 'string', format: 'uuid' });
    const bounded = boundaryValues({ type: 'string', format: 'date-time', maxLength: 25 });
    // Assert
    expect(uuid.map((e) => [e.label, e.violates?.keyword])).toEqual([['empty', 'format']]);
    const longest = bounded.find((e) => e.label === 'longest');
    expect([...String(longest?.value)].length).toBe(25);
    expect(bounded.find((e) => e.label === 'shortest')).toBeUndefined();
  });

  it('should give shortest, too short, longest and too long strings, and each enum member', () => {
    // Act
    const strings = boundaryValues({ type: 'string', minLength: 2, maxLength: 5 });
    const members = boundaryValues({ type: 'string', enum: ['a', 'b', 'c'] });
    // Assert
    expect(strings.map((e) => [e.label, [...(e.value as string)].length, e.violates?.keyword])).toEqual([
      ['shortest', 2, undefined],
      ['minLength-1', 1, 'minLength'],
      ['longest', 5, undefined],
      ['maxLength+1', 6, 'maxLength'],
      ['empty', 0, 'minLength'],
    ]);
    expect(members.map((e) => e.value)).toEqual(['a', 'b', 'c']);
  });

  it('should give long edges their exact length in code points, agreeing with Ajv', () => {
    // Arrange: Stripe's documents put maxLength 5000 on hundreds of fields; such edges repeat a drawn string
    const schema = { type: 'string', minLength: 3000, maxLength: 5000 } as const;
    const validate = createAjvValidator('openapi-3.1');
    // Act
    const edges = boundaryValues(schema);
    // Assert
    expect(edges.map((e) => [e.label, [...(e.value as string)].length, e.violates?.keyword])).toEqual([
      ['shortest', 3000, undefined],
      ['minLength-1', 2999, 'minLength'],
      ['longest', 5000, undefined],
      ['maxLength+1', 5001, 'maxLength'],
      ['empty', 0, 'minLength'],
    ]);
    for (const edge of edges) expect(validate(schema, edge.value).map((e) => e.keyword)).toEqual(edge.violates ? [edge.violates.keyword] : []);
  });

  it('should agree with Ajv on which edges are valid', () => {
    // Arrange
    const schema = { type: 'array', items: { type: 'number', multipleOf: 0.5 }, minItems: 1, maxItems: 3 } as const;
    const validate = createAjvValidator('openapi-3.1');
    // Act
    const edges = boundaryValues(schema);
    // Assert
    expect(edges.length).toBeGreaterThan(3);
    for (const edge of edges) {
      const errors = validate(schema, edge.value);
      expect(errors.map((e) => e.keyword)).toEqual(edge.violates ? [edge.violates.keyword] : []);
    }
  });
});
