import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../src/reference/index.ts';
import type { Matrix } from '../src/report/matrix.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { conform, type CliResult } from './support/conform-cli.ts';

const FAULT_CHECK = 'response_schema_conformance';
const FAULT = `${FAULT_CHECK}/status-uppercase`;

describe('conform matrix', () => {
  let ref: ReferenceServer;
  let faulty: ReferenceServer;
  let run: CliResult;
  const out = mkdtempSync(join(tmpdir(), 'conform-matrix-'));

  beforeAll(async () => {
    ref = await startReferenceServer({ api: 'glance', seedData: 2 });
    faulty = await startReferenceServer({ api: 'glance', faults: [FAULT], seedData: 2 });
    run = await conform(['matrix', 'glance', '--target', `ref=${ref.url}/v2`, '--target', `faulty=${faulty.url}/v2`, '--seed', '11', '--max-examples', '4', '--out', out, '--quiet']);
    // Two whole runs back to back: a generous budget for a loaded machine, not a speed assertion.
  }, 240_000);

  afterAll(async () => {
    await ref.close();
    await faulty.close();
  });

  it('should exit 1 because one target is not conformant', () => {
    expect(run.stderr).not.toMatch(/CONFORM_/);
    expect(run.stdout).toContain('ref: CONFORMANT');
    expect(run.stdout).toContain('faulty: NOT CONFORMANT');
    expect(run.status).toBe(1);
  });

  it('should show the fault as a failed cell in the faulty column only, with a link to its evidence', () => {
    // Arrange
    const matrix = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as Matrix;
    // Act
    const faultRows = matrix.rows.filter((row) => row.id === FAULT_CHECK && row.cells[1]?.status === 'failed');
    // Assert
    expect(matrix.targets.map((target) => [target.name, target.ok])).toEqual([
      ['ref', true],
      ['faulty', false],
    ]);
    expect(faultRows.length).toBeGreaterThan(0);
    for (const row of faultRows) {
      expect(row.cells[0]?.status).toBe('passed');
      expect(row.cells[1]?.message).toBeTruthy();
      expect(row.cells[1]?.evidence).toBe('faulty/summary.json');
    }
    expect(matrix.rows.flatMap((row) => row.cells.slice(0, 1)).some((cell) => cell.status === 'failed')).toBe(false);
    const evidence = JSON.parse(readFileSync(join(out, 'faulty', 'summary.json'), 'utf8')) as Summary;
    expect(evidence.findings.map((finding) => finding.check)).toContain(FAULT_CHECK);
  });

  it("should write a self-contained HTML page whose failed cells link to their evidence, and each target's HTML report", () => {
    const html = readFileSync(join(out, 'matrix.html'), 'utf8');
    const anchors = [...html.matchAll(/<a href="#(ev-(\d+)-\d+)" title="evidence">/g)];
    expect(anchors.length).toBeGreaterThan(0);
    // Every failed cell is in the faulty column (1), and its evidence is on the page.
    for (const [, id, column] of anchors) {
      expect(column).toBe('1');
      expect(html).toContain(`<article id="${id}"`);
    }
    expect(html).toContain('<a href="faulty/html/index.html">HTML report</a>');
    expect(existsSync(join(out, 'faulty', 'html', 'index.html'))).toBe(true);
    expect(html).not.toMatch(/<script|<link/i);
  });
});
