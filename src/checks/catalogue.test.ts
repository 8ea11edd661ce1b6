import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../openapi/schema-validator.ts';
import { exchangeFixture, jsonResponse, operationFixture } from '../../test/fixtures/exchange.ts';
import { checkCatalogue } from './catalogue.ts';
import { notAServerError } from './not-a-server-error.ts';
import { statusCodeConformance } from './status-code-conformance.ts';
import { contentTypeConformance } from './content-type-conformance.ts';
import { responseHeadersConformance } from './response-headers-conformance.ts';
import { responseSchemaConformance } from './response-schema-conformance.ts';
import type { CheckContext } from './define-check.ts';
import { negativeDataRejection } from './negative-data-rejection.ts';
import { positiveDataAcceptance } from './positive-data-acceptance.ts';
import { ignoredAuth } from './ignored-auth.ts';
import { missingRequiredHeader } from './missing-required-header.ts';
import { unsupportedMethod } from './unsupported-method.ts';
import { useAfterFree } from './use-after-free.ts';
import { ensureResourceAvailability } from './ensure-resource-availability.ts';
import { maxResponseTime } from './max-response-time.ts';

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

  it('should keep each check to its scope: a probe or stateful check judges only its probes, an any-scope check every answer', () => {
    // Arrange
    const answer = exchangeFixture(500, { id: 'x' });
    const cases = (['positive', 'negative', 'boundary'] as const).map((mode): CheckContext => ({ ...context(), mode }));
    const probes: CheckContext['probe'][] = [
      { kind: 'no-credentials' },
      { kind: 'invalid-credentials' },
      { kind: 'missing-header', header: 'X-Auth-Token' },
      { kind: 'unsupported-method', method: 'PUT', documented: ['GET'] },
      { kind: 'read-after-create', created: 'http://127.0.0.1:1/images/x' },
      { kind: 'read-after-delete', deleted: 'http://127.0.0.1:1/images/x' },
      { kind: 'no-accept' },
    ];
    const probed = probes.map((probe): CheckContext => ({ ...context(), probe }));

    // Act, Assert
    for (const check of checkCatalogue) {
      const onCases = cases.some((candidate) => check.appliesTo(answer, candidate));
      const onProbes = probed.some((candidate) => check.appliesTo(answer, candidate));
      if (check.scope === 'probe' || check.scope === 'stateful') expect({ check: check.id, onCases, onProbes }).toEqual({ check: check.id, onCases: false, onProbes: true });
      if (check.scope === 'any') expect({ check: check.id, onCases, onProbes }).toEqual({ check: check.id, onCases: true, onProbes: true });
    }
    expect(checkCatalogue.filter((check) => check.scope === 'stateful').every((check) => probed.filter((candidate) => check.appliesTo(answer, candidate)).every((candidate) => candidate.probe?.kind.startsWith('read-after-')))).toBe(true);
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

  it('should describe a body that is not JSON by what it is: its media type and first words', () => {
    const [finding] = responseSchemaConformance.run(exchangeFixture(200, '400 Bad Request\n\nInvalid sort key: . It must be one of the following: name, status', { 'content-type': 'text/plain; charset=UTF-8' }), context());
    expect(finding?.message).toMatch(/answered 200 with a text\/plain body "400 Bad Request Invalid sort key: \. It must be one of the fo…", not JSON$/);
    expect(finding?.evidence['parseError']).toEqual(expect.any(String));
  });
});

