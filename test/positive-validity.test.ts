import { describe, expect, it } from 'vitest';
import { loadApi } from '../src/openapi/load-api.ts';
import { SchemaValidator } from '../src/openapi/schema-validator.ts';
import type { Case } from '../src/generate/case.ts';
import { invalidParts } from '../scripts/positive-validity.ts';

describe('the corpus judge of positive cases (scripts/positive-validity.ts)', () => {
  it('should pass a valid request and name each part that breaks its schema, reading parameters back from the wire', async () => {
    // Arrange: IMG's list (query take: integer 1..100) and upload
    const model = await loadApi(['specs/img-processing.yaml']);
    const validator = new SchemaValidator(model.dialect, model.document);
    const list = model.operations.find((operation) => operation.method === 'get' && operation.path === '/v1/images');
    if (!list) throw new Error('specs/img-processing.yaml has no GET /v1/images');
    const request = (take: string): Case => ({ operationId: list.id, method: 'GET', pathTemplate: list.path, pathParams: {}, path: list.path, query: [['take', take]], headers: {}, cookies: {}, mode: 'positive' });

    // Act, Assert
    expect(invalidParts(list, request('20'), validator)).toEqual([]);
    expect(invalidParts(list, request('500'), validator)).toEqual([{ operationId: list.id, where: 'query take', why: '(root) must be <= 100' }]);
    expect(invalidParts(list, request('many'), validator).map((miss) => miss.why)).toEqual(['(root) must be integer']);
  });
});
