/**
 * The real-documents corpus check (issue 10): every document under a folder loads or is refused in one
 * line, and every usable operation of a loaded one gets positive, negative and boundary cases from the
 * same generator `conform cases` uses, without throwing. Shared by `npm run corpus` and
 * test/corpus-cases.test.ts.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isConformError } from '../src/errors.ts';
import { CASE_MODES, type CaseMode } from '../src/generate/case.ts';
import { generateCases } from '../src/generate/cases.ts';
import { loadApi } from '../src/openapi/load-api.ts';
import type { ApiModel, Operation } from '../src/openapi/types.ts';
import { SchemaValidator } from '../src/openapi/schema-validator.ts';
import type { Case } from '../src/generate/case.ts';
import { invalidParts, type InvalidPositive } from './positive-validity.ts';

/** What happened to one document. */
export interface CorpusRow {
  /** Path relative to the corpus folder. */
  readonly document: string;
  readonly loaded: boolean;
  /** Why it was refused: the one line the CLI would print. */
  readonly refusal?: string;
  readonly usable: number;
  /** Usable plus those a load warning made unusable. */
  readonly total: number;
  readonly cases: Readonly<Record<CaseMode, number>>;
  /** Operations skipped with a one-line warning because no request satisfies their schema. */
  readonly unsatisfiable: readonly string[];
  /** `operationId mode` pairs {@link CorpusOptions.leave} left out. */
  readonly left: readonly string[];
  /** Anything that threw without being one of conform's one-line errors: each is a bug. */
  readonly failures: readonly string[];
  /** Positive cases judged by Ajv, and the ones that break their own document (positive-validity.ts). */
  readonly positiveJudged: number;
  readonly invalidPositive: readonly InvalidPositive[];
}

/** Options of {@link corpusRows}. */
export interface CorpusOptions {
  /** Cases per operation and mode. @defaultValue 2 */
  readonly count?: number;
  /** @defaultValue 1 */
  readonly seed?: number;
  /** Leaves one (document, operation, mode) out; counted in {@link CorpusRow.left}. */
  readonly leave?: (document: string, operationId: string, mode: CaseMode) => boolean;
  /** Told each row as it is done (a long corpus shows its progress). */
  readonly onRow?: (row: CorpusRow, done: number, of: number) => void;
}

const DOCUMENT = /\.(json|ya?ml)$/i;

/** Every JSON or YAML file under `folder`, recursively, sorted; the corpus README and other files are left out. */
export function corpusDocuments(folder: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (DOCUMENT.test(name)) out.push(path);
    }
  };
  visit(folder);
  return out;
}

/** One row per document under `folder`, in path order. */
export async function corpusRows(folder: string, options: CorpusOptions = {}): Promise<CorpusRow[]> {
  return corpusRowsOf(corpusDocuments(folder).map((path) => ({ path, document: relative(folder, path) })), options);
}

/** One row per listed document, in the list's order. */
export async function corpusRowsOf(entries: readonly { readonly path: string; readonly document: string }[], options: CorpusOptions = {}): Promise<CorpusRow[]> {
  const rows: CorpusRow[] = [];
  for (const { path, document } of entries) {
    const row = await corpusRow(path, document, options);
    rows.push(row);
    options.onRow?.(row, rows.length, entries.length);
  }
  return rows;
}

