import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteId } from '../src/checks/suite-catalogue.ts';
import type { PrincipalsInput } from '../src/principals.ts';
import { conform } from './support/conform-cli.ts';
import { declaredVerdict, type DeclaredApi } from './support/declared-verdict.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

// A user's API with publish/unpublish actions where only a moderator publishes (`setBy: moderator`) and
// a public photo is served to anybody at its share_url (`link`), declared in a config beside a
// document conform did not write for it. The server is a process of its own; each defect is caught by
// the suite that owns it with every seed, and the clean server passes as a user runs it.
const FIXTURES = join(import.meta.dirname, 'fixtures', 'declarations');
const DOCUMENT = join(FIXTURES, 'photos-api.yaml');
const CONFIG = join(FIXTURES, 'photos.conform.yaml');
const SERVER = join(FIXTURES, 'photos-server.mjs');
const OWNER_AND_OTHER: PrincipalsInput = { owner: { headers: { Authorization: 'Bearer owner-token' } }, other: { headers: { Authorization: 'Bearer other-token' } } };
const API: DeclaredApi = { document: DOCUMENT, config: CONFIG, principals: { ...OWNER_AND_OTHER, moderator: { headers: { Authorization: 'Bearer moderator-token' } } } };
const SUITES = ['lifecycle_semantics', 'visibility_isolation', 'visibility_applied'] as const;
const SEEDS = [1, 2, 3, 4, 5];
const FAULTS: readonly (readonly [string, SuiteId])[] = [
  // The owner's publish is the move only the moderator may make.
  ['owner-publishes', 'visibility_isolation'],
  // A link the photo left keeps serving.
  ['share-link-kept', 'visibility_applied'],
  // A private photo shows a link.
  ['share-url-while-private', 'visibility_isolation'],
  // A public photo is not read by others.
  ['public-hidden', 'visibility_applied'],
];

const serve = (faults: readonly string[]): Promise<ProcessServer> => startProcessServer(SERVER, ['--port', '0', ...faults.flatMap((fault) => ['--fault', fault])]);

const CHROMIUM = '/usr/bin/chromium';

/**
 * Opens the HTML report as a person does (the file conform printed, file://, real Chromium), finds a
 * test through the search box and the tree, and answers the text of its page.
 */
async function reportedTestPage(index: string, testName: string): Promise<string> {
  // Never skipped: a machine without the browser fails here, saying what to install (.ci/run does).
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`).toBe(true);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(pathToFileURL(index).href);
    await page.getByPlaceholder('Search tests').fill(testName);
    // The tree opens one group per click (conform › suites › custom › the file › the block), each once.
    const opened = new Set<string>();
    for (let depth = 0; depth < 8 && (await page.getByText(testName, { exact: true }).count()) === 0; depth += 1) {
      const titles = page.getByTestId('tree-section-title');
      await titles.first().waitFor({ timeout: 90_000 });
      const names = await titles.allInnerTexts();
      const next = names.findIndex((name) => !opened.has(name));
      if (next < 0) break;
      opened.add(names[next] ?? '');
      await titles.nth(next).click();
    }
    await page.getByText(testName, { exact: true }).first().click();
    await page.getByText('Test body').first().waitFor({ timeout: 90_000 });
    return await page.locator('body').innerText();
  } finally {
    await browser.close();
  }
}

function principalsFile(principals: PrincipalsInput): string {
  const file = join(mkdtempSync(join(tmpdir(), 'conform-photos-')), 'principals.json');
  writeFileSync(file, JSON.stringify(principals));
  return file;
}

describe('moderated publishing and share links, declared (setBy, link)', () => {
  let clean: ProcessServer;

  beforeAll(async () => {
    clean = await serve([]);
  });

  afterAll(async () => {
    await clean.close();
  });

  it('should pass the clean server run as a user types it (conform run, no seed)', async () => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), 'conform-photos-run-'));
    // Act
    const run = await conform(['run', DOCUMENT, '--config', CONFIG, '--target', clean.url, '--principals', principalsFile(API.principals), '--out', out, '--checks', SUITES.join(',')]);
    // Assert
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { seed: number; checks: { id: string; status: string }[] };
    expect(summary.checks.map((check) => `${check.id} ${check.status}`).sort(), `seed ${summary.seed}: ${run.stdout.slice(-1500)}`).toEqual(SUITES.map((id) => `${id} passed`).sort());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(': CONFORMANT against');
  }, 120_000);

  it('should report the public state untested, and read as incomplete, without the moderator', async () => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), 'conform-photos-run-'));
    // Act
    const run = await conform(['run', DOCUMENT, '--config', CONFIG, '--target', clean.url, '--principals', principalsFile(OWNER_AND_OTHER), '--out', out, '--checks', 'visibility_isolation,visibility_applied']);
    // Assert
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { checks: { id: string; operation: string; status: string }[] };
    expect(summary.checks.map((check) => `${check.id} ${check.operation} ${check.status}`).sort()).toEqual([
      'visibility_applied visibility (photo) passed',
      'visibility_applied visibility (photo: public) skipped',
      'visibility_isolation visibility (photo) passed',
      'visibility_isolation visibility (photo: public) skipped',
    ]);
    expect(run.stdout).toContain('CONFORMANT (incomplete)');
    expect(run.status).toBe(0);
    // The HTML report a person opens shows it too: each visibility test passed, with the untested state as a step.
    const index = /^HTML report: (.+)$/m.exec(run.stdout)?.[1] ?? '';
    for (const suite of ['visibility_isolation', 'visibility_applied']) {
      const shown = await reportedTestPage(index, suite);
      expect(shown, suite).toContain('Passed');
      expect(shown, suite).toContain("not tested: photo: public: only 'moderator' puts photo items into 'public'");
    }
  }, 240_000);

  it.each(FAULTS)('should catch %s with every seed (by %s)', async (fault, suiteId) => {
    // Arrange
    const server = await serve([fault]);
    try {
      for (const seed of SEEDS) {
        // Act
        const verdict = await declaredVerdict(API, server.url, seed, suiteId);
        // Assert
        expect(verdict.statuses, `seed ${seed}: ${verdict.messages.join('; ')}`).toEqual(['failed']);
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});
