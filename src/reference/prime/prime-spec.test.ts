import { existsSync, readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PRIME_SPEC_PATH, loadPrimeSpec } from './prime-test-support.ts';

const SEED_PATH = new URL('../../../../shared/seeds/prime-intellect-update-image-visibility.md', import.meta.url);
const PATCH_PATH = '/api/v1/images/{image_name}/{image_tag}/visibility';
const ADDED_PATHS = ['/api/v1/images', '/api/v1/images/{image_name}/{image_tag}'];

type Json = Record<string, unknown>;

function readSeed(): Json {
  const markdown = readFileSync(SEED_PATH, 'utf8');
  const block = /````yaml[^\n]*\n([\s\S]*?)\n````/.exec(markdown)?.[1];
  if (block === undefined) throw new Error('no yaml block in the seed');
  return parse(block) as Json;
}

function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], value);
}

describe('specs/prime-intellect.yaml', () => {
  it('should be a valid OpenAPI 3.1 document', async () => {
    // Arrange
    const path = PRIME_SPEC_PATH.pathname;

    // Act
    const api = (await SwaggerParser.validate(path)) as Json;

    // Assert
    expect(api['openapi']).toBe('3.1.0');
    expect(Object.keys(api['paths'] as Json).sort()).toEqual([...ADDED_PATHS, PATCH_PATH].sort());
  });

  it.skipIf(!existsSync(SEED_PATH))('should keep every seed component schema and the security scheme verbatim (skipped when ../shared is absent)', () => {
    // Arrange
    const seed = readSeed();
    const ours = loadPrimeSpec();

    // Act
    const seedSchemas = at(seed, 'components', 'schemas') as Json;

    // Assert
    for (const [name, schema] of Object.entries(seedSchemas)) expect(at(ours, 'components', 'schemas', name)).toEqual(schema);
    expect(at(ours, 'components', 'securitySchemes')).toEqual(at(seed, 'components', 'securitySchemes'));
    expect(ours['security']).toEqual(seed['security']);
    expect(ours['servers']).toEqual(seed['servers']);
  });

  it.skipIf(!existsSync(SEED_PATH))('should keep the seed PATCH operation, adding only x-rate-limit, response headers, 404 and 429 (skipped when ../shared is absent)', () => {
    // Arrange
    const seedOperation = at(readSeed(), 'paths', PATCH_PATH, 'patch') as Json;
    const operation = at(loadPrimeSpec(), 'paths', PATCH_PATH, 'patch') as Json;

    // Act
    const { responses: seedResponses, ...seedRest } = seedOperation;
    const { responses, 'x-rate-limit': rateLimit, ...rest } = operation;

    // Assert
    expect(rest).toEqual(seedRest);
    expect(rateLimit).toEqual({ limit: 100, windowSeconds: 60, scope: ['ip', 'token'] });
    expect(Object.keys(responses as Json).sort()).toEqual(['200', '401', '404', '422', '429']);
    for (const [status, response] of Object.entries(seedResponses as Json)) {
      const { headers: _added, ...kept } = (responses as Json)[status] as Json;
      expect(kept).toEqual(response);
    }
  });

  it('should mark every added operation reference-only and rate-limited', () => {
    // Arrange
    const spec = loadPrimeSpec();

    // Act
    const added = ADDED_PATHS.map((path) => at(spec, 'paths', path, 'get') as Json);

    // Assert
    for (const operation of added) {
      expect(String(operation['description'])).toMatch(/^Reference-only:/);
      expect(operation['x-conform-reference-only']).toBe(true);
      expect(operation['x-rate-limit']).toEqual({ limit: 100, windowSeconds: 60, scope: ['ip', 'token'] });
      expect(operation['security']).toEqual([{ HTTPBearer: [] }]);
    }
  });

  it('should document Retry-After and the RateLimit headers on the 429 response', () => {
    // Arrange
    const spec = loadPrimeSpec();

    // Act
    const tooMany = at(spec, 'components', 'responses', 'PrimeTooManyRequests', 'headers') as Json;

    // Assert
    expect(Object.keys(tooMany).sort()).toEqual(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']);
  });
});
