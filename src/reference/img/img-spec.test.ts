import { existsSync, readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { IMG_SPEC_PATH, ImgSchemas, loadImgSpec } from './img-test-support.ts';

const SEED_PATH = new URL('../../../../shared/seeds/image-publish.txt', import.meta.url);
const README_PATH = new URL('../../../specs/README.md', import.meta.url);

type Operation = Record<string, unknown> & { responses: Record<string, unknown> };

function operations(): [string, string, Operation][] {
  const paths = loadImgSpec()['paths'] as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => [path, method, operation as Operation] as [string, string, Operation]),
  );
}

describe('specs/img-processing.yaml', () => {
  it('should be valid OpenAPI 3.1', async () => {
    // Act
    const api = (await SwaggerParser.validate(IMG_SPEC_PATH.pathname)) as { openapi: string };
    // Assert
    expect(api.openapi).toBe('3.1.0');
  });

  it('should declare the x-api-key scheme for every operation', () => {
    const spec = loadImgSpec();
    expect(spec['security']).toEqual([{ ApiKeyAuth: [] }]);
    expect((spec['components'] as Record<string, Record<string, unknown>>)['securitySchemes']).toEqual({
      ApiKeyAuth: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
    });
  });

  it.each(operations())('should give %s %s a per-key rate limit, 401 and 429 with Retry-After', (_path, _method, operation) => {
    expect(operation['x-rate-limit']).toEqual({
      limit: 100,
      windowSeconds: 60,
      scope: ['key'],
      tiers: [{ name: 'test', keyPrefix: 'img_test_', limit: 10 }],
    });
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '429']));
  });

  it('should answer publish and unpublish with 201 and the Image object', () => {
    const byId = new Map(operations().map(([, , operation]) => [operation['operationId'], operation]));
    for (const id of ['publishImage', 'unpublishImage', 'uploadImage']) {
      expect(Object.keys(byId.get(id)?.responses ?? {})).toContain('201');
    }
    const spec = loadImgSpec() as { components: { responses: Record<string, { headers?: unknown }> } };
    expect(JSON.stringify(spec.components.responses['ImgTooManyRequests'])).toContain('#/components/headers/ImgRetryAfter');
  });

  it.each([
    ['an Image with url null', { id: 'image_abc', name: 'n', url: null, width: 1, height: 2, format: 'png', size: 3, created_at: '2024-08-07T12:00:00.000Z' }, []],
    ['an Image with a CDN url', { id: 'image_abc', name: 'n', url: 'http://127.0.0.1:1/cdn/owner/image_abc.png', width: 1, height: 2, format: 'webp', size: 3, created_at: '2024-08-07T12:00:00Z' }, []],
    ['an id without the image_ prefix', { id: 'img_abc', name: 'n', url: null, width: 1, height: 2, format: 'png', size: 3, created_at: '2024-08-07T12:00:00Z' }, ['/id pattern']],
    ['a relative url', { id: 'image_abc', name: 'n', url: 'cdn/x.png', width: 1, height: 2, format: 'png', size: 3, created_at: '2024-08-07T12:00:00Z' }, ['/url format']],
    ['a gif', { id: 'image_abc', name: 'n', url: null, width: 1, height: 2, format: 'gif', size: 3, created_at: '2024-08-07T12:00:00Z' }, ['/format enum']],
    ['a fractional width', { id: 'image_abc', name: 'n', url: null, width: 1.5, height: 2, format: 'png', size: 3, created_at: '2024-08-07T12:00:00Z' }, ['/width type']],
  ])('should judge %s', (_label, value, errors) => {
    expect(new ImgSchemas().errors('ImgImage', value)).toEqual(errors);
  });

  it.skipIf(!existsSync(SEED_PATH))('should map the seed in specs/README.md, down to its facts', () => {
    // Arrange
    const readme = readFileSync(README_PATH, 'utf8');
    const section = readme.slice(readme.indexOf('## img-processing.yaml'));
    // Assert: the seed's distinctive statements each have a row.
    for (const phrase of ['private', 'CDN', 'url', 'image_', 'jpeg', 'created_at', 'size', '201']) {
      expect(section).toContain(phrase);
    }
    expect(readFileSync(SEED_PATH, 'utf8')).toContain('By default, all images created using the API are private');
  });
});
