import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyKnownDeviations, deviationCovers, loadKnownDeviations, parseKnownDeviations, type KnownDeviation } from './known-deviations.ts';
import { countOutcomes, type Summary, type SummaryCheck, type SummaryFinding } from './summary-report.ts';

function finding(check: string, operation: string, key: string, evidence: Record<string, unknown>): SummaryFinding {
  return {
    check,
    operation,
    message: `${check} on ${operation}`,
    clause: 'x',
    severity: 'medium',
    key,
    occurrences: 1,
    request: { method: operation.split(' ')[0] ?? 'GET', url: 'http://127.0.0.1/x', headers: {} },
    curl: 'curl http://127.0.0.1/x',
    seed: 1,
    evidence,
  };
}

const schemaFinding = finding('response_schema_conformance', 'GET /images/{image_id}', '404:/required:', {
  status: 404,
  schemaPath: '/required',
  instancePath: '',
  keyword: 'required',
});
const headerFinding = finding('response_headers_conformance', 'POST /images', '201:location:missing', { status: 201, header: 'Location', received: null });
const semanticFinding = finding('glance_lifecycle', 'POST /images/{image_id}/actions/deactivate', 'deactivate-owner', { expected: 403 });

function summary(findings: readonly SummaryFinding[], extraChecks: readonly SummaryCheck[] = []): Summary {
  const checks: SummaryCheck[] = findings.map((item) => ({ id: item.check, operation: item.operation, operationId: item.operation, status: 'failed', requests: 1 }));
  return { api: 'glance', target: 'http://127.0.0.1/v2', seed: 1, ok: findings.length === 0, outcomes: countOutcomes([...checks, ...extraChecks]), checks: [...checks, ...extraChecks], findings, stats: { requests: 3, durationMs: 1 } };
}

const META = { kind: 'vendor-document', reproduction: 'curl -i $URL/v2/images/x' } as const;

const schemaDeviation: KnownDeviation = { check: 'response_schema_conformance', operation: 'GET /images/{image_id}', status: 404, schemaPath: '/required', reason: 'upstream error bodies differ', ...META };

describe('deviationCovers', () => {
  it('should cover a finding with the same check, operation, status and schema pointer', () => {
    expect(deviationCovers(schemaDeviation, schemaFinding)).toBe(true);
  });

  it('should not cover the same check and operation with another status', () => {
    const other = finding('response_schema_conformance', 'GET /images/{image_id}', '403:/required:', { status: 403, schemaPath: '/required' });
    expect(deviationCovers(schemaDeviation, other)).toBe(false);
  });

  it('should not cover the same check, operation and status with another schema pointer', () => {
    const other = finding('response_schema_conformance', 'GET /images/{image_id}', '404:/properties/error/type:/error', { status: 404, schemaPath: '/properties/error/type' });
    expect(deviationCovers(schemaDeviation, other)).toBe(false);
  });

  it('should not cover a finding on another operation', () => {
    expect(deviationCovers({ ...schemaDeviation, operation: 'GET /images' }, schemaFinding)).toBe(false);
  });

  it('should not let a deviation without a schema pointer cover a finding that has one', () => {
    const { schemaPath: _dropped, ...loose } = schemaDeviation;
    expect(deviationCovers(loose, schemaFinding)).toBe(false);
  });

  it('should match headers case-insensitively and require the header', () => {
    const deviation: KnownDeviation = { check: 'response_headers_conformance', operation: 'POST /images', status: 201, header: 'location', reason: 'r', ...META };
    expect(deviationCovers(deviation, headerFinding)).toBe(true);
    expect(deviationCovers({ ...deviation, header: 'etag' }, headerFinding)).toBe(false);
  });

  it('should match instancePath exactly or with array indices as *', () => {
    const listFinding = finding('response_schema_conformance', 'GET /images', '200:/x:/images/*/name', { status: 200, schemaPath: '/x', instancePath: '/images/3/name' });
    const base: KnownDeviation = { check: 'response_schema_conformance', operation: 'GET /images', status: 200, schemaPath: '/x', reason: 'r', ...META };
    expect(deviationCovers({ ...base, instancePath: '/images/*/name' }, listFinding)).toBe(true);
    expect(deviationCovers({ ...base, instancePath: '/images/3/name' }, listFinding)).toBe(true);
    expect(deviationCovers({ ...base, instancePath: '/images/*/id' }, listFinding)).toBe(false);
  });

  it('should tell findings without a pointer or header apart by key only', () => {
    const notJson = finding('response_schema_conformance', 'GET /images', '400:not-json', { status: 400, excerpt: 'x' });
    const empty = finding('response_schema_conformance', 'GET /images', '400:empty', { status: 400, mediaType: 'application/json' });
    const deviation: KnownDeviation = { check: 'response_schema_conformance', operation: 'GET /images', status: 400, key: '400:not-json', reason: 'r', ...META };
    expect(deviationCovers(deviation, notJson)).toBe(true);
    expect(deviationCovers(deviation, empty)).toBe(false);
    const { key: _dropped, ...withoutKey } = deviation;
    expect(deviationCovers(withoutKey, notJson)).toBe(false);
  });

  it('should require the key for a finding with no status, pointer or header', () => {
    const byOperation: KnownDeviation = { check: 'glance_lifecycle', operation: 'POST /images/{image_id}/actions/deactivate', key: 'deactivate-owner', reason: 'r', ...META };
    expect(deviationCovers(byOperation, semanticFinding)).toBe(true);
    expect(deviationCovers({ ...byOperation, key: 'deactivate-other' }, semanticFinding)).toBe(false);
  });
});

