import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMatrixHtml } from './matrix-html.ts';
import type { Matrix } from './matrix.ts';

const COUNTS = { passed: 1, failed: 1, skipped: 0, error: 0, absent: 0 };

function matrixWith(message: string, evidence = 'faulty/summary.json'): Matrix {
  return {
    targets: [
      { name: 'ref', url: 'http://127.0.0.1:1/v2', ok: true, evidence: 'ref/summary.json', counts: COUNTS },
      { name: 'faulty', url: 'http://127.0.0.1:2/v2?a=1&b=<2>', ok: false, evidence, counts: COUNTS },
    ],
    rows: [
      {
        id: 'response_schema_conformance',
        operation: 'GET /v2/images/{image_id}',
        cells: [
          { status: 'passed', findings: 0, evidence: 'ref/summary.json' },
          { status: 'failed', message, findings: 3, evidence },
        ],
      },
      {
        id: 'visibility',
        operation: 'visibility (Glance) <v2>',
        cells: [
          { status: 'skipped', message: `skipped: ${message}`, findings: 0, evidence: 'ref/summary.json' },
          { status: 'absent', findings: 0, evidence },
        ],
      },
    ],
  };
}

describe('renderMatrixHtml', () => {
  it('should escape every text that comes from a target', () => {
    // Arrange
    const hostile = '<script>alert("x")</script> & \'quoted\'';
    // Act
    const html = renderMatrixHtml(matrixWith(hostile), '<b>title</b>');
    // Assert
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>title</b>');
    expect(html).toContain(escapeHtml(hostile));
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;quoted&#39;');
    expect(html).toContain('b=&#60;2&#62;');
    expect(html).toContain('visibility (Glance) &#60;v2&#62;');
    expect(html).toContain(`<td class="cell skipped" title="skipped: ${escapeHtml(hostile)}">– skip</td>`);
  });

  it('should link a failed cell with details to its evidence on the page, escaped', () => {
    // Arrange
    const matrix = matrixWith('status is not in the enum');
    const failedRow = matrix.rows[0];
    const faultyCell = failedRow?.cells[1];
    if (!failedRow || !faultyCell) throw new Error('fixture');
    const detailed: Matrix = {
      ...matrix,
      targets: matrix.targets.map((target) => (target.name === 'faulty' ? { ...target, report: 'faulty/html/index.html' } : target)),
      rows: [
        {
          ...failedRow,
          cells: [
            failedRow.cells[0] ?? faultyCell,
            { ...faultyCell, details: [{ message: 'bad <status>', clause: 'OAS 3.0 §4.7.10', request: 'GET http://127.0.0.1:2/v2/images/1', status: 200, body: '{"status":"ACTIVE"}', curl: "curl -H 'X-Auth-Token: [REDACTED]' http://127.0.0.1:2/v2/images/1", occurrences: 4, known: false }] },
          ],
        },
        ...matrix.rows.slice(1),
      ],
    };
    // Act
    const html = renderMatrixHtml(detailed);
    // Assert
    expect(html).toContain('<a href="#ev-1-0" title="evidence">✗ fail</a>');
    expect(html).toContain('<article id="ev-1-0" class="failed">');
    expect(html).toContain('bad &#60;status&#62;');
    expect(html).toContain('→ HTTP 200');
    expect(html).toContain('{&#34;status&#34;:&#34;ACTIVE&#34;}');
    expect(html).toContain('seen 4×');
    expect(html).toContain('<a href="faulty/html/index.html">HTML report</a>');
    expect(html).toContain('<a href="faulty/html/index.html">faulty</a>');
  });

  it('should link each failed cell to its evidence and color cells by status', () => {
    // Act
    const html = renderMatrixHtml(matrixWith('status is not in the enum'));
    // Assert
    expect(html).toMatch(/<td class="cell failed"><a href="faulty\/summary.json"[^>]*>✗ fail<\/a><small>status is not in the enum \(\+2 more\)<\/small><\/td>/);
    expect(html).toContain('<td class="cell passed">✓ pass</td>');
    expect(html).toContain('class="legend"');
    expect(html).toMatch(/\.failed \{ background: #[0-9a-f]{6}; \}/);
  });

  it('should list the rows where the targets differ before every row', () => {
    // Act
    const html = renderMatrixHtml(matrixWith('m'));
    // Assert
    expect(html).toContain('<h2>Where the targets differ (2 of 2 rows)</h2>');
    expect(html.indexOf('Where the targets differ')).toBeLessThan(html.indexOf('<h2>Every row</h2>'));
    expect(html.match(/<table>/g)).toHaveLength(2);
  });

  it('should say so when no row differs, and show no differences section for one target', () => {
    // Arrange
    const matrix = matrixWith('m');
    const same: Matrix = { ...matrix, rows: matrix.rows.map((row) => ({ ...row, cells: row.cells.map(() => ({ status: 'passed' as const, findings: 0, evidence: 'x' })) })) };
    const single: Matrix = { targets: matrix.targets.slice(0, 1), rows: matrix.rows.map((row) => ({ ...row, cells: row.cells.slice(0, 1) })) };
    // Act / Assert
    expect(renderMatrixHtml(same)).toContain('Nowhere: every row has the same verdict on every target.');
    expect(renderMatrixHtml(single)).not.toContain('Where the targets differ');
  });

  it('should be self-contained: no scripts and no external assets', () => {
    // Act
    const html = renderMatrixHtml(matrixWith('m'));
    // Assert
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(html).not.toMatch(/href="(?:https?:|\/\/)/);
  });

  it('should not turn an evidence path with a scheme into a link', () => {
    // Act
    const html = renderMatrixHtml(matrixWith('m', 'javascript:alert(1)'));
    // Assert
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<td class="cell failed">✗ fail<small>');
  });
});

describe('renderMatrixHtml with an unreachable target', () => {
  it('should show the unreachable target as one column that says so, not as a difference on every row', () => {
    const base = matrixWith('boom');
    const third = { name: 'down', url: 'http://127.0.0.1:9/v2', ok: false, unreachable: 'connection refused', evidence: 'down/summary.json', counts: { ...COUNTS, passed: 0, failed: 0, absent: 2 } };
    // The two reachable targets agree on every row; the third ran nothing.
    const agreeing: Matrix = {
      targets: [...base.targets, third],
      rows: base.rows.map((row) => ({ ...row, cells: [row.cells[0], row.cells[0], { status: 'absent', findings: 0, evidence: 'down/summary.json' }].map((cell) => cell as (typeof row.cells)[number]) })),
    };
    const html = renderMatrixHtml(agreeing);
    expect(html).toContain('Where the targets differ (0 of 2 rows)');
    expect(html).toContain('unreachable: connection refused');
    expect(html.match(/<td class="cell absent">unreachable<\/td>/g)).toHaveLength(2);
  });
});
