import { describe, expect, it } from 'vitest';
import { buildMatrix } from './matrix.ts';
import { countOutcomes, type Summary, type SummaryCheck, type SummaryFinding } from './summary-report.ts';

function finding(check: string, operation: string, message: string, extra: Record<string, unknown> = {}): SummaryFinding {
  return {
    check,
    operation,
    message,
    clause: 'c',
    severity: 'error',
    key: message,
    occurrences: 1,
    request: { method: 'GET', url: 'http://127.0.0.1/x', headers: {} },
    curl: 'curl http://127.0.0.1/x',
    seed: 1,
    evidence: {},
    ...extra,
  } as SummaryFinding;
}

function summary(target: string, checks: SummaryCheck[], findings: SummaryFinding[] = []): Summary {
  return { api: 'glance', target, seed: 1, ok: findings.length === 0 && checks.every((check) => check.status !== 'failed'), outcomes: countOutcomes(checks), checks, findings, stats: { requests: 3, durationMs: 5 } };
}

const LIST = 'GET /v2/images';
const SHOW = 'GET /v2/images/{image_id}';

describe('buildMatrix', () => {
  it('should lay out one row per check and operation with one cell per target', () => {
    // Arrange
    const ref = summary('http://ref/v2', [
      { id: 'status_code_conformance', operation: LIST, operationId: LIST, status: 'passed', requests: 2 },
      { id: 'status_code_conformance', operation: SHOW, operationId: SHOW, status: 'passed', requests: 2 },
      { id: 'visibility', operation: 'visibility (Glance)', operationId: 'visibility (Glance)', status: 'skipped', requests: 0, reason: 'needs two principals' },
    ]);
    const faulty = summary(
      'http://faulty/v2',
      [
        { id: 'status_code_conformance', operation: LIST, operationId: LIST, status: 'failed', requests: 2 },
        { id: 'status_code_conformance', operation: SHOW, operationId: SHOW, status: 'passed', requests: 2 },
      ],
      [finding('status_code_conformance', LIST, 'undocumented status 500'), finding('status_code_conformance', LIST, 'second')],
    );
    // Act
    const matrix = buildMatrix([
      { name: 'ref', summary: ref, reportPath: 'ref/summary.json' },
      { name: 'faulty', summary: faulty, reportPath: 'faulty/summary.json' },
    ]);
    // Assert
    expect(matrix.rows.map((row) => `${row.id} ${row.operation}`)).toEqual([
      `status_code_conformance ${LIST}`,
      `status_code_conformance ${SHOW}`,
      'visibility visibility (Glance)',
    ]);
    expect(matrix.rows[0]?.cells).toEqual([
      { status: 'passed', findings: 0, evidence: 'ref/summary.json' },
      {
        status: 'failed',
        message: 'undocumented status 500',
        findings: 2,
        evidence: 'faulty/summary.json',
        details: [
          { message: 'undocumented status 500', clause: 'c', request: 'GET http://127.0.0.1/x', curl: 'curl http://127.0.0.1/x', occurrences: 1, known: false },
          { message: 'second', clause: 'c', request: 'GET http://127.0.0.1/x', curl: 'curl http://127.0.0.1/x', occurrences: 1, known: false },
        ],
      },
    ]);
    expect(matrix.rows[2]?.cells.map((cell) => cell.status)).toEqual(['skipped', 'absent']);
    expect(matrix.rows[2]?.cells[0]?.message).toBe('needs two principals');
    expect(matrix.targets.map((target) => [target.name, target.ok, target.counts])).toEqual([
      ['ref', true, { passed: 2, failed: 0, skipped: 1, error: 0, absent: 0 }],
      ['faulty', false, { passed: 1, failed: 1, skipped: 0, error: 0, absent: 1 }],
    ]);
  });

  it('should show a check that could not conclude as an error cell with its cause, even beside its findings', () => {
    // Arrange: the check threw after it had seen one defect.
    const checks: SummaryCheck[] = [{ id: 'response_schema_conformance', operation: LIST, operationId: LIST, status: 'error', requests: 4, reason: 'SchemaCompileError: bad pattern' }];
    const findings = [finding('response_schema_conformance', LIST, 'wrong type')];
    // Act
    const matrix = buildMatrix([{ name: 'vendor', summary: summary('http://vendor', checks, findings), reportPath: 'vendor/summary.json' }]);
    // Assert
    expect(matrix.rows[0]?.cells[0]).toMatchObject({ status: 'error', message: 'SchemaCompileError: bad pattern', findings: 1 });
    expect(matrix.targets[0]?.counts.error).toBe(1);
  });

  it('should mark a cell failed when a finding exists without a failed check result', () => {
    // Arrange
    const only = summary('http://t', [{ id: 'pagination', operation: LIST, operationId: LIST, status: 'passed', requests: 1 }], [finding('lifecycle', 'lifecycle (Glance)', 'stuck in queued')]);
    // Act
    const matrix = buildMatrix([{ name: 't', summary: only, reportPath: 't/summary.json' }]);
    // Assert
    const row = matrix.rows.find((candidate) => candidate.id === 'lifecycle');
    expect(row?.cells[0]).toMatchObject({ status: 'failed', message: 'stuck in queued', findings: 1 });
  });

  it('should flag a failed cell whose findings are all known deviations', () => {
    // Arrange
    const checks: SummaryCheck[] = [{ id: 'response_schema_conformance', operation: LIST, operationId: LIST, status: 'failed', requests: 1 }];
    const known = summary('http://glance', checks, [finding('response_schema_conformance', LIST, 'extra field', { known: { reason: 'upstream', deviation: 0 } })]);
    const unknown = summary('http://other', checks, [finding('response_schema_conformance', LIST, 'extra field')]);
    // Act
    const matrix = buildMatrix([
      { name: 'glance', summary: known, reportPath: 'glance/summary.json' },
      { name: 'other', summary: unknown, reportPath: 'other/summary.json' },
    ]);
    // Assert
    expect(matrix.rows[0]?.cells.map((cell) => cell.known ?? false)).toEqual([true, false]);
  });

  it('should carry at most three findings per cell, with the response status and a short body excerpt', () => {
    // Arrange
    const response = { status: 500, headers: {}, body: 'x'.repeat(1000) };
    const many = [1, 2, 3, 4, 5].map((n) => finding('not_a_server_error', LIST, `crash ${n}`, { response }));
    const faulty = summary('http://faulty', [{ id: 'not_a_server_error', operation: LIST, operationId: LIST, status: 'failed', requests: 5 }], many);
    // Act
    const matrix = buildMatrix([{ name: 'faulty', summary: faulty, reportPath: 'faulty/summary.json', htmlPath: 'faulty/html/index.html' }]);
    // Assert
    const cell = matrix.rows[0]?.cells[0];
    expect(cell?.findings).toBe(5);
    expect(cell?.details?.map((detail) => detail.message)).toEqual(['crash 1', 'crash 2', 'crash 3']);
    expect(cell?.details?.[0]?.status).toBe(500);
    expect(cell?.details?.[0]?.body?.length).toBeLessThan(500);
    expect(matrix.targets[0]?.report).toBe('faulty/html/index.html');
  });

  it('should give an empty matrix for no targets', () => {
    expect(buildMatrix([])).toEqual({ targets: [], rows: [] });
  });
});