async function corpusRow(path: string, document: string, options: CorpusOptions): Promise<CorpusRow> {
  const none: Record<CaseMode, number> = { positive: 0, negative: 0, boundary: 0 };
  let model: ApiModel;
  try {
    model = await loadApi([path]);
  } catch (error: unknown) {
    const nothing = { usable: 0, total: 0, cases: none, unsatisfiable: [], left: [], positiveJudged: 0, invalidPositive: [] };
    if (isConformError(error)) return { document, loaded: false, refusal: `${error.code}: ${error.message}`, ...nothing, failures: [] };
    return { document, loaded: false, ...nothing, failures: [`load threw ${describe(error)}`] };
  }
  const unusable = new Set(model.warnings.flatMap((w) => w.unusableOperations));
  const cases: Record<CaseMode, number> = { ...none };
  const unsatisfiable = new Set<string>();
  const failures: string[] = [];
  const left: string[] = [];
  const validator = new SchemaValidator(model.dialect, model.document);
  let positiveJudged = 0;
  const invalidPositive: InvalidPositive[] = [];
  for (const operation of model.operations) {
    for (const mode of CASE_MODES) {
      if (options.leave?.(document, operation.id, mode)) {
        left.push(`${operation.id} ${mode}`);
        continue;
      }
      try {
        const generated = casesOf(model, operation, mode, options);
        cases[mode] += generated.length;
        if (mode === 'positive') {
          for (const testCase of generated) {
            positiveJudged += 1;
            const [first] = invalidParts(operation, testCase, validator);
            if (first) invalidPositive.push(first);
          }
        }
      } catch (error: unknown) {
        if (isConformError(error) && /no value satisfies/.test(error.message)) unsatisfiable.add(operation.id);
        else failures.push(`${operation.id} ${mode}: ${describe(error)}`);
      }
    }
  }
  return { document, loaded: true, usable: model.operations.length, total: model.operations.length + unusable.size, cases, unsatisfiable: [...unsatisfiable], left, failures, positiveJudged, invalidPositive };
}

// What `conform cases --operation <id> --mode <mode>` prints, minus the printing.
function casesOf(model: ApiModel, operation: Operation, mode: CaseMode, options: CorpusOptions): Case[] {
  return generateCases({ ...model, operations: [operation] }, { count: options.count ?? 2, seed: options.seed ?? 1, mode, maxDepth: 3 });
}

/** The share of positive cases Ajv finds valid, as a percentage with one decimal ('-' when none was judged). */
export function validShare(judged: number, invalid: number): string {
  return judged === 0 ? '-' : `${(Math.floor((1000 * (judged - invalid)) / judged) / 10).toFixed(1)}%`;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n', 1)[0] ?? '';
}

/** The table `npm run corpus` prints, with a totals line last. */
export function formatCorpusTable(rows: readonly CorpusRow[]): string[] {
  const width = Math.max(8, ...rows.map((r) => r.document.length));
  const header = `${'document'.padEnd(width)}  status   usable/total  positive  negative  boundary  unsatisfiable  failures  valid`;
  const lines = rows.map((r) => {
    const status = r.loaded ? 'loaded ' : 'REFUSED';
    const counts = r.loaded
      ? `${`${r.usable}/${r.total}`.padStart(12)}  ${String(r.cases.positive).padStart(8)}  ${String(r.cases.negative).padStart(8)}  ${String(r.cases.boundary).padStart(8)}  ${String(r.unsatisfiable.length).padStart(13)}`
      : `${''.padStart(12)}  ${''.padStart(8)}  ${''.padStart(8)}  ${''.padStart(8)}  ${''.padStart(13)}`;
    const notes = [...(r.refusal ? [r.refusal] : []), ...r.failures, ...(r.left.length > 0 ? [`left out: ${r.left.join(', ')}`] : [])].join('; ');
    return `${r.document.padEnd(width)}  ${status}  ${counts}  ${String(r.failures.length).padStart(8)}  ${validShare(r.positiveJudged, r.invalidPositive.length).padStart(6)}${notes ? `  ${notes}` : ''}`;
  });
  const misses = rows.flatMap((r) => r.invalidPositive.map((miss) => `  invalid positive case: ${r.document} ${miss.operationId} ${miss.where}: ${miss.why}`));
  const loaded = rows.filter((r) => r.loaded);
  const sum = (pick: (r: CorpusRow) => number): number => rows.reduce((n, r) => n + pick(r), 0);
  const totals =
    `${rows.length} documents: ${loaded.length} loaded, ${rows.length - loaded.length} refused; ` +
    `operations ${sum((r) => r.usable)}/${sum((r) => r.total)} usable; ` +
    `cases positive ${sum((r) => r.cases.positive)}, negative ${sum((r) => r.cases.negative)}, boundary ${sum((r) => r.cases.boundary)}; ` +
    `${sum((r) => r.unsatisfiable.length)} operations unsatisfiable; ${sum((r) => r.failures.length)} failures; ` +
    `positive cases valid by Ajv ${validShare(sum((r) => r.positiveJudged), sum((r) => r.invalidPositive.length))} (${sum((r) => r.invalidPositive.length)} of ${sum((r) => r.positiveJudged)} not)`;
  return [header, ...lines, ...misses, totals];
}