describe('deviationCovers: API-wide rules', () => {
  const plainError = (operation: string, status: number, accept?: string): SummaryFinding => ({
    ...finding('content_type_conformance', operation, `${status}:text/plain`, { status, received: 'text/plain' }),
    request: { method: 'GET', url: 'http://127.0.0.1/x', headers: accept === undefined ? {} : { Accept: accept } },
  });
  const rule: KnownDeviation = { check: 'content_type_conformance', operation: '*', status: '4xx', reason: 'r', ...META };

  it("should cover every operation with '*' and every status of a class with 4xx, and nothing outside the class", () => {
    const byKey = (status: number): KnownDeviation => ({ ...rule, key: `${status}:text/plain` });
    expect(deviationCovers(byKey(403), plainError('POST /images', 403))).toBe(true);
    expect(deviationCovers(byKey(404), plainError('DELETE /images/{image_id}', 404))).toBe(true);
    expect(deviationCovers({ ...byKey(500), status: '4xx' }, plainError('GET /images', 500))).toBe(false);
  });

  it('should narrow by whether the request asked for JSON', () => {
    const deviation: KnownDeviation = { ...rule, key: '400:text/plain', accept: 'not-json' };
    expect(deviationCovers(deviation, plainError('GET /images', 400))).toBe(true);
    expect(deviationCovers(deviation, plainError('GET /images', 400, '*/*'))).toBe(true);
    expect(deviationCovers(deviation, plainError('GET /images', 400, 'application/json'))).toBe(false);
    expect(deviationCovers({ ...deviation, accept: 'json' }, plainError('GET /images', 400, 'application/json'))).toBe(true);
  });

  it('should narrow by the request body, so another crash of the same operation stays unexpected', () => {
    const crash = (body: string): SummaryFinding => ({ ...finding('not_a_server_error', 'PATCH /images/{image_id}', '500', { status: 500 }), request: { method: 'PATCH', url: 'http://127.0.0.1/x', headers: {}, body } });
    const deviation: KnownDeviation = { check: 'not_a_server_error', operation: 'PATCH /images/{image_id}', status: 500, key: '500', requestBody: '"path":\\s*(null|true|false|-?\\d|\\[)', reason: 'r', ...META, kind: 'upstream-defect' };
    expect(deviationCovers(deviation, crash('[{"op":"add","path":null,"value":"x"}]'))).toBe(true);
    expect(deviationCovers(deviation, crash('[{"op":"add","path":["a"],"value":"x"}]'))).toBe(true);
    expect(deviationCovers(deviation, crash('[{"op":"add","path":"/name","value":""}]'))).toBe(false);
  });

  it("should let * in a key stand for any text, and keep a not-json rule out of a run that asked for JSON (neither matched nor stale)", () => {
    const deviation: KnownDeviation = { ...rule, key: '*:text/plain', accept: 'not-json' };
    expect(deviationCovers(deviation, plainError('PATCH /images/{image_id}', 415))).toBe(true);
    expect(deviationCovers({ ...deviation, key: '*:text/html' }, plainError('PATCH /images/{image_id}', 415))).toBe(false);
    // The check ran (and passed) on an operation, so only the accept condition decides.
    const ran = summary([], [{ id: 'content_type_conformance', operation: 'PATCH /images/{image_id}', operationId: 'updateImage', status: 'passed', requests: 1 }]);
    const asked = applyKnownDeviations(ran, [deviation]);
    expect(asked.stale).toEqual([]);
    expect(asked.summary.knownDeviations.inapplicable).toEqual([deviation]);
    const withoutAccept = applyKnownDeviations({ ...ran, accept: { '*': 'none' } }, [deviation]);
    expect(withoutAccept.stale).toEqual([deviation]);
  });

  it('should call a deviation stale only when its check ran on its operation (not when --checks left it out, or it was skipped)', () => {
    const check = (operation: string, status: 'passed' | 'skipped'): SummaryCheck => ({ id: 'response_schema_conformance', operation, operationId: 'showImage', status, requests: status === 'passed' ? 1 : 0 });
    // Left out: the run judged other checks only
    const leftOut = applyKnownDeviations(summary([], [{ ...check('GET /images', 'passed'), id: 'pagination_complete' }]), [schemaDeviation]);
    expect([leftOut.stale, leftOut.summary.knownDeviations.inapplicable]).toEqual([[], [schemaDeviation]]);
    // Skipped on its operation, or run on another one only
    expect(applyKnownDeviations(summary([], [check('GET /images/{image_id}', 'skipped')]), [schemaDeviation]).stale).toEqual([]);
    expect(applyKnownDeviations(summary([], [check('GET /images', 'passed')]), [schemaDeviation]).stale).toEqual([]);
    // Run on it, and nothing seen: stale
    expect(applyKnownDeviations(summary([], [check('GET /images/{image_id}', 'passed')]), [schemaDeviation]).stale).toEqual([schemaDeviation]);
  });

  it('should list matched upstream defects apart', () => {
    const defect: KnownDeviation = { ...schemaDeviation, kind: 'upstream-defect' };
    const verdict = applyKnownDeviations(summary([schemaFinding]), [defect]);
    expect(verdict.summary.knownDeviations.upstreamDefects).toEqual([defect]);
    expect(verdict.summary.findings[0]?.known?.kind).toBe('upstream-defect');
  });
});

