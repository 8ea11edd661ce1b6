import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApi } from './load-api.ts';
import type { Operation } from './types.ts';

const FIXTURES = 'test/fixtures/specs';
const op = (ops: readonly Operation[], id: string): Operation => {
  const found = ops.find((o) => o.id === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
};

describe('loadApi: OpenAPI 3.0 YAML', () => {
  it('should normalise parameters, responses, security, servers and extensions', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/pets-3.0.yaml`]);
    // Assert
    expect(model.operations.map((o) => o.id)).toEqual(['listPets', 'showPet']);
    const list = op(model.operations, 'listPets');
    expect(list.parameters.map((p) => [p.name, p.in, p.style, p.explode, p.required])).toEqual([
      ['tags', 'query', 'form', true, false],
      ['X-Trace', 'header', 'simple', false, false],
      ['session', 'cookie', 'form', true, false],
      ['filter', 'query', 'deepObject', true, false],
    ]);
    expect(list.responses.map((r) => r.status)).toEqual(['200', '2XX', 'default']);
    expect(list.responses[0]?.headers).toEqual([{ name: 'X-Total', required: true, schema: { type: 'integer' } }]);
    expect(list.security).toEqual([{ apiKey: [] }]);
    expect(list.servers).toEqual(['https://eu.pets.example/v1']);
    expect(list.extensions).toEqual({ 'x-rate-limit': 10 });
    expect(model.extensions).toEqual({ 'x-audience': 'internal', 'x-owner': 'team-pets' });
    expect(model.securitySchemes).toEqual([{ key: 'apiKey', type: 'apiKey', in: 'header', paramName: 'X-Api-Key' }]);
    const show = op(model.operations, 'showPet');
    expect(show.security).toEqual([]);
    expect(show.parameters.map((p) => [p.name, p.in, p.style, p.explode, p.required])).toEqual([['petId', 'path', 'simple', false, true]]);
    // 3.0 only allows upper-case ranges: read anyway, and said.
    expect(model.warnings.map((w) => [w.pointer, w.message])).toEqual([['/paths/~1pets/get/responses', "has unexpected property '2xx'"]]);
  });

  it('should dereference schemas but keep a recursive one as a $ref resolvable without JS cycles', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/pets-3.0.yaml`]);
    // Assert
    const schema = op(model.operations, 'showPet').responses[0]?.content[0]?.schema as Record<string, unknown>;
    expect(() => JSON.stringify(model.operations)).not.toThrow();
    const serialized = JSON.stringify(schema);
    expect(serialized).toContain('"$ref":"#/components/schemas/Pet"');
    expect(model.resolveRef('#/components/schemas/Pet')).toMatchObject({ type: 'object', required: ['id'] });
    expect(model.resolveRef('#/components/schemas/Nope')).toBeUndefined();
  });
});

describe('loadApi: Swagger 2.0', () => {
  it('should map collectionFormat, body, formData, consumes and host to their OpenAPI 3 forms', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/store-2.0.json`]);
    // Assert
    expect(model.specVersion).toBe('2.0');
    expect(model.servers).toEqual(['https://store.example/api']);
    const list = op(model.operations, 'listOrders');
    expect(list.parameters.map((p) => [p.name, p.style, p.explode])).toEqual([
      ['ids', 'form', false],
      ['status', 'form', true],
      ['codes', 'pipeDelimited', false],
    ]);
    const create = op(model.operations, 'createOrder');
    expect(create.requestBody?.required).toBe(true);
    expect(create.requestBody?.content.map((c) => c.mediaType)).toEqual(['application/json']);
    expect(create.requestBody?.content[0]?.schema).toMatchObject({ type: 'object', required: ['id'] });
    expect(create.responses[0]?.headers.map((h) => h.name)).toEqual(['Location']);
    expect(create.security).toEqual([{ basic: [] }]);
    expect(model.securitySchemes).toEqual([{ key: 'basic', type: 'http', scheme: 'basic' }]);
    const upload = op(model.operations, 'uploadReceipt');
    expect(upload.parameters.map((p) => p.name)).toEqual(['id']);
    expect(upload.requestBody?.content[0]?.mediaType).toBe('multipart/form-data');
    expect(upload.requestBody?.content[0]?.schema).toMatchObject({ properties: { file: { type: 'string', format: 'binary' } } });
    expect(model.warnings).toEqual([]);
  });
});

describe('loadApi: lenient loading', () => {
  it('should warn about a dangling $ref with its pointer and leave out only the operation it breaks', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/dangling-ref.yaml`]);
    // Assert
    expect(model.operations.map((o) => o.id)).toEqual(['listThings']);
    expect(model.warnings).toEqual([
      {
        source: `${FIXTURES}/dangling-ref.yaml`,
        pointer: '/paths/~1things/post/requestBody/content/application~1json/schema',
        message: '$ref #/components/schemas/Missing resolves to nothing',
        unusableOperations: ['createThing'],
      },
    ]);
  });

  it('should refuse a dangling $ref under strict with one SpecInvalidError', async () => {
    // Act
    const attempt = loadApi([`${FIXTURES}/dangling-ref.yaml`], { strict: true });
    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'CONFORM_SPEC_INVALID', pointer: '/paths/~1things/post/requestBody/content/application~1json/schema' });
  });

  it('should give operations sharing an operationId unique synthesized ids and warn once', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/duplicate-ids.yaml`]);
    // Assert
    expect(model.operations.map((o) => [o.id, o.operationId])).toEqual([
      ['get_a', 'get'],
      ['get_b', 'get'],
      ['getC', 'getC'],
    ]);
    const duplicates = model.warnings.filter((w) => w.message.includes('operationId'));
    expect(duplicates.map((w) => [w.pointer, w.unusableOperations])).toEqual([['/paths/~1a/get/operationId', []]]);
    expect(duplicates[0]?.message).toContain('get_a, get_b');
  });

  it('should declare a path parameter the template uses but the document forgets', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/duplicate-ids.yaml`]);
    // Assert
    expect(op(model.operations, 'getC').parameters).toMatchObject([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  });
});

