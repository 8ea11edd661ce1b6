import { existsSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { Option } from 'commander';
import { acceptOverride, configDefaults, DEFAULT_QUOTA_BUDGET, resolveConfig, findConfigFile, loadConfigFile, type ConformConfig } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import { loadFixturesFile, parseFixtures, type FixturesByApi } from '../../fixtures.ts';
import { loadPrincipalsFile, parsePrincipals, type Principals } from '../../principals.ts';
import { formatWarning } from '../../openapi/problem.ts';
import { BUILTIN_APIS, CUSTOM_SUITES_DIR, isBuiltinApi } from '../builtin-apis.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliOutput } from '../output.ts';
import { budgetOption, collect, integerOption } from '../parse-options.ts';
import { startAllureRenderer, type AllureHtml, type AllureRenderer } from '../../report/allure/html.ts';
import { markKnownDeviations, reportTitle, writeRunEnvironment } from '../run/allure-run-info.ts';
import { executePlans, sizeOfPlan, type ApiRunResult, type RunOptions, type RunPlan } from '../run/execute-run.ts';
import { printRunSummary } from '../run/print-summary.ts';
import { principalNameProblems } from '../run/principal-names.ts';
import { applyDeviationsToResults } from '../run/apply-deviations.ts';
import { exitCodeOf } from '../run/verdict.ts';
import { loadKnownDeviations, type KnownDeviation } from '../../report/known-deviations.ts';
import { parseShard } from '../../run/shard.ts';
import type { RegisterCommand } from './command.ts';
import { PROGRESS_MARK } from '../run/print-summary.ts';
import type { TestState } from '../../vitest/vitest-driver.ts';

interface RunCommandOptions {
  target?: string;
  principals?: string;
  out?: string;
  seed?: number;
  maxExamples?: number;
  sequences?: number;
  budget?: number | 'none';
  include: string[];
  exclude: string[];
  checks?: string;
  workers?: number;
  retries?: number;
  accept?: string;
  requireSuites?: boolean;
  rateLimit?: string;
  requestTimeout?: number;
  maxResponseTime?: number;
  maxResponseBytes?: number;
  config?: string;
  rateLimitProbe?: boolean;
  quotaPacing?: boolean;
  shard?: string;
  quiet?: boolean;
  knownDeviations?: string;
  fixtures?: string;
}

function suiteFilesIn(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(directory, name));
}

function parseRate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  if (!match?.[1] || Number(match[1]) <= 0) throw new UsageError(`--rate-limit expects N or N/s with N > 0, got '${text}'`);
  return Number(match[1]);
}

async function principalsFor(api: string, config: ConformConfig, file: string | undefined): Promise<Principals> {
  const source = file ?? config.principals;
  if (typeof source === 'string') return loadPrincipalsFile(source);
  if (source) return parsePrincipals(source, 'config principals');
  return parsePrincipals(isBuiltinApi(api) ? BUILTIN_APIS[api].defaultPrincipals : {}, `${api} defaults`, {});
}