describe('parseKnownDeviations: kind and reproduction', () => {
  const entry = { check: 'c', operation: '*', status: '4xx', key: 'k', reason: 'r', ...META };
  it('should read a rule with a status class and require a kind and a one-line reproduction', () => {
    expect(parseKnownDeviations({ deviations: [entry] }, 'f')).toEqual([entry]);
    expect(() => parseKnownDeviations({ deviations: [{ ...entry, kind: 'vendor' }] }, 'f')).toThrow(/'kind' must be vendor-document or upstream-defect/);
    const { reproduction: _dropped, ...withoutReproduction } = entry;
    expect(() => parseKnownDeviations({ deviations: [withoutReproduction] }, 'f')).toThrow(/'reproduction' is required/);
    expect(() => parseKnownDeviations({ deviations: [{ ...entry, reproduction: 'curl a\ncurl b' }] }, 'f')).toThrow(/one line/);
    expect(() => parseKnownDeviations({ deviations: [{ ...entry, requestBody: '(' }] }, 'f')).toThrow(/not a regular expression/);
    expect(() => parseKnownDeviations({ deviations: [{ ...entry, accept: 'xml' }] }, 'f')).toThrow(/'accept' must be json or not-json/);
    expect(() => parseKnownDeviations({ deviations: [{ ...entry, status: '6xx' }] }, 'f')).toThrow(/class such as 4xx/);
  });
});

