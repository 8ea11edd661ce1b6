/**
 * A process that renders Allure's HTML report with Allure 3's own library (`@allurereport/core`, what
 * `allure generate` runs), started before the results exist: it loads Allure and opens the report
 * (about 0.7 s of CPU, mostly module loading) while the suites run, then waits for one line on stdin,
 * the results directory, reads it and writes the report. stdin closing without that line ends it
 * without rendering. Arguments: the output directory, and the folder whose Allure configuration
 * (allurerc) applies, as `allure generate` there would read it. Exit 0 rendered or told nothing, 1 failed (the
 * cause on stderr, one line).
 */
import { createInterface } from 'node:readline';

const [htmlDir, configDir = process.cwd()] = process.argv.slice(2);

async function main(): Promise<number> {
  if (!htmlDir) throw new Error('usage: allure-render-process <html-dir> [config-dir]');
  const { AllureReport, readConfig } = await import('@allurereport/core');
  const report = new AllureReport(await readConfig(configDir, undefined, { output: htmlDir }));
  await report.start();
  let resultsDir: string | undefined;
  for await (const line of createInterface({ input: process.stdin })) {
    resultsDir = line.trim();
    break;
  }
  if (!resultsDir) return 0;
  await report.readDirectory(resultsDir);
  await report.done();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}\n`);
    process.exit(1);
  },
);