/** `conform run <api|source...>`: every suite of the API(s) against a target, reports in `--out`. */
export const registerRun: RegisterCommand = (program, output, setExit) => {
  program
    .command('run')
    .description('run the contract checks and semantic suites of an API against a target; writes reports')
    .argument('[apis-or-sources...]', 'built-in API names (glance, prime, img) or OpenAPI documents (paths, URLs, Markdown pages)')
    .option('--target <url>', 'base URL of the deployment under test (default: the embedded reference server of a built-in API)')
    .option('--principals <file>', 'JSON {"<name>": {"headers": {...}}}; values may be ${ENV}')
    .option('--out <dir>', `where reports go (default: ${configDefaults.out})`)
    .option('--seed <n>', 'replay a run exactly (default: random, printed)', integerOption(0, 2 ** 31 - 1))
    .option('--max-examples <n>', `generated cases per operation and phase (default: ${configDefaults.maxExamples})`, integerOption(1, 100_000))
    .option('--sequences <n>', 'random command sequences per visibility suite, its fixed tours included (default: --max-examples, at least 30; a request budget may set fewer)', integerOption(1, 100_000))
    .option('--budget <n|none>', `the most requests a run sends to one API, by which it sizes --max-examples and --sequences (default: ${DEFAULT_QUOTA_BUDGET} on a target you give whose document states a quota, else none)`, budgetOption)
    .option('--include <value>', 'only operations matching an operationId, tag, method or path (repeatable, * wildcard)', collect, [])
    .option('--exclude <value>', 'skip operations matching an operationId, tag, method or path (repeatable)', collect, [])
    .option('--checks <ids>', 'comma-separated check ids (default: every check that is not opt-in)')
    .option('--workers <n>', `requests in flight at once (generated cases of a read operation; state-changing sequences keep their order) (default: ${configDefaults.workers})`, integerOption(1, 64))
    .option('--require-suites', 'exit 1 when a semantic suite could not run (a principal, fixture or opt-in missing): for CI gates that must not pass on what they never ran')
    .option('--accept <media-types>', 'the Accept header of every request instead of the documented response media types; "none" sends none (config: accept, also by operationId)')
    .option('--retries <n>', `extra attempts of an idempotent request after a connection reset/refusal or a 503 with Retry-After; POST/PATCH never (default: ${configDefaults.retries}; 0 disables)`, integerOption(0, 10))
    .option('--rate-limit <n/s>', 'client-side cap on requests per second')
    .option('--request-timeout <ms>', `per-request budget (default: ${configDefaults.requestTimeoutMs})`, integerOption(1, 3_600_000))
    .option('--max-response-bytes <n>', `response bytes kept; a longer body is cut there and judged truncated (default: ${configDefaults.maxResponseBytes})`, integerOption(1))
    .option('--max-response-time <ms>', 'enables max_response_time with this budget', integerOption(1, 3_600_000))
    .option('--rate-limit-probe', 'measure documented quotas (sends enough requests to hit them)')
    .option('--no-quota-pacing', "do not hold requests to stay under the document's x-rate-limit quotas on a target you give (the rate-limit probe is never held)")
    .option('--config <file>', 'conform.config.{ts,json,yaml} (default: one in the current directory)')
    .addOption(new Option('--shard <i/n>', 'run one deterministic shard: the contract suite\'s operations and the semantic suites split across n machines (join with conform merge-reports)'))
    .option('--quiet', 'no per-test progress lines')
    .option('--fixtures <file>', 'YAML or JSON of existing resources the run may change and puts back, by API and principal (Prime images by image_name/image_tag); checked before any change')
    .option('--known-deviations <file>', 'YAML of accepted findings (see README): those do not fail the run; unmatched entries are reported as stale')
    .action(async (apisOrSources: string[], options: RunCommandOptions) => {
      setExit(await runCommand(apisOrSources, options, output));
    });
};

