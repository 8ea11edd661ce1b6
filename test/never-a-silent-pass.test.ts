import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executePlans, type RunOptions } from '../src/cli/run/execute-run.ts';
import { verdictOf } from '../src/cli/run/verdict.ts';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { parsePrincipals } from '../src/principals.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { runSuitesWithVitest } from '../src/vitest/vitest-driver.ts';
import { conform } from './support/conform-cli.ts';
import { unaccountedEvidence } from './support/evidence.ts';
import { nullableUnionServers, NULLABLE_UNION_DOC } from './support/nullable-union.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const DOC = NULLABLE_UNION_DOC;

function summaryOf(out: string): Summary {
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
}

describe('never a silent pass: the reproduction of the issue, a deployment of its own', () => {
  const servers = nullableUnionServers();

  it('should judge {"owner": null} against a nullable oneOf as conforming, with the schema check run on every answer', async () => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), 'conform-silent-'));
    // Act
    const result = await conform(['run', DOC, '--target', servers.nullOwner.url, '--out', out, '--quiet']);
    // Assert
    expect(result.stdout).toContain('Nullable union: CONFORMANT');
    expect(result.status).toBe(0);
    const summary = summaryOf(out);
    const schemaCheck = summary.checks.find((check) => check.id === 'response_schema_conformance');
    expect(schemaCheck).toMatchObject({ status: 'passed', operation: 'GET /things' });
    expect(schemaCheck?.requests).toBeGreaterThan(0);
    expect(summary.outcomes.error).toBe(0);
    expect(unaccountedEvidence(out)).toEqual([]);
  });

  it('should find an owner that is neither null nor a branch, and say which reading of nullable it used', async () => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), 'conform-silent-'));
    // Act
    const result = await conform(['run', DOC, '--target', servers.numberOwner.url, '--out', out, '--quiet']);
    // Assert
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Nullable union: NOT CONFORMANT');
    const finding = summaryOf(out).findings.find((candidate) => candidate.check === 'response_schema_conformance');
    expect(finding?.message).toContain('/owner');
    expect(finding?.evidence['nullableReading']).toMatch(/'this schema, or null'/);
    expect(unaccountedEvidence(out)).toEqual([]);
  });

  it('should never call a run in which no check concluded anything CONFORMANT (exit 4)', async () => {
    // Arrange: the only selected check does not apply to the only operation.
    const out = mkdtempSync(join(tmpdir(), 'conform-silent-'));
    // Act
    const result = await conform(['run', DOC, '--target', servers.nullOwner.url, '--checks', 'ignored_auth', '--out', out, '--quiet']);
    // Assert
    expect(result.stdout).toContain('Nullable union: NOTHING CHECKED');
    expect(result.stdout).not.toContain(': CONFORMANT');
    expect(result.status).toBe(ExitCode.nothingChecked);
  });
});

describe('never a silent pass: errors are results', () => {
  const servers = nullableUnionServers();

  it('should make a property that threw, and one its plan never decided, errors: ERROR verdict, exit 70, JUnit <error>, Allure broken', async () => {
    // Arrange: the engine of conform run, with a suite file whose plan throws.
    const out = mkdtempSync(join(tmpdir(), 'conform-errors-'));
    const options: RunOptions = {
      out,
      seed: 1,
      maxExamples: 2,
      include: [],
      exclude: [],
      checks: [],
      workers: 1,
      requestTimeoutMs: 5_000,
      maxResponseBytes: 1_000_000,
      rateLimitProbe: false,
    };
    const plan = { api: 'custom', sources: [DOC], suiteFiles: [join(FIXTURES, 'suite-errors', 'errors.suite.ts')], target: servers.nullOwner.url, principals: parsePrincipals({}, 'test') };
    const allure = join(out, 'allure-results');
    // Act
    const [result] = await executePlans([{ plan, outDir: out }], options, allure, { testFinished: () => undefined });
    // Assert
    expect(result).toBeDefined();
    if (!result) return;
    expect(verdictOf(result)).toEqual({ label: 'ERROR', exitCode: ExitCode.internal });
    const statuses = Object.fromEntries(result.summary.checks.map((check) => [check.operation, check.status]));
    expect(statuses).toEqual({ 'GET /things (reads)': 'passed', 'GET /things (throws)': 'error', 'GET /things (undecided)': 'error' });
    const reasons = result.summary.checks.map((check) => check.reason ?? '');
    expect(reasons).toContain("stopped: TypeError: Cannot read properties of undefined (reading 'owner')");
    expect(reasons).toContain('the suite stopped: RangeError: the plan broke before its last property');
    expect(result.summary.ok).toBe(false);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites name="conform" tests="3" failures="0" errors="2" skipped="0">/);
    expect(junit.match(/<error message=/g)).toHaveLength(2);
    const allureStatuses = readdirSync(allure)
      .filter((name) => name.endsWith('-result.json'))
      .map((name) => (JSON.parse(readFileSync(join(allure, name), 'utf8')) as { status: string }).status)
      .sort();
    expect(allureStatuses).toEqual(['broken', 'broken', 'passed']);
    expect(unaccountedEvidence(out)).toEqual([]);
  });

  it('should count a suite whose set-up threw as an error of its file, not as skipped tests', async () => {
    // Act
    const file = join(FIXTURES, 'suite-errors', 'setup-fails.suite.ts');
    const result = await runSuitesWithVitest({ settings: {}, suiteFiles: [file], workers: 1 });
    // Assert
    const counts = result.byFile.get(file);
    expect(counts?.passed).toBe(0);
    expect(counts?.errors.join('\n')).toContain('the set-up could not reach its fixtures');
  });
});

describe('never a silent pass: no lost evidence in the built-in APIs\' runs', () => {
  it('should account for every exchange of glance, prime and img on their reference servers in summary.json', async () => {
    // Arrange
    const out = mkdtempSync(join(tmpdir(), 'conform-evidence-'));
    // Act: the quick start's main job (npm start), as a user runs it: default size, a random seed.
    const result = await conform(['run', 'glance', 'prime', 'img', '--out', out, '--quiet']);
    // Assert
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.status).toBe(0);
    for (const api of ['glance', 'prime', 'img']) {
      expect(unaccountedEvidence(join(out, api)), api).toEqual([]);
      const summary = summaryOf(join(out, api));
      expect(summary.outcomes.error, api).toBe(0);
      expect(summary.outcomes.passed, api).toBeGreaterThan(0);
    }
  });
});
