import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../openapi/types.ts';
import { createAjvValidator } from './_internals/ajv-validator.ts';
import { dialectOf, explainMismatch, fixtureSchemas } from './_internals/test-kit.ts';
import { negativeValue } from './negative-value.ts';

describe('negativeValue', () => {
  for (const file of ['schemas-3.0.json', 'schemas-3.1.json']) {
    const dialect = dialectOf(file);
    const validate = createAjvValidator(dialect);
    const breakable = fixtureSchemas(file).filter(([name]) => name !== 'empty schema' && name !== 'boolean schema true');
    it.each(breakable)(`should break exactly the tagged constraint (${file}: %s)`, (_name, schema) => {
      // Arrange
      const arbitrary = negativeValue(schema, { dialect });
      // Act
      const values = arbitrary ? fc.sample(arbitrary, { seed: 42, numRuns: 60 }) : [];
      // Assert
      expect(values.length).toBeGreaterThan(0);
      const mismatches = values.flatMap((n) => {
        const why = explainMismatch(validate(schema, n.value), n.violates);
        return why ? [{ value: n.value, violates: n.violates.keyword, why }] : [];
      });
      expect(mismatches.slice(0, 3)).toEqual([]);
    });
  }

  it.each<[string, Schema]>([
    ['{}', {}],
    ['true', true],
    ['an unconstrained string', { type: 'string' }],
  ])('should produce no negative for %s when text cannot break it', (_name, schema) => {
    expect(negativeValue(schema, { text: true })).toBeUndefined();
  });

  it('should produce nothing for a schema that constrains nothing', () => {
    expect(negativeValue({})).toBeUndefined();
  });

  it('should tag an out-of-range limit with its minimum, ready for a finding', () => {
    // Arrange
    const arbitrary = negativeValue({ type: 'integer', minimum: 0, maximum: 100 }, { dialect: 'openapi-3.0', text: true });
    // Act
    const values = fc.sample(arbitrary as fc.Arbitrary<{ value: unknown; violates: { keyword: string; expected: unknown } }>, { seed: 5, numRuns: 50 });
    // Assert
    const below = values.find((v) => v.violates.keyword === 'minimum');
    expect(below?.violates.expected).toBe(0);
    expect(below?.value as number).toBeLessThan(0);
    // a string that reads as a number would not break the type once sent as text
    expect(values.filter((v) => v.violates.keyword === 'type').every((v) => typeof v.value === 'string' ? !Number.isFinite(Number(v.value)) || v.value.trim() === '' : !Number.isInteger(v.value))).toBe(true);
  });

  it('should cover each kind of break the issue lists', () => {
    // Arrange
    const schema: Schema = {
      type: 'object',
      required: ['name', 'size'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1, maxLength: 8 }, size: { type: 'integer', minimum: 0 }, kind: { type: 'string', enum: ['a', 'b'] }, id: { type: 'string', format: 'uuid' } },
    };
    // Act
    const keywords = new Set(fc.sample(negativeValue(schema, { dialect: 'openapi-3.0' }) as fc.Arbitrary<{ violates: { keyword: string } }>, { seed: 11, numRuns: 300 }).map((n) => n.violates.keyword));
    // Assert
    expect([...keywords].sort()).toEqual(['additionalProperties', 'enum', 'format', 'maxLength', 'minLength', 'minimum', 'required', 'type']);
  });
});
