import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ConfigInvalidError } from '../errors.ts';
import type { Summary, SummaryFinding } from './summary-report.ts';

/**
 * One recorded disagreement between an API document and a deployment. Matching is precise: `check`
 * and `operation` always; `status`, `schemaPath` and `header` must equal the finding's evidence and
 * are "absent" when the finding has none (so a deviation without `status` never covers a finding
 * that carries one); `instancePath` and `key` narrow further when given.
 */
export interface KnownDeviation {
  readonly check: string;
  /** The operation label as in summary.json: `METHOD /path`, or a semantic suite's label (`visibility (Glance)`). */
  readonly operation: string;
  readonly status?: number;
  /** The JSON Schema pointer of the violated keyword (`evidence.schemaPath`). */
  readonly schemaPath?: string;
  /** Exact, or with array indices written `*` as in the finding key (e.g. `/images/*` + `/name`). */
  readonly instancePath?: string;
  /** The response header concerned (case-insensitive). */
  readonly header?: string;
  /**
   * The finding's `key` (summary.json); required to cover a finding without a schema pointer or header,
   * since there the key alone tells apart e.g. a 400 that is not JSON from an empty 400.
   */
  readonly key?: string;
  /** Why this is accepted: what upstream does and what the document says. */
  readonly reason: string;
  /** One line of what was observed. */
  readonly evidence?: string;
}

/** A finding as summary.json holds it after the deviations file is applied. */
export type MarkedFinding = SummaryFinding & {
  /** Present when a deviation accounts for the finding: its reason and index in the file. */
  readonly known?: { readonly reason: string; readonly deviation: number };
};

/** What summary.json records about the deviations file. */
export interface KnownDeviationsReport {
  readonly file?: string;
  /** The deviations that accounted for at least one finding of this run. */
  readonly matched: readonly KnownDeviation[];
  /** The deviations no finding of this run matched: reported, they do not fail the gate. */
  readonly stale: readonly KnownDeviation[];
}

/** A summary with the deviations file applied. */
export type SummaryWithDeviations = Omit<Summary, 'findings'> & {
  readonly findings: readonly MarkedFinding[];
  readonly knownDeviations: KnownDeviationsReport;
};

/** The verdict of a summary against a deviations file. */
export interface DeviationVerdict {
  /** Every finding kept, known ones marked `known`; `ok` recomputed from the unexpected ones. */
  readonly summary: SummaryWithDeviations;
  /** Findings no deviation covers: these fail the gate. */
  readonly unexpected: readonly SummaryFinding[];
  /** Deviations that matched no finding in this run. */
  readonly stale: readonly KnownDeviation[];
}

const FIELDS = new Set(['check', 'operation', 'status', 'schemaPath', 'instancePath', 'header', 'key', 'reason', 'evidence']);

function text(entry: Record<string, unknown>, field: string, where: string, required: boolean): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null) {
    if (required) throw new ConfigInvalidError(`${where}: '${field}' is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigInvalidError(`${where}: '${field}' must be a non-empty string`);
  return value;
}

/** Validates the parsed YAML of a deviations file (`source` names it in errors). */
export function parseKnownDeviations(document: unknown, source: string): KnownDeviation[] {
  const list = typeof document === 'object' && document !== null && !Array.isArray(document) ? (document as { deviations?: unknown }).deviations : undefined;
  if (!Array.isArray(list)) throw new ConfigInvalidError(`${source}: expected a mapping with a 'deviations' list`);
  return list.map((raw: unknown, index) => {
    const where = `${source}: deviations[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigInvalidError(`${where}: expected a mapping`);
    const entry = raw as Record<string, unknown>;
    const unknown = Object.keys(entry).filter((field) => !FIELDS.has(field));
    if (unknown.length > 0) throw new ConfigInvalidError(`${where}: unknown field(s) ${unknown.join(', ')}`);
    const operation = text(entry, 'operation', where, true) ?? '';
    const status = entry['status'];
    if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)) {
      throw new ConfigInvalidError(`${where}: 'status' must be an HTTP status code`);
    }
    const deviation: KnownDeviation = {
      check: text(entry, 'check', where, true) ?? '',
      operation,
      ...(status === undefined ? {} : { status }),
      ...optional('schemaPath', text(entry, 'schemaPath', where, false)),
      ...optional('instancePath', text(entry, 'instancePath', where, false)),
      ...optional('header', text(entry, 'header', where, false)),
      ...optional('key', text(entry, 'key', where, false)),
      reason: text(entry, 'reason', where, true) ?? '',
      ...optional('evidence', text(entry, 'evidence', where, false)),
    };
    if (deviation.schemaPath === undefined && deviation.header === undefined && deviation.key === undefined) {
      throw new ConfigInvalidError(`${where}: give schemaPath, header or key, so the entry covers one defect only`);
    }
    return deviation;
  });
}

