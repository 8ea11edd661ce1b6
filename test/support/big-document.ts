/**
 * A large OpenAPI 3.0 document: `operations` GET operations, each with a path and a query parameter
 * and a response schema of its own (about 600 bytes of JSON per operation: 16 000 make ~10 MB).
 */
export function bigOpenApiDocument(operations: number, title = 'big'): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (let index = 0; index < operations; index += 1) {
    paths[`/r${index}/{id}`] = {
      get: {
        operationId: `get${index}`,
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 20 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/S${index}` } } } } },
      },
    };
    schemas[`S${index}`] = { type: 'object', description: 'x'.repeat(100), properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'array', items: { type: 'string' } } } };
  }
  return { openapi: '3.0.3', info: { title, version: '1' }, paths, components: { schemas } };
}
