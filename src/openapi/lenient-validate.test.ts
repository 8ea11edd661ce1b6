import { describe, expect, it } from 'vitest';
import { lenientValidate, UNRESOLVED_REF } from './lenient-validate.ts';

const ok = { '200': { description: 'ok' } };

describe('lenientValidate on hostile references', () => {
  it('should report a cycle of $refs once, naming the cycle, and make only the operations needing it unusable', () => {
    // Arrange
    const document = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/a': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } }, responses: ok } },
        '/b': { get: { responses: ok } },
      },
      components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } },
    };
    // Act
    const result = lenientValidate(document, '3.0', 'doc.yaml');
    // Assert
    const cycles = result.problems.filter((p) => p.message.includes('cycle'));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.message).toMatch(/^\$ref #\/components\/schemas\/A resolves to nothing: it is a cycle of \$refs \(A → B → A\)/);
    expect(cycles[0]?.unusable).toEqual([expect.objectContaining({ path: '/a', method: 'post' })]);
    expect((result.document.components as { schemas: Record<string, unknown> }).schemas.A).toHaveProperty([UNRESOLVED_REF]);
  });

  it('should not call a recursive schema with content a cycle', () => {
    // Arrange
    const document = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } } } },
      components: { schemas: { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } } } },
    };
    // Act
    const result = lenientValidate(document, '3.0', 'doc.yaml');
    // Assert
    expect(result.problems).toEqual([]);
  });

  it('should find the operations of a path item that is a $ref to components/pathItems', () => {
    // Arrange
    const document = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: { '/items/{id}': { $ref: '#/components/pathItems/Item' } },
      components: { pathItems: { Item: { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } } } },
    };
    // Act
    const result = lenientValidate(document, '3.1', 'doc.yaml');
    // Assert
    expect(result.problems).toEqual([]);
    expect((result.document.paths as Record<string, Record<string, unknown>>)['/items/{id}']?.get).toBeDefined();
  });
});