function optional<K extends string>(field: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [field]: value } as Record<K, string>);
}

/** Reads and validates a deviations file. */
export async function loadKnownDeviations(path: string): Promise<KnownDeviation[]> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error: unknown) {
    throw new ConfigInvalidError(`${path}: cannot read the known-deviations file`, { cause: error });
  }
  let document: unknown;
  try {
    document = parse(raw);
  } catch (error: unknown) {
    throw new ConfigInvalidError(`${path}: not YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, { cause: error });
  }
  return parseKnownDeviations(document, path);
}

function evidenceText(finding: SummaryFinding, field: string): string | undefined {
  const value = finding.evidence[field];
  return typeof value === 'string' ? value : undefined;
}

function findingStatus(finding: SummaryFinding): number | undefined {
  const value = finding.evidence['status'];
  return typeof value === 'number' ? value : undefined;
}

function samePath(pattern: string, actual: string): boolean {
  const generalized = actual.replace(/\/\d+(?=\/|$)/g, '/*');
  return pattern === actual || pattern === generalized;
}

/** True when `deviation` accounts for exactly this defect. */
export function deviationCovers(deviation: KnownDeviation, finding: SummaryFinding): boolean {
  if (deviation.check !== finding.check || deviation.operation !== finding.operation) return false;
  if (deviation.status !== findingStatus(finding)) return false;
  if (deviation.schemaPath !== evidenceText(finding, 'schemaPath')) return false;
  if (deviation.header?.toLowerCase() !== evidenceText(finding, 'header')?.toLowerCase()) return false;
  if (deviation.key !== undefined && deviation.key !== finding.key) return false;
  if (deviation.instancePath !== undefined) {
    const actual = evidenceText(finding, 'instancePath');
    if (actual === undefined || !samePath(deviation.instancePath, actual)) return false;
  }
  // Without a pointer or header, status does not say which defect it is (not JSON, empty, text/plain...).
  if (evidenceText(finding, 'schemaPath') === undefined && evidenceText(finding, 'header') === undefined && deviation.key === undefined) return false;
  return true;
}

/**
 * Splits a summary's findings into known (covered by a deviation) and unexpected, and lists the
 * deviations no finding matched. `ok` of the returned summary is true when nothing unexpected is
 * left and no check failed for another reason than a known finding.
 */
export function applyKnownDeviations(summary: Summary, deviations: readonly KnownDeviation[], file?: string): DeviationVerdict {
  const findings: MarkedFinding[] = [];
  const unexpected: SummaryFinding[] = [];
  const used = new Set<number>();
  for (const finding of summary.findings) {
    const index = deviations.findIndex((deviation) => deviationCovers(deviation, finding));
    const deviation = deviations[index];
    if (deviation) {
      used.add(index);
      findings.push({ ...finding, known: { reason: deviation.reason, deviation: index } });
    } else {
      unexpected.push(finding);
      findings.push(finding);
    }
  }
  const matched = deviations.filter((_, index) => used.has(index));
  const stale = deviations.filter((_, index) => !used.has(index));
  // A failed check whose findings are all known does not fail the gate; one that failed without any
  // finding (a suite assertion, a crash) still does, as does one with an unexpected finding.
  const unexplainedFailure = summary.checks.some(
    (check) => check.status === 'failed' && !summary.findings.some((finding) => finding.check === check.id && finding.operation === check.operation),
  );
  // A check conform could not conclude is never covered: no deviation can vouch for what was not judged.
  const ok = summary.unreachable === undefined && (summary.errors ?? []).length === 0 && summary.outcomes.error === 0 && unexpected.length === 0 && !unexplainedFailure;
  return {
    summary: { ...summary, ok, findings, knownDeviations: { ...(file === undefined ? {} : { file }), matched, stale } },
    unexpected,
    stale,
  };
}
