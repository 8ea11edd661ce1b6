import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { isJsonMediaType } from '../checks/media-type.ts';
import { ConfigInvalidError } from '../errors.ts';
import type { Summary, SummaryFinding } from './summary-report.ts';

/**
 * What a known deviation is:
 * - `vendor-document`: the document is wrong about upstream (upstream is the reference; the document
 *   says otherwise);
 * - `upstream-defect`: upstream itself is wrong (a crash, a broken rule), a finding a vendor may want
 *   to fix; reports list these apart.
 */
export type DeviationKind = 'vendor-document' | 'upstream-defect';

export const DEVIATION_KINDS: readonly DeviationKind[] = ['vendor-document', 'upstream-defect'];

/** Whether the finding's request asked for JSON (`Accept` naming a JSON media type) or not. */
export type AcceptCondition = 'json' | 'not-json';

/**
 * One recorded disagreement between an API document and a deployment. Matching is precise: `check`
 * and `operation` always (`operation: '*'` is any operation: an API-wide rule); `status` (a code, or
 * a class `4xx`), `schemaPath` and `header` must equal the finding's evidence and are "absent" when
 * the finding has none (so a deviation without `status` never covers a finding that carries one);
 * `instancePath`, `key`, `requestBody` and `accept` narrow further when given.
 */
export interface KnownDeviation {
  readonly check: string;
  /** The operation label as in summary.json: `METHOD /path`, a semantic suite's label (`visibility (Glance)`), or `*`. */
  readonly operation: string;
  /** A status code, or a class written `4xx`. */
  readonly status?: number | string;
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
  /** A regular expression the finding's request body must match (e.g. `"path":\s*(null|true)`): which requests upstream fails on. */
  readonly requestBody?: string;
  /** Whether the finding's request asked for JSON: `not-json` is e.g. "error bodies when no JSON was asked for". */
  readonly accept?: AcceptCondition;
  readonly kind: DeviationKind;
  /** Why this is accepted: what upstream does and what the document says. */
  readonly reason: string;
  /** One line that reproduces it by hand (a curl command against `$URL`). */
  readonly reproduction: string;
  /** One line of what was observed. */
  readonly evidence?: string;
}

/** A finding as summary.json holds it after the deviations file is applied. */
export type MarkedFinding = SummaryFinding & {
  /** Present when a deviation accounts for the finding: its reason and index in the file. */
  readonly known?: { readonly reason: string; readonly deviation: number; readonly kind: DeviationKind };
};

