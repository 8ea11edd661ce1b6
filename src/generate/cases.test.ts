import { existsSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../secret.ts';
import { loadApi } from '../openapi/load-api.ts';
import type { ApiModel, Operation, Parameter, Schema } from '../openapi/types.ts';
import { createAjvValidator } from './_internals/ajv-validator.ts';
import { explainMismatch } from './_internals/test-kit.ts';
import { measureValidity } from './_internals/validity.ts';
import { caseDrawsForOperation, casesForOperation, generateCases } from './cases.ts';
import type { Principal } from './principal.ts';
import { draftOf } from './request-case.ts';

function parameter(name: string, location: Parameter['in'], schema: Schema, required = false): Parameter {
  const style = location === 'query' || location === 'cookie' ? 'form' : 'simple';
  return { name, in: location, required, style, explode: style === 'form', allowReserved: false, allowEmptyValue: false, deprecated: false, schema, examples: [] };
}

function operation(overrides: Partial<Operation>): Operation {
  return {
    id: 'op',
    method: 'get',
    path: '/images',
    label: 'GET /images',
    tags: [],
    deprecated: false,
    parameters: [],
    responses: [],
    security: [],
    servers: [],
    extensions: {},
    dialect: 'openapi-3.0',
    source: 'test',
    pointer: '/paths/~1images/get',
    ...overrides,
  };
}

function model(operations: Operation[]): ApiModel {
  return {
    title: 't',
    version: '1',
    specVersion: '3.0',
    dialect: 'openapi-3.0',
    sources: ['test'],
    operations,
    securitySchemes: [{ key: 'token', type: 'apiKey', in: 'header', paramName: 'X-Auth-Token' }],
    servers: [],
    extensions: {},
    warnings: [],
    document: {},
    resolveRef: () => undefined,
  };
}

const imageSchema: Schema = {
  type: 'object',
  required: ['id', 'visibility'],
  properties: {
    id: { type: 'string', format: 'uuid', readOnly: true },
    name: { type: 'string', nullable: true, maxLength: 255 },
    visibility: { type: 'string', enum: ['public', 'private', 'shared', 'community'] },
    min_disk: { type: 'integer', minimum: 0 },
  },
  additionalProperties: { type: 'string' },
};
const patchSchema: Schema = {
  type: 'array',
  items: { type: 'object', required: ['op', 'path'], properties: { op: { type: 'string', enum: ['add', 'remove', 'replace'] }, path: { type: 'string' }, value: {} }, additionalProperties: false },
};
const listImages = operation({
  id: 'listImages',
  parameters: [parameter('limit', 'query', { type: 'integer', minimum: 0, maximum: 1000 }, true), parameter('tags', 'query', { type: 'array', items: { type: 'string' } })],
  security: [{ token: [] }],
});
const updateImage = operation({
  id: 'updateImage',
  method: 'patch',
  path: '/images/{image_id}',
  parameters: [parameter('image_id', 'path', { type: 'string', format: 'uuid' }, true)],
  requestBody: { required: true, content: [{ mediaType: 'application/openstack-images-v2.1-json-patch', schema: patchSchema, examples: [] }] },
  responses: [{ status: '200', description: 'ok', headers: [], content: [{ mediaType: 'application/json', schema: imageSchema, examples: [] }] }],
  security: [],
});
const alice: Principal = { name: 'alice', headers: { 'X-Auth-Token': new Secret('tok-alice-123') } };

describe('generateCases', () => {
  it('should give the same cases for the same seed and other cases for another seed', () => {
    // Arrange
    const api = model([listImages, updateImage]);
    // Act
    const first = JSON.stringify(generateCases(api, { count: 10, seed: 7, mode: 'positive' }));
    const again = JSON.stringify(generateCases(api, { count: 10, seed: 7, mode: 'positive' }));
    const other = JSON.stringify(generateCases(api, { count: 10, seed: 8, mode: 'positive' }));
    // Assert
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('should attach credentials per security requirement and keep them redacted', () => {
    // Act
    const cases = generateCases(model([listImages, updateImage]), { count: 3, seed: 1, mode: 'positive', principal: alice });
    // Assert
    const list = cases.filter((c) => c.operationId === 'listImages');
    expect(list.every((c) => (c.headers['X-Auth-Token'] as Secret).reveal() === 'tok-alice-123')).toBe(true);
    expect(cases.filter((c) => c.operationId === 'updateImage').every((c) => !('X-Auth-Token' in c.headers))).toBe(true);
    expect(JSON.stringify(cases)).not.toContain('tok-alice');
  });

  it('should serialize a broken parameter and say what it breaks', () => {
    // Act
    const cases = generateCases(model([listImages]), { count: 40, seed: 3, mode: 'negative' });
    // Assert
    const below = cases.find((c) => c.violates?.keyword === 'minimum');
    expect(below?.violates).toMatchObject({ location: 'query', parameter: 'limit', expected: 0 });
    expect(below?.query.find(([name]) => name === 'limit')?.[1]).toMatch(/^-\d+$/);
    expect(below?.violates?.description).toMatch(/^query limit=-\d+ violates minimum: 0/);
    const missing = cases.find((c) => c.violates?.keyword === 'required');
    expect(missing?.query.some(([name]) => name === 'limit')).toBe(false);
  });

  it('should build JSON-Patch bodies that fit the patch schema and target writable resource properties', () => {
    // Arrange
    const validate = createAjvValidator('openapi-3.0');
    // Act
    const cases = generateCases(model([updateImage]), { count: 40, seed: 5, mode: 'positive' });
    // Assert
    for (const c of cases) {
      expect(c.body?.contentType).toBe('application/openstack-images-v2.1-json-patch');
      expect(validate(patchSchema, c.body?.value)).toEqual([]);
      for (const op of c.body?.value as { path: string }[]) expect(op.path).not.toBe('/id');
    }
    expect(new Set(cases.flatMap((c) => (c.body?.value as { op: string }[]).map((op) => op.op)))).toEqual(new Set(['add', 'replace', 'remove']));
  });

  it('should list the boundary edges first, in a fixed order', () => {
    // Act
    const cases = generateCases(model([listImages]), { count: 6, seed: 2, mode: 'boundary' });
    // Assert
    expect(cases.slice(0, 4).map((c) => [c.query.find(([n]) => n === 'limit')?.[1], c.violates?.keyword])).toEqual([
      ['0', undefined],
      ['-1', 'minimum'],
      ['1000', undefined],
      ['1001', 'maximum'],
    ]);
  });

  it('should set each body edge beside the required fields only, so no other field can be what a server refuses', () => {
    // Arrange: positive bodies draw optional fields, so a random base would carry some of them.
    const createSchema: Schema = {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string', enum: ['a'] }, name: { type: 'string', maxLength: 3 }, size: { type: 'integer' }, note: { type: 'string' } },
    };
    const create = operation({ id: 'create', method: 'post', requestBody: { required: true, content: [{ mediaType: 'application/json', schema: createSchema, examples: [] }] }, security: [] });
    // Act
    const cases = generateCases(model([create]), { count: 40, seed: 3, mode: 'boundary' });
    // Assert: the 8 edges come first (kind's enum member, name's shortest, longest and one too long,
    // size's 0, -1 and 1, note's empty), each beside `kind` alone.
    const edges = cases.slice(0, 8);
    expect(edges.map((c) => Object.keys(c.body?.value as object).sort())).toEqual([
      ['kind'],
      ['kind', 'name'],
      ['kind', 'name'],
      ['kind', 'name'],
      ['kind', 'size'],
      ['kind', 'size'],
      ['kind', 'size'],
      ['kind', 'note'],
    ]);
    expect(edges.map((c) => c.violates?.keyword)).toEqual([undefined, undefined, undefined, 'maxLength', undefined, undefined, undefined, undefined]);
    expect((edges[1]?.body?.value as { name: string }).name).toBe('');
    // The random tail still draws whole bodies.
    expect(cases.slice(8).some((c) => Object.keys(c.body?.value as object).length > 2)).toBe(true);
  });

  it('should keep the whole drawn body under an edge when the required fields alone are not a valid body', () => {
    // Arrange: nothing is required, but a body needs two fields.
    const schema: Schema = { type: 'object', minProperties: 2, properties: { a: { type: 'integer', minimum: 0 }, b: { type: 'integer' }, c: { type: 'integer' } } };
    const create = operation({ id: 'create', method: 'post', requestBody: { required: true, content: [{ mediaType: 'application/json', schema, examples: [] }] }, security: [] });
    // Act: the first 9 cases are the edges (a: 0, -1, 1; b and c: 0, -1, 1).
    const edges = generateCases(model([create]), { count: 40, seed: 4, mode: 'boundary' }).slice(0, 9);
    // Assert: every edge is a body of two fields or more, and only `a`'s -1 breaks anything: `minimum`.
    for (const c of edges) expect(Object.keys(c.body?.value as object).length).toBeGreaterThanOrEqual(2);
    expect(edges.map((c) => c.violates?.keyword).filter((keyword) => keyword !== undefined)).toEqual(['minimum']);
    expect(edges.find((c) => c.violates)?.body?.value).toMatchObject({ a: -1 });
  });

  it('should hand an operation no request satisfies to onUnsatisfiable and go on with the others', () => {
    // Arrange
    const impossible = operation({ id: 'impossible', path: '/impossible', method: 'post', requestBody: { required: true, content: [{ mediaType: 'application/json', schema: { allOf: [{ type: 'string' }, { type: 'integer' }] }, examples: [] }] }, security: [] });
    const skipped: string[] = [];
    // Act
    const cases = generateCases(model([impossible, listImages]), { count: 2, seed: 1, mode: 'positive', onUnsatisfiable: (op, error) => skipped.push(`${op.id}: ${error.message}`) });
    // Assert
    expect(skipped).toEqual([expect.stringMatching(/^impossible: no value satisfies the schema at #/)]);
    // Two cases, opened by the first stripped to its required parameters (listImages has optional ones).
    expect(cases.map((c) => c.operationId)).toEqual(['listImages', 'listImages', 'listImages']);
  });

  it('should throw the unsatisfiable schema without onUnsatisfiable', () => {
    const impossible = operation({ id: 'impossible', path: '/impossible', method: 'post', requestBody: { required: true, content: [{ mediaType: 'application/json', schema: { allOf: [{ type: 'string' }, { type: 'integer' }] }, examples: [] }] }, security: [] });
    expect(() => generateCases(model([impossible]), { count: 1, seed: 1, mode: 'positive' })).toThrow(expect.objectContaining({ code: 'CONFORM_SPEC_INVALID' }));
  });

  it('should refuse an unknown operation id with a usage error', () => {
    expect(() => generateCases(model([listImages]), { operationId: 'nope', count: 1, seed: 1, mode: 'positive' })).toThrow(expect.objectContaining({ code: 'CONFORM_USAGE' }));
  });
});

const SPECS = ['specs/glance-v2.yaml', 'specs/prime-intellect.yaml', 'specs/img-processing.yaml'];
const CORPUS = '../shared/corpus/wfd';

describe('cases for real documents', () => {
  it.each(SPECS)('should produce only valid positive requests for every operation of %s', async (source) => {
    // Arrange
    const api = await loadApi([source]);
    // Act
    const validity = measureValidity(api, 25, 11);
    // Assert
    expect(validity.samples).toEqual([]);
    expect(validity.operationsWithCases).toBe(validity.operations);
    expect(validity.invalid).toBe(0);
  });

  it.each(SPECS)('should make every negative case of %s break exactly what it says', async (source) => {
    // Arrange
    const api = await loadApi([source]);
    const validate = createAjvValidator(api.dialect, api.document);
    const mismatches: string[] = [];
    // Act
    for (const op of api.operations) {
      const drafts = draftOf(op, { mode: 'negative', resolveRef: (ref) => api.resolveRef(ref) });
      for (const draft of drafts ? fc.sample(drafts, { seed: 13, numRuns: 25 }) : []) {
        const violates = draft.violates;
        if (!violates || violates.keyword === 'required' || violates.against === 'resource') continue;
        const target = violates.location === 'body' ? op.requestBody?.content.find((m) => m.mediaType === draft.body.body?.mediaType) : op.parameters.find((p) => p.name === violates.parameter && p.in === violates.location);
        const value = violates.location === 'body' ? draft.body.body?.value : draft.values.get(target as Parameter);
        const why = explainMismatch(validate((target?.schema ?? {}) as Schema, value), violates);
        if (why) mismatches.push(`${op.id} ${violates.description}: ${why}`);
      }
    }
    // Assert
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  const corpus = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => /\.(json|ya?ml)$/.test(f)) : [];
  it.skipIf(corpus.length === 0)('should produce only valid positive requests for every operation of the wfd corpus (skipped when ../shared/corpus is absent)', async () => {
    // Arrange
    const rates: string[] = [];
    let invalid = 0;
    // Act
    for (const file of corpus) {
      let api: ApiModel;
      try {
        api = await loadApi([`${CORPUS}/${file}`]);
      } catch {
        continue; // refused documents are the loader's business (its own corpus test)
      }
      const validity = measureValidity(api, 5, 17);
      invalid += validity.invalid;
      if (validity.invalid > 0 || validity.operationsWithCases < validity.operations) rates.push(`${file}: ${validity.invalid}/${validity.values} invalid, ${validity.operationsWithCases}/${validity.operations} operations; ${validity.samples.join(' | ')}`);
    }
    // Assert
    expect(rates).toEqual([]);
    expect(invalid).toBe(0);
  });
});

describe('caseDrawsForOperation', () => {
  it.each(['specs/glance-v2.yaml', 'specs/prime-intellect.yaml', 'specs/img-processing.yaml'])(
    'should give the cases of casesForOperation in %s, drawn in any order',
    async (spec) => {
      const api = await loadApi([spec]);
      for (const operation of api.operations) {
        for (const mode of ['positive', 'negative', 'boundary'] as const) {
          const options = { mode, seed: 17, count: 6 };
          const draws = caseDrawsForOperation(api, operation, options);
          // Last first: a draw must not depend on which draws ran before it.
          const drawnBackwards = [...draws].reverse().map((draw) => draw()).reverse();
          expect(drawnBackwards, `${operation.id} ${mode}`).toEqual(casesForOperation(api, operation, options));
        }
      }
    },
  );
});