describe('applyKnownDeviations', () => {
  it('should mark known findings, keep the unexpected ones and make the summary ok only when none is unexpected', () => {
    const verdict = applyKnownDeviations(summary([schemaFinding, headerFinding]), [schemaDeviation]);
    expect(verdict.unexpected).toEqual([headerFinding]);
    expect(verdict.summary.ok).toBe(false);
    expect(verdict.summary.findings.find((item) => item.check === 'response_schema_conformance')?.known?.reason).toBe('upstream error bodies differ');
    expect(verdict.summary.findings.find((item) => item.check === 'response_headers_conformance')?.known).toBeUndefined();
  });

  it('should be ok when every finding is known', () => {
    const verdict = applyKnownDeviations(summary([schemaFinding]), [schemaDeviation], 'dev.yaml');
    expect(verdict.summary.ok).toBe(true);
    expect(verdict.summary.knownDeviations).toEqual({ file: 'dev.yaml', matched: [schemaDeviation], upstreamDefects: [], stale: [] });
  });

  it('should report a deviation that matched nothing as stale without failing', () => {
    const unused: KnownDeviation = { ...schemaDeviation, status: 500 };
    const verdict = applyKnownDeviations(summary([schemaFinding]), [schemaDeviation, unused]);
    expect(verdict.stale).toEqual([unused]);
    expect(verdict.summary.knownDeviations.stale).toEqual([unused]);
    expect(verdict.summary.ok).toBe(true);
  });

  it('should still fail on a check that failed without any finding', () => {
    const broken: SummaryCheck = { id: 'glance_pagination', operation: 'GET /images', operationId: 'GET /images', status: 'failed', requests: 2, reason: 'threw' };
    expect(applyKnownDeviations(summary([schemaFinding], [broken]), [schemaDeviation]).summary.ok).toBe(false);
  });

  it('should still fail when the target was unreachable', () => {
    expect(applyKnownDeviations({ ...summary([]), unreachable: 'refused' }, []).summary.ok).toBe(false);
  });
});

describe('parseKnownDeviations', () => {
  it('should read a valid file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-dev-'));
    const path = join(dir, 'd.yaml');
    writeFileSync(path, 'deviations:\n  - check: response_schema_conformance\n    operation: GET /images/{image_id}\n    status: 404\n    schemaPath: /required\n    kind: vendor-document\n    reason: upstream\n    reproduction: curl -i $URL/v2/images/x\n');
    expect(await loadKnownDeviations(path)).toEqual([schemaDeviation].map((item) => ({ ...item, reason: 'upstream' })));
  });

  it('should reject an entry that names only check and operation', () => {
    expect(() => parseKnownDeviations({ deviations: [{ check: 'c', operation: 'GET /x', reason: 'r', ...META }] }, 'f')).toThrow(/schemaPath, header or key/);
    expect(() => parseKnownDeviations({ deviations: [{ check: 'c', operation: 'GET /x', status: 400, reason: 'r', ...META }] }, 'f')).toThrow(/schemaPath, header or key/);
  });

  it('should reject unknown fields, a bad status and a missing reason', () => {
    expect(() => parseKnownDeviations({ deviations: [{ check: 'c', operation: 'GET /x', key: '400', reason: 'r', stauts: 1, ...META }] }, 'f')).toThrow(/unknown field/);
    expect(() => parseKnownDeviations({ deviations: [{ check: 'c', operation: 'GET /x', status: '400', key: '400', reason: 'r', ...META }] }, 'f')).toThrow(/HTTP status code or a class/);
    expect(() => parseKnownDeviations({ deviations: [{ check: 'c', operation: 'GET /x', key: '400', ...META }] }, 'f')).toThrow(/'reason' is required/);
    expect(() => parseKnownDeviations([], 'f')).toThrow(/'deviations' list/);
  });

  it('should raise a config error for a missing file', async () => {
    await expect(loadKnownDeviations('/nonexistent/conform-deviations.yaml')).rejects.toMatchObject({ code: 'CONFORM_CONFIG_INVALID' });
  });
});
