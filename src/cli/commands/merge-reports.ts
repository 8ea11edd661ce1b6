import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { loadKnownDeviations } from '../../report/known-deviations.ts';
import type { CliOutput } from '../output.ts';
import { renderAllureHtml } from '../../report/allure/html.ts';
import { applyDeviationsToResults } from '../run/apply-deviations.ts';
import { exitCodeOf } from '../run/verdict.ts';
import { mergeAllureResults, mergeShardOutputs } from '../run/merge-shards.ts';
import { printRunSummary } from '../run/print-summary.ts';
import type { RegisterCommand } from './command.ts';

interface MergeReportsOptions {
  out?: string;
  knownDeviations?: string;
}

/** `conform merge-reports DIR...`: one set of reports from the `--out` folders of `conform run --shard i/n`. */
export const registerMergeReports: RegisterCommand = (program, output, setExit) => {
  program
    .command('merge-reports')
    .description('join the outputs of conform run --shard i/n into one summary.json, junit.xml, exchanges.har and Allure HTML; exit code as conform run')
    .argument('<dirs...>', 'the --out folder of every shard')
    .option('--out <dir>', 'where the merged reports go (default: reports/merged)')
    .option('--known-deviations <file>', 'YAML of accepted findings, as for conform run')
    .action(async (dirs: string[], options: MergeReportsOptions) => {
      setExit(await mergeReports(dirs, options, output));
    });
};

async function mergeReports(dirs: readonly string[], options: MergeReportsOptions, output: CliOutput): Promise<number> {
  if (dirs.length === 0) throw new UsageError('give the --out folder of every shard');
  const deviations = options.knownDeviations ? await loadKnownDeviations(options.knownDeviations) : undefined;
  const out = resolve(options.out ?? join('reports', 'merged'));
  let results = await mergeShardOutputs(dirs, out);
  if (deviations && options.knownDeviations) results = await applyDeviationsToResults(results, deviations, options.knownDeviations);
  const allureResults = join(out, 'allure-results');
  mergeAllureResults(dirs.map((dir) => resolve(dir)), allureResults);
  const html = await renderAllureHtml(allureResults, join(out, 'html'));
  printRunSummary(results, html, output);
  // The same verdict as conform run on the merged result.
  return exitCodeOf(results);
}
