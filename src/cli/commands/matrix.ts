import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { acceptOverride, configDefaults, resolveConfig } from '../../config.ts';
import { isConformError, UsageError } from '../../errors.ts';
import { loadPrincipalsFile, parsePrincipals, type Principals } from '../../principals.ts';
import { loadKnownDeviations, type KnownDeviation } from '../../report/known-deviations.ts';
import { buildMatrix, type MatrixInput } from '../../report/matrix.ts';
import { renderMatrixHtml } from '../../report/matrix-html.ts';
import { countOutcomes, type Summary } from '../../report/summary-report.ts';
import { BUILTIN_APIS, isBuiltinApi } from '../builtin-apis.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliOutput } from '../output.ts';
import { collect, integerOption } from '../parse-options.ts';
import { renderAllureHtml } from '../../report/allure/html.ts';
import { applyDeviationsToResults, hasDeviations } from '../run/apply-deviations.ts';
import { executePlan, type ApiRunResult, type RunOptions } from '../run/execute-run.ts';
import type { RegisterCommand } from './command.ts';
import { verdictOf } from '../run/verdict.ts';
import { PROGRESS_MARK } from '../run/print-summary.ts';
import type { TestState } from '../../vitest/vitest-driver.ts';

interface MatrixCommandOptions {
  target: string[];
  out?: string;
  seed?: number;
  maxExamples?: number;
  workers?: number;
  retries?: number;
  accept?: string;
  quiet?: boolean;
}

/** One `--target NAME=URL[,principals=FILE][,deviations=FILE]`. */
export interface MatrixTargetSpec {
  readonly name: string;
  readonly url: string;
  readonly principals?: string;
  readonly deviations?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Parses the repeatable `--target` values; names become directories, so they are kept plain and unique. */
export function parseMatrixTargets(values: readonly string[]): MatrixTargetSpec[] {
  if (values.length === 0) throw new UsageError('give at least one --target NAME=URL');
  const specs = values.map((value): MatrixTargetSpec => {
    const [head = '', ...extras] = value.split(',');
    const equals = head.indexOf('=');
    const name = equals < 0 ? '' : head.slice(0, equals).trim();
    const url = equals < 0 ? '' : head.slice(equals + 1).trim();
    if (!NAME.test(name) || url === '') throw new UsageError(`--target expects NAME=URL[,principals=FILE][,deviations=FILE] with NAME of letters, digits, '.', '_' or '-', got '${value}'`);
    if (!isHttpUrl(url)) throw new UsageError(`--target ${name}: '${url}' is not an http(s) URL`);
    let principals: string | undefined;
    let deviations: string | undefined;
    for (const extra of extras) {
      const [key, ...rest] = extra.split('=');
      const file = rest.join('=').trim();
      if (file === '') throw new UsageError(`--target ${name}: '${extra}' needs a file after '='`);
      if (key?.trim() === 'principals') principals = file;
      else if (key?.trim() === 'deviations') deviations = file;
      else throw new UsageError(`--target ${name}: unknown setting '${extra}' (expected principals=FILE or deviations=FILE)`);
    }
    return { name, url, ...(principals ? { principals } : {}), ...(deviations ? { deviations } : {}) };
  });
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name.toLowerCase())) throw new UsageError(`--target name '${spec.name}' is given twice`);
    seen.add(spec.name.toLowerCase());
  }
  return specs;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A column for a target that could not be reached: no rows of its own, the reason in the header. */
function unreachableSummary(api: string, url: string, seed: number, reason: string): Summary {
  return { api, target: url, seed, ok: false, unreachable: reason, outcomes: countOutcomes([]), checks: [], findings: [], stats: { requests: 0, durationMs: 0 } };
}

/** `conform matrix <api> --target NAME=URL...`: the same suites against several targets, side by side. */
export const registerMatrix: RegisterCommand = (program, output, setExit) => {
  program
    .command('matrix')
    .description('run the suites of a built-in API against several targets; writes matrix.json and matrix.html')
    .argument('<api>', 'built-in API name (glance, prime, img)')
    .option('--target <NAME=URL[,principals=FILE][,deviations=FILE]>', 'a column of the matrix (repeatable, at least one)', collect, [])
    .option('--out <dir>', 'where the matrix and each target\'s reports (<out>/<NAME>/) go (default: reports/matrix)')
    .option('--seed <n>', 'one seed for every target, so the columns see the same cases (default: random, printed)', integerOption(0, 2 ** 31 - 1))
    .option('--max-examples <n>', `generated cases per operation and phase (default: ${configDefaults.maxExamples})`, integerOption(1, 100_000))
    .option('--workers <n>', 'requests in flight at once (read operations\' cases; state changes keep their order)', integerOption(1, 64))
    .option('--accept <media-types>', 'the Accept header of every request instead of the documented response media types; "none" sends none')
    .option('--retries <n>', `retries of an idempotent request after a reset or a 503 with Retry-After (default: ${configDefaults.retries}; 0 disables)`, integerOption(0, 10))
    .option('--quiet', 'no per-test progress lines')
    .action(async (api: string, options: MatrixCommandOptions) => {
      setExit(await matrixCommand(api, options, output));
    });
};

