import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../src/reference/index.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { conform, type CliResult } from './support/conform-cli.ts';
import { harEntries } from './support/har.ts';
import { unaccountedEvidence } from './support/evidence.ts';

const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const FAULT = 'response_schema_conformance/status-uppercase';

describe('conform run', () => {
  let faulty: ReferenceServer;
  let faultyRun: CliResult;
  const out = mkdtempSync(join(tmpdir(), 'conform-run-'));

  beforeAll(async () => {
    faulty = await startReferenceServer({ api: 'glance', faults: [FAULT], seedData: 2 });
    faultyRun = await conform(['run', 'glance', '--target', `${faulty.url}/v2`, '--seed', '11', '--max-examples', '6', '--out', out, '--quiet']);
  });

  afterAll(async () => {
    await faulty.close();
  });

  it('should exit 1 and name the matching check in summary.json when a contract fault is on', () => {
    expect(faultyRun.status).toBe(1);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.ok).toBe(false);
    expect(summary.seed).toBe(11);
    // The status enum break also shows in the lifecycle suite, which reads the status after a deactivate.
    expect(summary.findings.map((finding) => finding.check)).toContain('response_schema_conformance');
    const finding = summary.findings.find((candidate) => candidate.check === 'response_schema_conformance');
    expect(finding?.curl).toMatch(/^curl /);
    expect(finding?.response?.status).toBeGreaterThanOrEqual(200);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<failure');
    expect(harEntries(join(out, 'exchanges.har')).length).toBe(summary.stats.requests);
    expect(unaccountedEvidence(out)).toEqual([]);
    expect(faultyRun.stdout).toContain('NOT CONFORMANT');
  });

  it('should write curl lines that replay: run as printed, one answers what the finding says', async () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    // A contract finding: its request reads what stays on the server (the suites' own images are deleted after the run).
    const finding = summary.findings.find((candidate) => candidate.check === 'response_schema_conformance' && candidate.response !== undefined && candidate.request.method === 'GET');
    expect(finding, 'a GET finding').toBeDefined();
    // Identities stay readable (the reference Glance's trusted headers are not credentials); only credentials are hidden.
    expect(finding?.curl).not.toContain('[REDACTED]');
    expect(finding?.curl).toContain("-H 'X-Project-Id: tenant-a'");
    // Asynchronously: the reference server answers from this very process.
    const replay = await promisify(execFile)('sh', ['-c', `${finding?.curl ?? ''} -o /dev/null -w '%{http_code}'`], { encoding: 'utf8', timeout: 10_000 });
    expect(replay.stdout).toBe(String(finding?.response?.status));
  });

  it('should exit 0 against a correct server', async () => {
    const clean = await startReferenceServer({ api: 'glance', seedData: 2 });
    try {
      const cleanOut = mkdtempSync(join(tmpdir(), 'conform-run-'));
      const result = await conform(['run', 'glance', '--target', `${clean.url}/v2`, '--seed', '11', '--max-examples', '6', '--out', cleanOut, '--quiet']);
      expect(result.stdout).toContain('glance: CONFORMANT');
      expect(result.status).toBe(0);
      expect(unaccountedEvidence(cleanOut)).toEqual([]);
    } finally {
      await clean.close();
    }
  });

  it('should exit 3 with one line when the target is unreachable', async () => {
    const result = await conform(['run', 'glance', '--target', 'http://127.0.0.1:9', '--out', mkdtempSync(join(tmpdir(), 'conform-run-'))]);
    expect(result.status).toBe(3);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('conform: CONFORM_'));
    expect(errors).toEqual([expect.stringMatching(/^conform: CONFORM_TARGET_UNREACHABLE: .*connection refused/)]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('should open the HTML report from disk (file://, as the README says) in real Chromium, titled with the verdict, showing the failing check', async () => {
    // Never skipped: a machine without the browser fails here, saying what to install (.ci/run does).
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`).toBe(true);
    // Arrange: the file the run printed, opened as a user double-clicks it; nothing served.
    const index = /^HTML report: (.+)$/m.exec(faultyRun.stdout)?.[1] ?? '';
    expect(index).toBe(join(out, 'html', 'index.html'));
    expect(readdirSync(join(out, 'html')).filter((name) => !name.endsWith('.json'))).toEqual(['index.html']);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const refused: string[] = [];
      page.on('requestfailed', (request) => refused.push(request.url()));
      // Act
      // Generous waits: a loaded shared machine (another test file beside this one) rendered it in >20 s once.
      await page.goto(pathToFileURL(index).href);
      await page.getByText('Failed', { exact: false }).first().waitFor({ timeout: 90_000 });
      await page.getByPlaceholder('Search tests').fill('response_schema_conformance');
      await page.getByText('response_schema_conformance').first().waitFor({ timeout: 90_000 });
      mkdirSync(join(ROOT, 'reports'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'reports', 'allure-failing-check.png') });
      // Assert: what a person looks for first: what this is a report of, and what failed.
      expect(await page.title()).toMatch(/^conform — glance: NOT CONFORMANT against http:\/\/127\.0\.0\.1:\d+\/v2 \(seed 11\)$/);
      const text = (await page.textContent('body')) ?? '';
      expect(text).toContain('NOT CONFORMANT');
      expect(text).toContain('response_schema_conformance');
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
      expect(text).toMatch(new RegExp(`Failed\\s*${summary.outcomes.failed}(?!\\d)`));
      expect(refused.filter((url) => url.startsWith('file:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
