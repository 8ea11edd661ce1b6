import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
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

const MIME: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** Serves a folder on loopback: Allure's page loads its data with fetch, which file:// refuses. */
function serveFolder(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/')));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

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

  it.skipIf(!existsSync(CHROMIUM))('should show the failing check in the HTML report, in real Chromium (skipped without /usr/bin/chromium)', async () => {
    // Arrange
    const { url, server } = await serveFolder(join(out, 'html'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      // Act
      await page.goto(`${url}/index.html`);
      await page.getByText('Failed', { exact: false }).first().waitFor({ timeout: 20_000 });
      await page.getByPlaceholder('Search tests').fill('response_schema_conformance');
      await page.getByText('response_schema_conformance').first().waitFor({ timeout: 20_000 });
      mkdirSync(join(ROOT, 'reports'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'reports', 'allure-failing-check.png') });
      // Assert
      const text = (await page.textContent('body')) ?? '';
      expect(text).toContain('response_schema_conformance');
      expect(text).toMatch(/Failed\s*\d+/);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
