import type { Summary, SummaryFinding } from './summary-report.ts';

/** What one target shows for one check or suite on one operation; `absent` when it never ran there. */
export type MatrixCellStatus = 'passed' | 'failed' | 'skipped' | 'error' | 'absent';

/** One cell of the matrix: a row's verdict on one target. */
export interface MatrixCell {
  readonly status: MatrixCellStatus;
  /** The first finding's message for a failed cell, the skip reason for a skipped one. */
  readonly message?: string;
  /** How many distinct findings the cell has. */
  readonly findings: number;
  /** True when every finding of a failed cell is covered by the target's known-deviations file. */
  readonly known?: boolean;
  /** The target's `summary.json`, relative to the matrix. */
  readonly evidence: string;
  /** A failed cell's first findings, enough to read the defect without leaving the page. */
  readonly details?: readonly MatrixEvidence[];
}

/** One finding as the matrix page shows it; taken from summary.json, so already redacted. */
export interface MatrixEvidence {
  readonly message: string;
  readonly clause: string;
  readonly request: string;
  readonly status?: number;
  readonly body?: string;
  readonly curl: string;
  readonly occurrences: number;
  readonly known: boolean;
}

/** One check or suite on one operation, across every target. */
export interface MatrixRow {
  /** The check or semantic-suite id. */
  readonly id: string;
  /** The operation label as in summary.json: `METHOD /path` or a suite's label. */
  readonly operation: string;
  /** One cell per target, in the order of `Matrix.targets`. */
  readonly cells: readonly MatrixCell[];
}

/** One column of the matrix. */
export interface MatrixTarget {
  readonly name: string;
  readonly url: string;
  readonly ok: boolean;
  readonly unreachable?: string;
  readonly evidence: string;
  /** The target's HTML report (Allure), relative to the matrix, when one was written. */
  readonly report?: string;
  readonly counts: Readonly<Record<MatrixCellStatus, number>>;
}

/** The shape of `matrix.json`: rows are checks and suites, columns are targets. */
export interface Matrix {
  readonly targets: readonly MatrixTarget[];
  readonly rows: readonly MatrixRow[];
}

/** One target's run as the matrix needs it. */
export interface MatrixInput {
  readonly name: string;
  readonly summary: Summary;
  /** Where the target's `summary.json` is, relative to where the matrix is written. */
  readonly reportPath: string;
  /** Where the target's HTML report is, relative to where the matrix is written, if any. */
  readonly htmlPath?: string;
}

/** Findings shown per failed cell; the rest stay in the target's summary.json. */
const DETAILS_PER_CELL = 3;
/** Characters of a response body shown in the matrix; summary.json keeps a longer excerpt. */
const BODY_CHARS = 400;

function rowKey(id: string, operation: string): string {
  return `${id}\u0000${operation}`;
}

function isKnown(finding: SummaryFinding): boolean {
  return 'known' in finding && (finding as { known?: unknown }).known !== undefined;
}

function cellFor(input: MatrixInput, id: string, operation: string): MatrixCell {
  const check = input.summary.checks.find((candidate) => candidate.id === id && candidate.operation === operation);
  const findings = input.summary.findings.filter((finding) => finding.check === id && finding.operation === operation);
  // A finding without a check result is still a failure that target showed.
  if (!check && findings.length === 0) return { status: 'absent', findings: 0, evidence: input.reportPath };
  // An error outranks the findings it saw before it stopped: that target's verdict on the row is unknown.
  const status: MatrixCellStatus = check?.status === 'error' ? 'error' : findings.length > 0 ? 'failed' : (check?.status ?? 'absent');
  const message = status === 'error' ? check?.reason : (findings[0]?.message ?? (status === 'passed' ? undefined : check?.reason));
  const known = status === 'failed' && findings.length > 0 && findings.every(isKnown);
  const details = findings.slice(0, DETAILS_PER_CELL).map(toEvidence);
  return {
    status,
    ...(message === undefined ? {} : { message }),
    findings: findings.length,
    ...(known ? { known: true } : {}),
    evidence: input.reportPath,
    ...(details.length > 0 ? { details } : {}),
  };
}

function toEvidence(finding: SummaryFinding): MatrixEvidence {
  const body = finding.response?.body;
  return {
    message: finding.message,
    clause: finding.clause,
    request: `${finding.request.method} ${finding.request.url}`,
    ...(finding.response ? { status: finding.response.status } : {}),
    ...(body ? { body: body.length > BODY_CHARS ? `${body.slice(0, BODY_CHARS)}…` : body } : {}),
    curl: finding.curl,
    occurrences: finding.occurrences,
    known: isKnown(finding),
  };
}

/**
 * Lays several targets' summaries side by side: one row per check or suite id × operation label seen
 * on any target (sorted by id, then operation), one cell per target. A row with a finding is failed
 * even when the check result says otherwise, because the finding is the evidence.
 */
export function buildMatrix(inputs: readonly MatrixInput[]): Matrix {
  const keys = new Map<string, { id: string; operation: string }>();
  for (const input of inputs) {
    for (const check of input.summary.checks) keys.set(rowKey(check.id, check.operation), { id: check.id, operation: check.operation });
    for (const finding of input.summary.findings) keys.set(rowKey(finding.check, finding.operation), { id: finding.check, operation: finding.operation });
  }
  const ordered = [...keys.values()].sort((a, b) => (a.id === b.id ? a.operation.localeCompare(b.operation) : a.id.localeCompare(b.id)));
  const rows: MatrixRow[] = ordered.map(({ id, operation }) => ({ id, operation, cells: inputs.map((input) => cellFor(input, id, operation)) }));
  const targets: MatrixTarget[] = inputs.map((input, column) => {
    const counts: Record<MatrixCellStatus, number> = { passed: 0, failed: 0, skipped: 0, error: 0, absent: 0 };
    for (const row of rows) {
      const cell = row.cells[column];
      if (cell) counts[cell.status] += 1;
    }
    return {
      name: input.name,
      url: input.summary.target,
      ok: input.summary.ok,
      ...(input.summary.unreachable === undefined ? {} : { unreachable: input.summary.unreachable }),
      evidence: input.reportPath,
      ...(input.htmlPath === undefined ? {} : { report: input.htmlPath }),
      counts,
    };
  });
  return { targets, rows };
}
