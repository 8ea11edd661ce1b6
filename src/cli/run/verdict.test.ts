import { describe, expect, it } from 'vitest';
import { countOutcomes, type Summary, type SummaryCheck } from '../../report/summary-report.ts';
import { verdictOf } from './verdict.ts';

function result(checks: readonly SummaryCheck[]) {
  const summary: Summary = { api: 'img', target: 'http://127.0.0.1:1', seed: 1, ok: true, outcomes: countOutcomes(checks), checks, findings: [], stats: { requests: 1, durationMs: 1 } };
  return { summary, errors: [], testsFailed: 0 };
}
const check = (id: string, status: SummaryCheck['status'], extra: Partial<SummaryCheck> = {}): SummaryCheck => ({ id, operation: 'GET /v1/images', operationId: 'listImages', status, requests: 1, ...extra });

describe('verdictOf', () => {
  it('should be plainly CONFORMANT when only contract checks and not-applicable suites skipped', () => {
    expect(verdictOf(result([check('not_a_server_error', 'passed'), check('missing_required_header', 'skipped'), check('list_filters', 'skipped', { notApplicable: true })]))).toEqual({ label: 'CONFORMANT', exitCode: 0 });
  });

  it('should never read as a plain CONFORMANT when a semantic suite could not run', () => {
    const verdict = verdictOf(result([check('not_a_server_error', 'passed'), check('visibility_isolation', 'skipped', { reason: "needs the principal 'owner'" })]));
    expect(verdict).toEqual({ label: 'CONFORMANT (incomplete)', exitCode: 0 });
  });
});