/** What summary.json records about the deviations file. */
export interface KnownDeviationsReport {
  readonly file?: string;
  /** The deviations that accounted for at least one finding of this run. */
  readonly matched: readonly KnownDeviation[];
  /** The matched deviations of kind `upstream-defect`: defects of upstream itself, seen in this run. */
  readonly upstreamDefects: readonly KnownDeviation[];
  /** The deviations no finding of this run matched: reported, they do not fail the gate. */
  readonly stale: readonly KnownDeviation[];
  /**
   * The deviations this run could not have met, neither matched nor stale: their check did not run on
   * their operation (not selected by `--checks`, or skipped), or their `accept` condition never held
   * (a `not-json` rule in a run that asked for JSON, or the reverse with `--accept`).
   */
  readonly inapplicable?: readonly KnownDeviation[];
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

const FIELDS = new Set(['check', 'operation', 'status', 'schemaPath', 'instancePath', 'header', 'key', 'requestBody', 'accept', 'kind', 'reason', 'reproduction', 'evidence']);

/** `4xx` → 4; a number → itself. */
const STATUS_CLASS = /^([1-5])xx$/i;

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
    const statusIsCode = typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599;
    if (status !== undefined && !statusIsCode && !(typeof status === 'string' && STATUS_CLASS.test(status))) {
      throw new ConfigInvalidError(`${where}: 'status' must be an HTTP status code or a class such as 4xx`);
    }
    const kind = text(entry, 'kind', where, true);
    if (!DEVIATION_KINDS.includes(kind as DeviationKind)) throw new ConfigInvalidError(`${where}: 'kind' must be ${DEVIATION_KINDS.join(' or ')}`);
    const accept = text(entry, 'accept', where, false);
    if (accept !== undefined && accept !== 'json' && accept !== 'not-json') throw new ConfigInvalidError(`${where}: 'accept' must be json or not-json`);
    const requestBody = text(entry, 'requestBody', where, false);
    if (requestBody !== undefined) {
      try {
        new RegExp(requestBody);
      } catch {
        throw new ConfigInvalidError(`${where}: 'requestBody' is not a regular expression`);
      }
    }
    const reproduction = text(entry, 'reproduction', where, true) ?? '';
    if (/[\r\n]/.test(reproduction.trim())) throw new ConfigInvalidError(`${where}: 'reproduction' must be one line`);
    const deviation: KnownDeviation = {
      check: text(entry, 'check', where, true) ?? '',
      operation,
      ...(status === undefined ? {} : { status: status as number | string }),
      ...optional('schemaPath', text(entry, 'schemaPath', where, false)),
      ...optional('instancePath', text(entry, 'instancePath', where, false)),
      ...optional('header', text(entry, 'header', where, false)),
      ...optional('key', text(entry, 'key', where, false)),
      ...optional('requestBody', requestBody),
      ...(accept === undefined ? {} : { accept: accept as AcceptCondition }),
      kind: kind as DeviationKind,
      reason: text(entry, 'reason', where, true) ?? '',
      reproduction: reproduction.trim(),
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

function statusMatches(expected: number | string | undefined, actual: number | undefined): boolean {
  if (typeof expected !== 'string') return expected === actual;
  return actual !== undefined && String(actual)[0] === expected[0];
}

/** The Accept header of the finding's request, if it sent one. */
function requestAccept(finding: SummaryFinding): string | undefined {
  for (const [name, value] of Object.entries(finding.request.headers)) if (name.toLowerCase() === 'accept') return String(value);
  return undefined;
}

/** Whether an Accept header names a JSON media type (`*\/*` asks for anything, not for JSON: webob answers it with HTML). */
function asksForJson(accept: string): boolean {
  return accept.split(',').some((range) => isJsonMediaType(range));
}

/**
 * Whether the run sent requests of the kind `condition` names: JSON-asking ones unless `--accept`
 * replaced the documented media types everywhere with something that is not JSON, and (the reverse)
 * ones that do not ask for JSON only when `--accept` said so for some operation.
 */
function runAsked(summary: Pick<Summary, 'accept'>, condition: AcceptCondition): boolean {
  const values = Object.values(summary.accept ?? {});
  const notJson = values.some((value) => !asksForJson(value));
  const everywhereNotJson = summary.accept?.['*'] !== undefined && values.every((value) => !asksForJson(value));
  return condition === 'not-json' ? notJson : !everywhereNotJson;
}

/** `*` in a deviation's key stands for any text (e.g. `*:text/plain` for every status). */
function keyMatches(pattern: string, key: string): boolean {
  if (!pattern.includes('*')) return pattern === key;
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(key);
}

/** True when `deviation` accounts for exactly this defect. */
export function deviationCovers(deviation: KnownDeviation, finding: SummaryFinding): boolean {
  if (deviation.check !== finding.check || (deviation.operation !== '*' && deviation.operation !== finding.operation)) return false;
  if (!statusMatches(deviation.status, findingStatus(finding))) return false;
  if (deviation.requestBody !== undefined && !new RegExp(deviation.requestBody).test(finding.request.body ?? '')) return false;
  if (deviation.accept !== undefined) {
    const accept = requestAccept(finding);
    const askedJson = accept !== undefined && asksForJson(accept);
    if ((deviation.accept === 'json') !== askedJson) return false;
  }
  if (deviation.schemaPath !== evidenceText(finding, 'schemaPath')) return false;
  if (deviation.header?.toLowerCase() !== evidenceText(finding, 'header')?.toLowerCase()) return false;
  if (deviation.key !== undefined && !keyMatches(deviation.key, finding.key)) return false;
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
      findings.push({ ...finding, known: { reason: deviation.reason, deviation: index, kind: deviation.kind } });
    } else {
      unexpected.push(finding);
      findings.push(finding);
    }
  }
  const matched = deviations.filter((_, index) => used.has(index));
  const unmatched = deviations.filter((_, index) => !used.has(index));
  // A check that never ran on the operation (left out by --checks, or skipped) could not have met it.
  const judged = (deviation: KnownDeviation): boolean =>
    summary.checks.some((check) => check.id === deviation.check && (deviation.operation === '*' || check.operation === deviation.operation) && (check.status === 'passed' || check.status === 'failed'));
  const applicable = (deviation: KnownDeviation): boolean => judged(deviation) && (deviation.accept === undefined || runAsked(summary, deviation.accept));
  const stale = unmatched.filter(applicable);
  const inapplicable = unmatched.filter((deviation) => !applicable(deviation));
  // A failed check whose findings are all known does not fail the gate; one that failed without any
  // finding (a suite assertion, a crash) still does, as does one with an unexpected finding.
  const unexplainedFailure = summary.checks.some(
    (check) => check.status === 'failed' && !summary.findings.some((finding) => finding.check === check.id && finding.operation === check.operation),
  );
  // A check conform could not conclude is never covered: no deviation can vouch for what was not judged.
  const ok = summary.unreachable === undefined && (summary.errors ?? []).length === 0 && summary.outcomes.error === 0 && unexpected.length === 0 && !unexplainedFailure;
  return {
    summary: { ...summary, ok, findings, knownDeviations: { ...(file === undefined ? {} : { file }), matched, upstreamDefects: matched.filter((deviation) => deviation.kind === 'upstream-defect'), stale, ...(inapplicable.length === 0 ? {} : { inapplicable }) } },
    unexpected,
    stale,
  };
}
