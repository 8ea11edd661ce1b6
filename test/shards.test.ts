import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../src/reference/index.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { conform, type CliResult } from './support/conform-cli.ts';
import { harEntries } from './support/har.ts';

const SEED = '4242';
/** A contract fault and a suite-visible one, so the comparison covers findings, not only passes. */
const FAULTS = ['response_schema_conformance/status-uppercase', 'status_code_conformance/delete-returns-200'];
const SHARDS = 4;

function readSummary(dir: string): Summary {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
}

/** The fields of a verdict that must not depend on how the run was split (timings and ids excluded). */
function stableChecks(summary: Summary): string[] {
  return summary.checks.map((check) => `${check.operation} | ${check.id} | ${check.status} | ${check.requests}`);
}

function findingKeys(summary: Summary): string[] {
  return summary.findings.map((finding) => `${finding.check} | ${finding.operation} | ${finding.key}`).sort();
}

function testcaseCount(junit: string): number {
  return [...junit.matchAll(/<testcase /g)].length;
}

describe('conform run --shard i/n and conform merge-reports', () => {
  const work = mkdtempSync(join(tmpdir(), 'conform-shards-'));
  const shardDirs = Array.from({ length: SHARDS }, (_, index) => join(work, `shard-${index + 1}`));
  const mergedDir = join(work, 'merged');
  const singleDir = join(work, 'single');
  let shardServer: ReferenceServer;
  let singleServer: ReferenceServer;
  const shardRuns: CliResult[] = [];
  let merge: CliResult;
  let single: CliResult;

  beforeAll(async () => {
    // One target for the four shards, as a CI matrix against one deployment; one fresh target for the whole run.
    shardServer = await startReferenceServer({ api: 'glance', faults: FAULTS, seedData: 2 });
    singleServer = await startReferenceServer({ api: 'glance', faults: FAULTS, seedData: 2 });
    const common = ['run', 'glance', '--seed', SEED, '--max-examples', '2', '--quiet'];
    // One after another: the semantic suites count what is on the target, so concurrent shards on one
    // target would see each other's items (in CI each shard usually has a deployment of its own).
    for (const [index, dir] of shardDirs.entries()) {
      shardRuns.push(await conform([...common, '--target', `${shardServer.url}/v2`, '--shard', `${index + 1}/${SHARDS}`, '--out', dir]));
    }
    merge = await conform(['merge-reports', ...shardDirs, '--out', mergedDir]);
    single = await conform([...common, '--target', `${singleServer.url}/v2`, '--out', singleDir]);
  }, 15 * 60_000);

  afterAll(async () => {
    await shardServer?.close();
    await singleServer?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('should run every shard to a verdict and merge them with the exit code of the whole run', () => {
    // Arrange: the runs above. Act: nothing more. Assert
    expect(shardRuns.map((run) => run.stderr.match(/^conform: CONFORM_\w+: .*$/m)?.[0])).toEqual([undefined, undefined, undefined, undefined]);
    expect(single.status).toBe(1);
    expect(merge.status).toBe(single.status);
    expect(merge.stdout).toContain('glance: NOT CONFORMANT');
  });

  it('should give each shard a part of the checks and the merged report all of them', () => {
    // Arrange
    const parts = shardDirs.map((dir) => readSummary(dir).checks.length);
    const whole = readSummary(singleDir).checks.length;

    // Act
    const merged = readSummary(mergedDir).checks.length;

    // Assert
    for (const part of parts) expect(part).toBeLessThan(whole);
    expect(parts.reduce((sum, part) => sum + part, 0)).toBe(whole);
    expect(merged).toBe(whole);
  });

  it('should merge into the same checks, statuses and request counts, in the same order, as one run with the same seed', () => {
    // Arrange
    const whole = readSummary(singleDir);

    // Act
    const merged = readSummary(mergedDir);

    // Assert
    expect(merged.seed).toBe(whole.seed);
    expect(stableChecks(merged)).toEqual(stableChecks(whole));
  });

  it('should merge into the same findings (by check, operation and key) as one run', () => {
    // Arrange
    const whole = readSummary(singleDir);

    // Act
    const merged = readSummary(mergedDir);

    // Assert
    expect(findingKeys(whole).length).toBeGreaterThan(0);
    expect(findingKeys(merged)).toEqual(findingKeys(whole));
    expect(merged.ok).toBe(whole.ok);
  });

  it('should rebuild junit.xml, the HAR and the Allure HTML from the shards', () => {
    // Arrange
    const merged = readSummary(mergedDir);
    const whole = readSummary(singleDir);

    // Act
    const junit = readFileSync(join(mergedDir, 'junit.xml'), 'utf8');
    const entries = harEntries(join(mergedDir, 'exchanges.har'));

    // Assert
    expect(testcaseCount(junit)).toBe(testcaseCount(readFileSync(join(singleDir, 'junit.xml'), 'utf8')));
    expect(entries.length).toBe(merged.stats.requests);
    expect(merged.stats.requests).toBe(shardDirs.reduce((sum, dir) => sum + readSummary(dir).stats.requests, 0));
    expect(merged.stats.requests).toBe(whole.stats.requests);
    expect(existsSync(join(mergedDir, 'html', 'index.html'))).toBe(true);
  });

  it('should refuse to merge when a shard is missing, with one line and exit 2', async () => {
    // Arrange
    const three = shardDirs.slice(0, 3);

    // Act
    const result = await conform(['merge-reports', ...three, '--out', join(work, 'incomplete')]);

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^conform: CONFORM_USAGE: .*shard\(s\) 4\/4 missing/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