describe('loadApi: OpenAPI 3.1 and Markdown', () => {
  it('should pass 3.1 type arrays with null through unchanged', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/nullable-3.1.yaml`]);
    // Assert
    expect(model.dialect).toBe('openapi-3.1');
    expect(model.operations[0]?.responses[0]?.content[0]?.schema).toEqual({
      type: 'object',
      properties: { note: { type: ['string', 'null'] }, size: { anyOf: [{ type: 'integer' }, { type: 'null' }] } },
    });
  });

  it('should load the OpenAPI block of a Markdown page and name it source#block-N', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/page.md`]);
    // Assert
    expect(model.sources).toEqual([`${FIXTURES}/page.md#block-1`]);
    expect(model.operations.map((o) => [o.id, o.source])).toEqual([['hello', `${FIXTURES}/page.md#block-1`]]);
  });

  it('should turn 3.0 nullable into a null type when merged with a 3.1 document', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/pets-3.0.yaml`, `${FIXTURES}/nullable-3.1.yaml`]);
    // Assert
    expect(model.dialect).toBe('openapi-3.1');
    expect(model.resolveRef('#/components/schemas/Pet')).toMatchObject({ properties: { name: { type: ['string', 'null'] } } });
  });
});

describe('loadApi: merging', () => {
  it('should unite paths and deduplicate identical components and tags', async () => {
    // Act
    const model = await loadApi([`${FIXTURES}/fragment-a.yaml`, `${FIXTURES}/fragment-b.yaml`]);
    // Assert
    expect(model.operations.map((o) => o.id)).toEqual(['getX', 'getY']);
    expect(Object.keys((model.document.components as { schemas: object }).schemas)).toEqual(['Thing']);
    expect(model.document.tags).toEqual([{ name: 'things' }]);
    expect(model.warnings).toEqual([]);
  });

  it('should refuse two different components of one name, naming both sources and the pointer', async () => {
    // Act
    const attempt = loadApi([`${FIXTURES}/fragment-a.yaml`, `${FIXTURES}/fragment-conflict.yaml`]);
    // Assert
    await expect(attempt).rejects.toMatchObject({
      code: 'CONFORM_SPEC_CONFLICT',
      message: `/components/schemas/Thing is defined differently in ${FIXTURES}/fragment-a.yaml and ${FIXTURES}/fragment-conflict.yaml`,
    });
  });
});

describe('loadApi: unusable sources', () => {
  it.each([
    ['/dev/null', 'CONFORM_SPEC_INVALID'],
    [`${FIXTURES}/not-openapi.yaml`, 'CONFORM_SPEC_INVALID'],
    [`${FIXTURES}/broken.yaml`, 'CONFORM_SPEC_UNREADABLE'],
    [`${FIXTURES}/absent.yaml`, 'CONFORM_SPEC_UNREADABLE'],
  ])('should refuse %s with a one-line %s', async (source, code) => {
    // Act
    const error: unknown = await loadApi([source]).catch((e: unknown) => e);
    // Assert
    expect(error).toMatchObject({ code });
    expect((error as Error).message.startsWith(source)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('loadApi: URLs', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    const body = readFileSync(`${FIXTURES}/pets-3.0.yaml`);
    server = createServer((request, response) => {
      if (request.url === '/openapi.yaml') response.writeHead(200, { 'content-type': 'application/yaml' }).end(body);
      else if (request.url === '/moved') response.writeHead(302, { location: '/openapi.yaml' }).end();
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('should load a document from an http URL, following a redirect', async () => {
    // Act
    const model = await loadApi([`${base}/moved`]);
    // Assert
    expect(model.sources).toEqual([`${base}/moved`]);
    expect(model.operations.map((o) => o.id)).toEqual(['listPets', 'showPet']);
  });

  it('should refuse an HTTP error status with a SpecUnreadableError', async () => {
    // Act
    const attempt = loadApi([`${base}/nothing.yaml`]);
    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'CONFORM_SPEC_UNREADABLE', message: `${base}/nothing.yaml: HTTP 404 from ${base}/nothing.yaml` });
  });
});
