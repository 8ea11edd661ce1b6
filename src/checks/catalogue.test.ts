import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../spec/schema-validator.ts';
import { exchangeFixture, jsonResponse, operationFixture } from '../../test/fixtures/exchange.ts';
import { checkCatalogue } from './catalogue.ts';
import { notAServerError } from './not-a-server-error.ts';
import { statusCodeConformance } from './status-code-conformance.ts';
import { contentTypeConformance } from './content-type-conformance.ts';
import { responseHeadersConformance } from './response-headers-conformance.ts';
import { responseSchemaConformance } from './response-schema-conformance.ts';
import type { CheckContext } from './define-check.ts';

const imageSchema = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'active'] },
    name: { type: 'string', nullable: true },
  },
};

function context(responses = [jsonResponse('200', imageSchema), jsonResponse('4XX'), jsonResponse('default')]): CheckContext {
  return { operation: operationFixture({ responses }), validator: new SchemaValidator('openapi-3.0') };
}

const goodImage = { id: '0b5e4c1e-8a8e-4a8b-9d4c-2b8f3f0a9e11', status: 'active', name: null };

describe('check catalogue', () => {
  it('should have unique snake_case ids, a title and a clause for every check', () => {
    const ids = checkCatalogue.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of checkCatalogue) {
      expect(check.id).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(check.title.length).toBeGreaterThan(3);
      expect(check.clause.length).toBeGreaterThan(3);
    }
  });
});

describe('not_a_server_error', () => {
  it('should report a 5xx and pass a 4xx', () => {
    expect(notAServerError.run(exchangeFixture(503), context())).toHaveLength(1);
    expect(notAServerError.run(exchangeFixture(404), context())).toEqual([]);
  });
});

describe('status_code_conformance', () => {
  it('should accept exact codes, ranges and default', () => {
    const narrow = context([jsonResponse('200'), jsonResponse('4XX')]);
    expect(statusCodeConformance.run(exchangeFixture(200), narrow)).toEqual([]);
    expect(statusCodeConformance.run(exchangeFixture(404), narrow)).toEqual([]);
    expect(statusCodeConformance.run(exchangeFixture(302), context())).toEqual([]);
  });

  it('should report an undocumented status with the documented list', () => {
    const narrow = context([jsonResponse('200'), jsonResponse('404')]);
    const [finding] = statusCodeConformance.run(exchangeFixture(418), narrow);
    expect(finding?.message).toMatch(/answered 418; the document allows 200, 404/);
    expect(finding?.key).toBe('418');
  });
});

describe('content_type_conformance', () => {
  it('should pass a documented media type with parameters', () => {
    const exchange = exchangeFixture(200, goodImage, { 'content-type': 'application/json; charset=utf-8' });
    expect(contentTypeConformance.run(exchange, context())).toEqual([]);
  });

  it('should report an undocumented or missing content type', () => {
    expect(contentTypeConformance.run(exchangeFixture(200, '<html/>', { 'content-type': 'text/html' }), context())[0]?.key).toBe('200:text/html');
    expect(contentTypeConformance.run(exchangeFixture(200, '{}', {}), context())[0]?.key).toBe('200:missing');
  });
});

describe('response_headers_conformance', () => {
  const withLocation = [jsonResponse('201', undefined, [{ name: 'Location', required: true, schema: { type: 'string' } }, { name: 'X-Count', required: false, schema: { type: 'integer', minimum: 0 } }])];

  it('should pass present, valid headers', () => {
    const exchange = exchangeFixture(201, '{}', { 'content-type': 'application/json', location: '/v2/images/1', 'x-count': '3' });
    expect(responseHeadersConformance.run(exchange, context(withLocation))).toEqual([]);
  });

  it('should report a missing required header and an invalid one', () => {
    const exchange = exchangeFixture(201, '{}', { 'content-type': 'application/json', 'x-count': '-1' });
    const findings = responseHeadersConformance.run(exchange, context(withLocation));
    expect(findings.map((finding) => finding.key)).toEqual(['201:location:missing', '201:x-count:#/minimum']);
  });
});

describe('response_schema_conformance', () => {
  it('should pass a body that matches the schema', () => {
    expect(responseSchemaConformance.run(exchangeFixture(200, goodImage), context())).toEqual([]);
  });

  it('should report a missing required field, a bad enum and a bad format, each once', () => {
    const body = { id: 'not-a-uuid', status: 'exploded' };
    const findings = responseSchemaConformance.run(exchangeFixture(200, body), context());
    expect(findings.map((finding) => finding.evidence.keyword).sort()).toEqual(['enum', 'format']);
    const missing = responseSchemaConformance.run(exchangeFixture(200, { id: goodImage.id }), context());
    expect(missing[0]?.message).toMatch(/must have required property 'status'/);
  });

  it('should collapse the same defect across list items', () => {
    const listSchema = { type: 'object', properties: { images: { type: 'array', items: imageSchema } } };
    const body = { images: [{ ...goodImage, status: 'x' }, { ...goodImage, status: 'y' }] };
    const findings = responseSchemaConformance.run(exchangeFixture(200, body), context([jsonResponse('200', listSchema)]));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.key).toContain('/images/*/status');
  });

  it('should report malformed JSON and an empty body', () => {
    expect(responseSchemaConformance.run(exchangeFixture(200, '{"id":', { 'content-type': 'application/json' }), context())[0]?.key).toBe('200:not-json');
    expect(responseSchemaConformance.run(exchangeFixture(200, '', { 'content-type': 'application/json' }), context())[0]?.key).toBe('200:empty');
  });
});