describe('checks on probes and generated modes', () => {
  const base = context([jsonResponse('200'), jsonResponse('401'), jsonResponse('405')]);

  it('negative_data_rejection: should fail an accepted invalid request and pass a refused one', () => {
    const negative = { ...base, mode: 'negative' as const, violates: { keyword: 'minimum', location: 'query:limit', description: 'query limit=-1 violates minimum: 0' } };
    expect(negativeDataRejection.run(exchangeFixture(200), negative)[0]?.message).toMatch(/accepted an invalid request with 200: query limit=-1/);
    expect(negativeDataRejection.run(exchangeFixture(400), negative)).toEqual([]);
    expect(negativeDataRejection.appliesTo(exchangeFixture(200), { ...base, mode: 'positive' })).toBe(false);
  });

  it('positive_data_acceptance: should fail 400/422 to a valid request only', () => {
    const positive = { ...base, mode: 'positive' as const };
    expect(positiveDataAcceptance.run(exchangeFixture(422), positive)).toHaveLength(1);
    expect(positiveDataAcceptance.run(exchangeFixture(404), positive)).toEqual([]);
  });

  it('positive_data_acceptance: should judge a boundary case at a documented limit, and not one past it', () => {
    const atLimit = { ...base, mode: 'boundary' as const };
    const pastLimit = { ...atLimit, violates: { keyword: 'maximum', location: 'query:take', description: 'take=101 violates maximum: 100' } };
    expect(positiveDataAcceptance.appliesTo(exchangeFixture(400), atLimit)).toBe(true);
    expect(positiveDataAcceptance.appliesTo(exchangeFixture(400), pastLimit)).toBe(false);
    expect(positiveDataAcceptance.appliesTo(exchangeFixture(400), { ...base, mode: 'negative' as const })).toBe(false);
  });

  it('ignored_auth: should fail a 2xx without credentials and pass 401/403', () => {
    const probe = { ...base, probe: { kind: 'no-credentials' as const } };
    expect(ignoredAuth.run(exchangeFixture(200), probe)[0]?.key).toBe('no-credentials');
    expect(ignoredAuth.run(exchangeFixture(401), probe)).toEqual([]);
    expect(ignoredAuth.appliesTo(exchangeFixture(200), base)).toBe(false);
  });

  it('missing_required_header: should fail anything but a 4xx without the header', () => {
    const probe = { ...base, probe: { kind: 'missing-header' as const, header: 'X-Request-Id' } };
    expect(missingRequiredHeader.run(exchangeFixture(200), probe)[0]?.message).toMatch(/without the required header X-Request-Id/);
    expect(missingRequiredHeader.run(exchangeFixture(500), probe)).toHaveLength(1);
    expect(missingRequiredHeader.run(exchangeFixture(400), probe)).toEqual([]);
  });

  it('unsupported_method: should want 405 with Allow', () => {
    const probe = { ...base, probe: { kind: 'unsupported-method' as const, method: 'PUT', documented: ['GET'] } };
    expect(unsupportedMethod.run(exchangeFixture(200), probe)[0]?.key).toBe('PUT:200');
    expect(unsupportedMethod.run(exchangeFixture(405), probe)[0]?.key).toBe('PUT:no-allow');
    expect(unsupportedMethod.run(exchangeFixture(405, '', { allow: 'GET' }), probe)).toEqual([]);
  });

  it('use_after_free and ensure_resource_availability: should judge reads after delete and after create', () => {
    const afterDelete = { ...base, probe: { kind: 'read-after-delete' as const, deleted: '/images/1' } };
    expect(useAfterFree.run(exchangeFixture(200), afterDelete)).toHaveLength(1);
    expect(useAfterFree.run(exchangeFixture(404), afterDelete)).toEqual([]);
    const afterCreate = { ...base, probe: { kind: 'read-after-create' as const, created: '/images/1' } };
    expect(ensureResourceAvailability.run(exchangeFixture(404), afterCreate)).toHaveLength(1);
    expect(ensureResourceAvailability.run(exchangeFixture(200), afterCreate)).toEqual([]);
  });

  it('max_response_time: should judge only with a budget', () => {
    const slow = { ...exchangeFixture(200), durationMs: 1500 };
    expect(maxResponseTime.appliesTo(slow, base)).toBe(false);
    expect(maxResponseTime.run(slow, { ...base, maxResponseTimeMs: 1000 })).toHaveLength(1);
    expect(maxResponseTime.run({ ...slow, durationMs: 10 }, { ...base, maxResponseTimeMs: 1000 })).toEqual([]);
  });

  it('not_a_server_error: should report a response that never came', () => {
    const failed = { ...exchangeFixture(200), response: undefined, failure: { code: 'CONFORM_REQUEST_TIMEOUT' as const, message: 'no response headers in time' } };
    expect(notAServerError.run(failed, base)[0]?.key).toBe('failure:CONFORM_REQUEST_TIMEOUT');
  });
});
