import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../src/reference/index.ts';
import type { SummaryWithDeviations } from '../src/report/known-deviations.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { conform } from './support/conform-cli.ts';

const FAULT = 'response_schema_conformance/status-uppercase';

describe('conform run --known-deviations', () => {
  let faulty: ReferenceServer;
  const dir = mkdtempSync(join(tmpdir(), 'conform-known-'));
  const args = (out: string) => ['run', 'glance', '--target', `${faulty.url}/v2`, '--seed', '5', '--max-examples', '3', '--out', join(dir, out), '--quiet'];

  beforeAll(async () => {
    faulty = await startReferenceServer({ api: 'glance', faults: [FAULT], seedData: 2 });
  });

  afterAll(async () => {
    await faulty.close();
  });

  it('should exit 0 when every finding is a known deviation, and report an unmatched entry as stale', async () => {
    const first = await conform(args('plain'));
    expect(first.status).toBe(1);
    const plain = JSON.parse(readFileSync(join(dir, 'plain', 'summary.json'), 'utf8')) as Summary;
    expect(plain.findings.length).toBeGreaterThan(0);
    const entries = plain.findings.map((finding) => ({
      check: finding.check,
      operation: finding.operation,
      ...(typeof finding.evidence['status'] === 'number' ? { status: finding.evidence['status'] } : {}),
      ...(typeof finding.evidence['schemaPath'] === 'string' ? { schemaPath: finding.evidence['schemaPath'] } : {}),
      key: finding.key,
      kind: 'vendor-document',
      reason: 'injected fault',
      reproduction: `curl -i ${finding.request.url}`,
    }));
    const stale = { check: 'status_code_conformance', operation: 'GET /images', status: 599, key: '599', kind: 'upstream-defect', reason: 'never happens', reproduction: 'curl -i $URL/v2/images' };
    const file = join(dir, 'deviations.yaml');
    writeFileSync(file, stringify({ deviations: [...entries, stale] }));

    const second = await conform([...args('known'), '--known-deviations', file]);

    expect(second.status).toBe(0);
    expect(second.stdout).toContain('CONFORMANT (with known deviations)');
    expect(second.stdout).toContain('stale deviation');
    expect(second.stdout).toContain('an upstream defect: fixed?');
    const known = JSON.parse(readFileSync(join(dir, 'known', 'summary.json'), 'utf8')) as SummaryWithDeviations;
    expect(known.ok).toBe(true);
    expect(known.findings.every((finding) => finding.known?.reason === 'injected fault')).toBe(true);
    // The server keeps state between the two runs, so another entry may also go stale; the bogus one must.
    expect(known.knownDeviations.stale).toContainEqual(stale);
    expect(known.knownDeviations.matched.length).toBeGreaterThan(0);
    // The gate exited 0: its JUnit must show no failure (a CI view would paint it red), and say why each known one is skipped.
    const plainJunit = readFileSync(join(dir, 'plain', 'junit.xml'), 'utf8');
    const knownJunit = readFileSync(join(dir, 'known', 'junit.xml'), 'utf8');
    expect(plainJunit).toMatch(/<testsuites name="conform" tests="\d+" failures="[1-9]\d*"/);
    expect(knownJunit).toMatch(/<testsuites name="conform" tests="\d+" failures="0" errors="0"/);
    expect(knownJunit).not.toContain('<failure');
    expect(knownJunit).toContain('<skipped message="known vendor-document: injected fault"/>');
    // And the HTML report's results: known ones skipped and tagged, none failed; the title says the verdict.
    const resultsDir = join(dir, 'known', 'allure-results');
    const allureResults = readdirSync(resultsDir)
      .filter((name) => name.endsWith('-result.json'))
      .map((name) => JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as { status: string; labels: { name: string; value: string }[]; statusDetails?: { message?: string } });
    expect(allureResults.filter((result) => result.status === 'failed')).toEqual([]);
    const tagged = allureResults.filter((result) => result.labels.some((label) => label.name === 'tag' && label.value === 'known deviation'));
    expect(tagged.length).toBeGreaterThan(0);
    for (const result of tagged) expect(result).toMatchObject({ status: 'skipped', statusDetails: { message: expect.stringMatching(/^known vendor-document: injected fault/) } });
    expect(readFileSync(join(dir, 'known', 'html', 'index.html'), 'utf8')).toContain('conform — glance: CONFORMANT (with known deviations) against');
  });

  it('should exit 2 with one line for an unusable deviations file, before any request', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'deviations:\n  - check: x\n    operation: GET /images\n    kind: vendor-document\n    reason: too broad\n    reproduction: curl $URL/v2/images\n');
    const result = await conform([...args('broken'), '--known-deviations', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/conform: CONFORM_CONFIG_INVALID: .*schemaPath, header or key/);
  });
});