async function runCommand(apisOrSources: string[], options: RunCommandOptions, output: CliOutput): Promise<number> {
  const configPath = options.config ?? findConfigFile(process.cwd());
  if (options.config && !existsSync(options.config)) throw new UsageError(`${options.config}: no such config file`);
  const config: ConformConfig = configPath ? await loadConfigFile(configPath) : {};
  const names = apisOrSources.length > 0 ? apisOrSources : [...(config.api ? [config.api] : []), ...(config.sources ?? [])];
  if (names.length === 0) throw new UsageError('name an API (glance, prime, img) or a document to test');
  const target = options.target ?? config.target;
  const builtins = names.filter(isBuiltinApi);
  const sources = names.filter((name) => !isBuiltinApi(name));
  if (builtins.length > 0 && sources.length > 0) throw new UsageError('give either built-in API names or documents, not both');
  if (target && builtins.length > 1) throw new UsageError('--target tests one API; name one built-in API');
  if (sources.length > 0 && !target) throw new UsageError('a document given as a source needs --target URL');
  if (options.shard) parseShard(options.shard);
  // Read before any worker starts: a broken file is one line and exit 2.
  const fixtures = await fixturesFor(config, options.fixtures);

  const plans: RunPlan[] = [];
  for (const api of builtins) {
    plans.push({
      api,
      sources: [BUILTIN_APIS[api].spec],
      suiteFiles: suiteFilesIn(BUILTIN_APIS[api].suitesDir),
      ...(target ? { target } : {}),
      principals: await principalsFor(api, config, options.principals),
      ...(fixtures?.[api] ? { fixtures: fixtures[api] } : {}),
    });
  }
  if (sources.length > 0) {
    const absolute = sources.map((source) => (/^[a-z]+:\/\//i.test(source) || isAbsolute(source) ? source : resolve(source)));
    // Loaded here so an unusable document is one line and exit 2 before any worker starts.
    const { loadApi } = await import('../../openapi/load-api.ts');
    const model = await loadApi(absolute);
    for (const warning of model.warnings) output.err(`conform: warning: ${formatWarning(warning)}`);
    // A malformed declaration (document or config) is one line and exit 2 before any request.
    const { resolveDeclaration } = await import('../../openapi/declaration/resolve-declaration.ts');
    const declaration = config.declaration === undefined ? undefined : { source: configPath ?? 'config', value: config.declaration };
    const declared = resolveDeclaration(model, declaration ? { config: declaration } : {});
    for (const warning of declared.warnings) output.err(`conform: warning: ${formatWarning(warning)}`);
    plans.push({ api: 'custom', ...(model.title ? { title: model.title } : {}), sources: absolute, suiteFiles: suiteFilesIn(CUSTOM_SUITES_DIR), ...(target ? { target } : {}), principals: await principalsFor('custom', config, options.principals), ...(declaration ? { declaration } : {}), resources: declared.declaration.resources });
  }

  // A name no suite uses is most likely a typo: said now, before the suites that need it skip.
  const principalProblems = new Map<string, readonly string[]>();
  for (const plan of plans) {
    if (!isBuiltinApi(plan.api)) continue;
    const problems = principalNameProblems(plan.api, plan.principals, Object.keys(BUILTIN_APIS[plan.api].defaultPrincipals));
    if (problems.length > 0) principalProblems.set(plan.api, problems);
    for (const problem of problems) output.err(`conform: warning: principals: ${problem}`);
  }

  // Read before any worker starts, so a broken file is one line and exit 2.
  const deviations: KnownDeviation[] | undefined = options.knownDeviations ? await loadKnownDeviations(options.knownDeviations) : undefined;

  const seed = options.seed ?? config.seed ?? randomInt(0, 2 ** 31 - 1);
  const resolved = resolveConfig(
    { out: options.out, maxExamples: options.maxExamples, workers: options.workers, retries: options.retries, requestTimeoutMs: options.requestTimeout, maxResponseBytes: options.maxResponseBytes, rateLimitProbe: options.rateLimitProbe },
    config,
    // The embedded servers are conform's own: their quotas are always measured; a user's, on request.
    target ? {} : { rateLimitProbe: true },
  );
  const out = resolve(resolved.out);
  const runOptions: RunOptions = {
    out,
    seed,
    maxExamples: resolved.maxExamples,
    ...((options.sequences ?? config.sequences) === undefined ? {} : { sequences: options.sequences ?? config.sequences }),
    include: options.include.length > 0 ? options.include : [...(config.include ?? [])],
    exclude: options.exclude.length > 0 ? options.exclude : [...(config.exclude ?? [])],
    checks: options.checks ? options.checks.split(',').map((id) => id.trim()).filter(Boolean) : [...(config.checks ?? [])],
    workers: resolved.workers,
    retries: resolved.retries,
    ...withAccept(acceptOverride(options.accept ?? config.accept, options.accept === undefined ? `${configPath ?? 'config'}: accept` : '--accept')),
    requestTimeoutMs: resolved.requestTimeoutMs,
    maxResponseBytes: resolved.maxResponseBytes,
    ...(options.maxResponseTime === undefined ? {} : { maxResponseTimeMs: options.maxResponseTime }),
    ...((parseRate(options.rateLimit) ?? config.rateLimit) === undefined ? {} : { rateLimit: parseRate(options.rateLimit) ?? config.rateLimit }),
    rateLimitProbe: resolved.rateLimitProbe,
    quotaPacing: options.quotaPacing !== false,
    ...(options.shard ? { shard: options.shard } : {}),
  };
  // Ctrl-C: the running test finishes and cleans up, the rest is skipped, leftovers are deleted from
  // the ledger, reports are written for what ran, and the exit status is 130. A second Ctrl-C forces.
  // Listening starts before the seed is printed: a Ctrl-C that answers the first line must not meet
  // Node's default (the process ends at once, without reports).
  const interrupt = new AbortController();
  const force = (): void => process.exit(ExitCode.interrupted);
  const onSigint = (): void => {
    output.err('conform: interrupted; finishing the running test and deleting what the run created (Ctrl-C again to force)');
    interrupt.abort();
    process.once('SIGINT', force);
  };
  process.once('SIGINT', onSigint);
  output.err(`conform: seed ${seed} (replay with --seed ${seed})`);
  // A run on a user's quota-limited deployment is sized to a request budget, and says what the quota
  // costs, before it starts; `--budget N` sizes any run.
  const chosenBudget = options.budget ?? config.budget;
  if (target || typeof chosenBudget === 'number') {
    const { runEstimator, sizeToBudget } = await import('../run/request-budget.ts');
    const { quotaNotice, strictestQuota } = await import('../run/quota-notice.ts');
    // A size the user gave is theirs to spend; the default budget only replaces the default size.
    const sizeGiven = options.maxExamples !== undefined || config.maxExamples !== undefined || runOptions.sequences !== undefined;
    for (const [index, plan] of plans.entries()) {
      const estimator = await runEstimator(plan, runOptions);
      const quotaLimited = target !== undefined && strictestQuota(estimator.model) !== undefined;
      const budget = chosenBudget === 'none' ? undefined : (chosenBudget ?? (quotaLimited && !sizeGiven ? DEFAULT_QUOTA_BUDGET : undefined));
      const budgeted = budget === undefined ? undefined : sizeToBudget(estimator, budget, sizeOfPlan(plan, runOptions));
      if (budgeted) plans[index] = { ...plan, size: budgeted.size };
      const size = budgeted?.size ?? sizeOfPlan(plan, runOptions);
      const notice = quotaNotice(plan.api, estimator.model, size, budgeted?.estimate ?? estimator.at(size), budgeted, target !== undefined && runOptions.quotaPacing !== false);
      if (notice) output.err(`conform: ${notice}`);
    }
  }

  const multi = plans.length > 1;
  const allureResultsDir = join(out, 'allure-results');
  rmSync(allureResultsDir, { recursive: true, force: true });
  const progress = {
    testFinished: (name: string, state: TestState, note?: string) => {
      if (options.quiet) return;
      const mark = PROGRESS_MARK[state];
      output.err(`${mark} ${name}${note ? `  (${note})` : ''}`);
    },
  };
  // Waits the suites report from their workers (a quota's hold, a 429's Retry-After): a run that is
  // silent for a minute must say why, also under --quiet (which drops the per-test lines only).
  const { listenToProgress } = await import('../../transport/progress-channel.ts');
  const stopListening = listenToProgress((note) => output.err(`conform: ${note.api}: ${note.text}`));
  let results: ApiRunResult[] = [];
  // Allure's HTML is rendered by a process of its own that loads Allure, and reads the results while the
  // suites run; it renders once the verdict is known (the page's title carries it). With a deviations
  // file it reads the results only then: they are rewritten first, to mark the known ones.
  const renderer = startAllureRenderer(join(out, 'html'), allureResultsDir, { deferIngest: deviations !== undefined });
  try {
    results = await executePlans(
      plans.map((plan) => ({ plan, outDir: multi ? join(out, plan.api) : out })),
      runOptions,
      allureResultsDir,
      progress,
      interrupt.signal,
    );
  } catch (error: unknown) {
    renderer.cancel();
    throw error;
  } finally {
    stopListening();
    process.off('SIGINT', onSigint);
    process.off('SIGINT', force);
  }
  if (deviations && options.knownDeviations) results = await applyDeviationsToResults(results, deviations, options.knownDeviations);
  if (options.requireSuites) results = results.map((result) => ({ ...result, requireSuites: true }));
  printRunSummary(results, await renderHtml(renderer, allureResultsDir, results), output, principalProblems);
  if (interrupt.signal.aborted) {
    output.out('INTERRUPTED: the verdict above covers only what ran before Ctrl-C');
    return ExitCode.interrupted;
  }
  return exitCodeOf(results);
}

async function fixturesFor(config: ConformConfig, file: string | undefined): Promise<FixturesByApi | undefined> {
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`${file}: no such fixtures file`);
    return loadFixturesFile(file);
  }
  if (typeof config.fixtures === 'string') return loadFixturesFile(config.fixtures);
  return config.fixtures === undefined ? undefined : parseFixtures(config.fixtures, 'config: fixtures');
}

function withAccept(accept: Readonly<Record<string, string>> | undefined): { accept?: Readonly<Record<string, string>> } {
  return accept === undefined ? {} : { accept };
}

/**
 * Renders the run's HTML report: known deviations marked in the Allure results, the run's verdict,
 * target, seed and version as its environment and title. A report that cannot be written is a line
 * of the summary, never a failed run.
 */
async function renderHtml(renderer: AllureRenderer, resultsDir: string, results: readonly ApiRunResult[]): Promise<AllureHtml> {
  if (existsSync(resultsDir) && readdirSync(resultsDir).length > 0) {
    try {
      await markKnownDeviations(resultsDir, results);
      await writeRunEnvironment(resultsDir, results);
    } catch (error: unknown) {
      renderer.cancel();
      return { problem: `could not prepare the Allure results: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return renderer.render(reportTitle(results));
}
