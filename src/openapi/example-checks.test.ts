import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecInvalidError } from '../errors.ts';
import { loadApi } from './load-api.ts';

const DOCUMENT = `openapi: 3.1.0
info: { title: examples, version: '1' }
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1 }, example: 0 }
        - { name: tag, in: query, schema: { type: string }, example: red }
      responses: { '200': { description: ok } }
    post:
      operationId: createItem
      requestBody:
        content:
          application/json:
            schema: { type: object, required: [name], properties: { name: { type: string, maxLength: 5 } } }
            examples:
              fine: { value: { name: lamp } }
              tooLong: { value: { name: chandelier } }
      responses: { '201': { description: created } }
`;

function documentFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'conform-examples-')), 'api.yaml');
  writeFileSync(path, DOCUMENT);
  return path;
}

describe('examples checked against their schemas when a document loads', () => {
  it('should warn about each example that breaks its schema, naming where and how, and keep only the valid ones', async () => {
    // Arrange, Act
    const model = await loadApi([documentFile()]);

    // Assert
    const messages = model.warnings.map((warning) => `${warning.pointer} ${warning.message}`);
    expect(messages).toEqual([
      "/paths/~1items/get query parameter 'limit' example 0 breaks its schema: (root) must be >= 1; not sent as a valid request",
      '/paths/~1items/post/requestBody/content/application~1json the application/json body example {"name":"chandelier"} breaks its schema: /name must NOT have more than 5 characters; not sent as a valid request',
    ]);
    const list = model.operations.find((operation) => operation.id === 'listItems');
    const create = model.operations.find((operation) => operation.id === 'createItem');
    expect(list?.parameters.map((parameter) => parameter.examples)).toEqual([[], ['red']]);
    expect(create?.requestBody?.content[0]?.examples).toEqual([{ name: 'lamp' }]);
  });

  it('should make a broken example an error under --strict', async () => {
    await expect(loadApi([documentFile()], { strict: true })).rejects.toBeInstanceOf(SpecInvalidError);
  });
});