async function matrixCommand(api: string, options: MatrixCommandOptions, output: CliOutput): Promise<number> {
  if (!isBuiltinApi(api)) throw new UsageError(`'${api}' is not a built-in API (glance, prime, img)`);
  const targets = parseMatrixTargets(options.target);
  // Every file is read before the first run, so a broken one is one line and exit 2.
  const prepared: { spec: MatrixTargetSpec; principals: Principals; deviations?: KnownDeviation[] }[] = [];
  for (const spec of targets) {
    const principals = spec.principals ? await loadPrincipalsFile(spec.principals) : parsePrincipals(BUILTIN_APIS[api].defaultPrincipals, `${api} defaults`, {});
    prepared.push({ spec, principals, ...(spec.deviations ? { deviations: await loadKnownDeviations(spec.deviations) } : {}) });
  }
  const out = resolve(options.out ?? join('reports', 'matrix'));
  const seed = options.seed ?? randomInt(0, 2 ** 31 - 1);
  output.err(`conform: seed ${seed} (replay with --seed ${seed})`);
  const progress = {
    testFinished: (name: string, state: TestState, note?: string) => {
      if (options.quiet) return;
      output.err(`${PROGRESS_MARK[state]} ${name}${note ? `  (${note})` : ''}`);
    },
  };
  const interrupt = new AbortController();
  const onSigint = (): void => {
    output.err('conform: interrupted; finishing the running test and deleting what the run created');
    interrupt.abort();
  };
  process.once('SIGINT', onSigint);
  const inputs: MatrixInput[] = [];
  let conformant = true;
  let unreachable = false;
  let broken = false;
  try {
    const resolved = resolveConfig({ maxExamples: options.maxExamples, workers: options.workers, retries: options.retries });
    for (const { spec, principals, deviations } of prepared) {
      if (interrupt.signal.aborted) break;
      const targetOut = join(out, spec.name);
      const runOptions: RunOptions = {
        out: targetOut,
        seed,
        maxExamples: resolved.maxExamples,
        include: [],
        exclude: [],
        checks: [],
        workers: resolved.workers,
        retries: resolved.retries,
        ...(options.accept === undefined ? {} : { accept: acceptOverride(options.accept, '--accept') ?? {} }),
        requestTimeoutMs: resolved.requestTimeoutMs,
        maxResponseBytes: resolved.maxResponseBytes,
        rateLimitProbe: resolved.rateLimitProbe,
      };
      const allureResults = join(targetOut, 'allure-results');
      rmSync(allureResults, { recursive: true, force: true });
      mkdirSync(targetOut, { recursive: true });
      output.err(`conform: ${spec.name}: ${spec.url}`);
      const plan = { api, sources: [BUILTIN_APIS[api].spec], suiteFiles: suiteFiles(api), target: spec.url, principals };
      let result: ApiRunResult;
      try {
        result = await executePlan(plan, runOptions, targetOut, allureResults, progress, interrupt.signal);
      } catch (error: unknown) {
        // One unreachable target is a column that says so; the others still get compared.
        if (!isConformError(error) || error.code !== 'CONFORM_TARGET_UNREACHABLE') throw error;
        output.out(`${spec.name}: UNREACHABLE (${error.message})`);
        unreachable = true;
        conformant = false;
        const summary = unreachableSummary(api, spec.url, seed, error.message);
        await writeFile(join(targetOut, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
        inputs.push({ name: spec.name, summary, reportPath: `${spec.name}/summary.json` });
        continue;
      }
      if (deviations && spec.deviations) [result] = await applyDeviationsToResults([result], deviations, spec.deviations) as [ApiRunResult];
      const { label: verdict, exitCode } = verdictOf(result);
      conformant &&= exitCode === ExitCode.ok;
      broken ||= exitCode === ExitCode.internal;
      const deviationsSeen = hasDeviations(result.summary) ? result.summary.knownDeviations : undefined;
      const known = result.summary.findings.filter((finding) => 'known' in finding && finding.known !== undefined).length;
      output.out(`${spec.name}: ${verdict} against ${spec.url} (${result.summary.findings.length - known} finding(s)${deviationsSeen ? `, ${known} known` : ''}; ${result.summary.stats.requests} requests)`);
      for (const stale of deviationsSeen?.stale ?? []) output.out(`  ~ stale deviation (not seen in this run: fixed upstream, or not reached with this seed): [${stale.check}] ${stale.operation}${stale.status === undefined ? '' : ` ${stale.status}`}`);
      for (const error of result.errors) output.out(`  ! ${error}`);
      for (const left of result.leftBehind) output.out(`  ! created by this run and still there: ${left}`);
      // Each column gets the same Allure report `conform run` writes, so the matrix links to readable evidence.
      const html = await renderAllureHtml(allureResults, join(targetOut, 'html'));
      if (html.problem) output.err(`conform: ${spec.name}: HTML report not written (${html.problem})`);
      inputs.push({ name: spec.name, summary: result.summary, reportPath: `${spec.name}/summary.json`, ...(html.index ? { htmlPath: `${spec.name}/html/index.html` } : {}) });
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  const matrix = buildMatrix(inputs);
  mkdirSync(out, { recursive: true });
  await writeFile(join(out, 'matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
  await writeFile(join(out, 'matrix.html'), renderMatrixHtml(matrix, `conform matrix: ${BUILTIN_APIS[api].title} (seed ${seed})`));
  output.out(`matrix: ${join(out, 'matrix.json')}, ${join(out, 'matrix.html')} (${matrix.rows.length} rows × ${matrix.targets.length} targets)`);
  if (interrupt.signal.aborted) return ExitCode.interrupted;
  if (broken) return ExitCode.internal;
  if (unreachable) return ExitCode.unreachable;
  return conformant ? ExitCode.ok : ExitCode.findings;
}

function suiteFiles(api: keyof typeof BUILTIN_APIS): string[] {
  const directory = BUILTIN_APIS[api].suitesDir;
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(directory, name));
}
