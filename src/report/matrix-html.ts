import type { Matrix, MatrixCell, MatrixCellStatus, MatrixEvidence, MatrixRow, MatrixTarget } from './matrix.ts';

const MARK: Readonly<Record<MatrixCellStatus, string>> = { passed: '✓ pass', failed: '✗ fail', skipped: '– skip', error: '! error', absent: '·' };

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; }
h1 { font-size: 1.3rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d0d5; padding: 0.3rem 0.55rem; vertical-align: top; }
thead th { background: #f2f2f5; position: sticky; top: 0; }
td.id { font-family: ui-monospace, monospace; white-space: nowrap; }
td.op { font-family: ui-monospace, monospace; color: #444; }
td.cell { text-align: center; min-width: 6rem; }
td.cell small { display: block; max-width: 22rem; text-align: left; color: #3a3a3a; }
.passed { background: #d7f5dc; }
.failed { background: #f9d0cf; }
.known { background: #fbe7c6; }
.skipped { background: #ececec; color: #555; }
.error { background: #e7d3f3; }
.absent { background: #fff; color: #aaa; }
section.evidence { margin-top: 2rem; }
article { border-left: 4px solid #e0a09e; padding: 0.2rem 0.8rem; margin: 0.8rem 0; }
article.known { border-left-color: #e8c27a; }
article h3 { font-size: 1rem; margin: 0.3rem 0; }
pre { background: #f6f6f8; padding: 0.4rem; white-space: pre-wrap; word-break: break-all; max-height: 12rem; overflow: auto; }
.legend span { display: inline-block; padding: 0.15rem 0.6rem; margin-right: 0.4rem; border: 1px solid #d0d0d5; }
`;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A relative link only: anything with a scheme (javascript:, data:, http:) is not linked. */
function safeHref(path: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) ? undefined : path.split('/').map(encodeURIComponent).join('/');
}

/**
 * A row differs when its cells do not all show the same verdict (a known deviation counts as its own).
 * Only reachable targets are compared: an unreachable one ran nothing, and says so once, in its
 * column's head, not as a difference on every row.
 */
function differs(row: MatrixRow, reachable: readonly boolean[]): boolean {
  const verdicts = new Set(row.cells.filter((_, column) => reachable[column]).map((cell) => (cell.known ? 'known' : cell.status)));
  return verdicts.size > 1;
}

function anchor(column: number, row: number): string {
  return `ev-${column}-${row}`;
}

function renderCell(cell: MatrixCell, column: number, row: number): string {
  const cls = cell.known ? 'failed known' : cell.status;
  const label = cell.known ? '✗ known deviation' : MARK[cell.status];
  const more = cell.findings > 1 ? ` (+${cell.findings - 1} more)` : '';
  // Only a failure's message is shown inline; a skip reason is a tooltip, so the picture stays compact.
  const failed = cell.status === 'failed' || cell.status === 'error';
  const message = failed && cell.message !== undefined ? `<small>${escapeHtml(cell.message)}${more}</small>` : '';
  const tooltip = !failed && cell.message !== undefined ? ` title="${escapeHtml(cell.message)}"` : '';
  // The evidence is on this page when the cell carries it, otherwise in the target's summary.json.
  const href = !failed ? undefined : cell.details ? `#${anchor(column, row)}` : safeHref(cell.evidence);
  const mark = href ? `<a href="${escapeHtml(href)}" title="evidence">${label}</a>` : label;
  return `<td class="cell ${cls}"${tooltip}>${mark}${message}</td>`;
}

function renderFinding(finding: MatrixEvidence): string {
  const response = finding.status === undefined ? 'no response' : `HTTP ${finding.status}`;
  const body = finding.body === undefined ? '' : `<pre>${escapeHtml(finding.body)}</pre>`;
  const seen = finding.occurrences > 1 ? `; seen ${finding.occurrences}×` : '';
  const known = finding.known ? '; <strong>known deviation</strong>' : '';
  return `<li><p>${escapeHtml(finding.message)}<br><small>clause: ${escapeHtml(finding.clause)}${seen}${known}</small></p>
<p><code>${escapeHtml(finding.request)}</code> → ${response}</p>${body}<pre>${escapeHtml(finding.curl)}</pre></li>`;
}

function targetLinks(target: MatrixTarget): string {
  const links = [
    target.report === undefined ? undefined : [target.report, 'HTML report'],
    [target.evidence, 'summary.json'],
  ].flatMap((entry) => {
    const href = entry ? safeHref(entry[0] ?? '') : undefined;
    return entry && href ? [`<a href="${escapeHtml(href)}">${entry[1] ?? ''}</a>`] : [];
  });
  return links.join(' · ');
}

function renderEvidence(matrix: Matrix): string {
  const articles: string[] = [];
  matrix.rows.forEach((row, rowIndex) => {
    row.cells.forEach((cell, column) => {
      const target = matrix.targets[column];
      if (cell.status !== 'failed' || !cell.details || !target) return;
      const more = cell.findings > cell.details.length ? `<p><small>${cell.findings - cell.details.length} more in ${targetLinks(target)}</small></p>` : '';
      articles.push(`<article id="${anchor(column, rowIndex)}" class="${cell.known ? 'known' : 'failed'}">
<h3>${escapeHtml(target.name)}: ${escapeHtml(row.id)} on ${escapeHtml(row.operation)}</h3>
<ul>${cell.details.map(renderFinding).join('\n')}</ul>${more}
<p><small>${targetLinks(target)}</small></p>
</article>`);
    });
  });
  return articles.length === 0 ? '' : `<section class="evidence">\n<h2>Evidence</h2>\n${articles.join('\n')}\n</section>`;
}

/** Renders the matrix as one self-contained HTML page: no scripts, no external assets. */
export function renderMatrixHtml(matrix: Matrix, title = 'conform matrix'): string {
  const reachable = matrix.targets.map((target) => target.unreachable === undefined);
  const head = matrix.targets
    .map((target) => {
      const href = safeHref(target.report ?? target.evidence);
      const name = href ? `<a href="${escapeHtml(href)}">${escapeHtml(target.name)}</a>` : escapeHtml(target.name);
      const verdict = target.unreachable ? `unreachable: ${target.unreachable}` : target.ok ? 'conformant' : 'not conformant';
      return `<th class="${target.ok ? 'passed' : 'failed'}">${name}<br><small>${escapeHtml(target.url)}</small><br><small>${escapeHtml(verdict)}; ${target.counts.passed} ✓ ${target.counts.failed} ✗ ${target.counts.skipped} –${target.counts.error > 0 ? ` ${target.counts.error} !` : ''}</small></th>`;
    })
    .join('');
  const renderRow = (row: MatrixRow, rowIndex: number): string =>
    `<tr><td class="id">${escapeHtml(row.id)}</td><td class="op">${escapeHtml(row.operation)}</td>${row.cells.map((cell, column) => (reachable[column] ? renderCell(cell, column, rowIndex) : '<td class="cell absent">unreachable</td>')).join('')}</tr>`;
  const table = (indexes: readonly number[]): string =>
    `<table>\n<thead><tr><th>check / suite</th><th>operation</th>${head}</tr></thead>\n<tbody>\n${indexes.map((index) => renderRow(matrix.rows[index] as MatrixRow, index)).join('\n')}\n</tbody>\n</table>`;
  const all = matrix.rows.map((_, index) => index);
  // What a vendor comparison is read for: the rows where the columns disagree, before the whole grid.
  const differing = all.filter((index) => differs(matrix.rows[index] as MatrixRow, reachable));
  const differences =
    reachable.filter(Boolean).length < 2
      ? ''
      : `<h2>Where the targets differ (${differing.length} of ${matrix.rows.length} rows)</h2>\n${differing.length === 0 ? '<p>Nowhere: every row has the same verdict on every target.</p>' : table(differing)}\n<h2>Every row</h2>\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="legend">Legend: <span class="passed">✓ pass</span><span class="failed">✗ fail (links to the evidence)</span><span class="known">✗ known deviation</span><span class="skipped">– skip</span><span class="absent">· not run on that target</span></p>
${differences}${table(all)}
${renderEvidence(matrix)}
</body>
</html>
`;
}
