/**
 * A process that renders Allure's HTML report with Allure 3's own library (`@allurereport/core`, what
 * `allure generate` runs), started before the results exist: it loads Allure and opens the report
 * (about 0.7 s of CPU, mostly module loading) while the suites run, and reads each result as it appears
 * in the results directory (see ResultsIngest), or, told `defer`, only once they are complete (the
 * run rewrites them first: known deviations). One line on stdin, `render` and optionally a JSON
 * object `{"name": ...}`, says the results are complete: it reads what is left and writes the report,
 * one HTML file that opens from disk (Allure's single-file mode), titled `name`. stdin closing without
 * that line ends it without rendering. Arguments: the output directory, the folder whose Allure
 * configuration (allurerc) applies, as `allure generate` there would read it, the results directory,
 * and `stream` or `defer`. Exit 0 rendered or told nothing, 1 failed (the cause on stderr, one line).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const [htmlDir, configDir = process.cwd(), resultsDir, mode = 'stream'] = process.argv.slice(2);

/** Set (to anything): a line on stderr for each result read, for a test to see when one was. */
const TRACE_ENV = 'CONFORM_ALLURE_TRACE';

/** How often the results directory is read while the suites run: results come by the hundred over seconds. */
const SCAN_MS = 200;

/**
 * Reads the results of a directory into the report as they appear, each once, so that little is left
 * to read once the suites are done: reading and converting ~200 results was ~0.13 s of the ~0.45 s the
 * report took after the last test. Writers put a file in place whole (renamed from a temporary name),
 * so a name that appears is complete; Allure's own reader skips the temporary `.tmp` names the same way.
 */
class ResultsIngest {
  readonly #dir: string;
  readonly #read = new Set<string>();
  readonly #readFile: (path: string) => Promise<void>;
  readonly #stop = new AbortController();
  readonly #polling: Promise<void>;

  constructor(dir: string, readFile: (path: string) => Promise<void>) {
    this.#dir = dir;
    this.#readFile = readFile;
    this.#polling = this.#poll();
  }

  /** Stops watching. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#polling;
  }

  /** Stops watching and reads what is still unread. */
  async finish(): Promise<void> {
    await this.stop();
    await this.#scan();
  }

  async #poll(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      await this.#scan();
      // Ended at once by finish(): the render must not wait out a pause.
      await sleep(SCAN_MS, undefined, { signal: this.#stop.signal }).catch(() => undefined);
    }
  }

  async #scan(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.#dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    } catch {
      return; // Not created yet.
    }
    for (const name of names.sort()) {
      if (this.#read.has(name) || name.endsWith('.tmp')) continue;
      this.#read.add(name);
      await this.#readFile(join(this.#dir, name)).then(
        () => {
          if (process.env[TRACE_ENV]) process.stderr.write(`read ${name}\n`);
        },
        (error: unknown) => {
          process.stderr.write(`can't read result file ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
        },
      );
    }
  }
}

/** The report's title from the render line's JSON, if it gives one. */
function renderName(json: string): string | undefined {
  if (json.trim() === '') return undefined;
  const parsed = JSON.parse(json) as { name?: unknown };
  return typeof parsed.name === 'string' && parsed.name !== '' ? parsed.name : undefined;
}

async function main(): Promise<number> {
  if (!htmlDir || !resultsDir) throw new Error('usage: render-process <html-dir> <config-dir> <results-dir>');
  const { AllureReport, readConfig } = await import('@allurereport/core');
  // One file: the page's own fetch() of its data is refused under file://, so a multi-file report
  // opened from disk (or from a CI artifact) shows only a spinner.
  const report = new AllureReport(await readConfig(configDir, undefined, { output: htmlDir, plugins: { awesome: { options: { singleFile: true } } } }));
  await report.start();
  const read = (path: string): Promise<void> => report.readFile(path);
  const ingest = mode === 'defer' ? undefined : new ResultsIngest(resultsDir, read);
  let told: string | undefined;
  for await (const line of createInterface({ input: process.stdin })) {
    told = line.trim();
    break;
  }
  // Told nothing: whatever is still unread will not be rendered, so it is not read either.
  if (told === undefined || !told.startsWith('render')) {
    await ingest?.stop();
    return 0;
  }
  const name = renderName(told.slice('render'.length));
  // The title is known only now (it carries the verdict); Allure reads it from here when it writes the report.
  if (name) (report as unknown as { reportName: string }).reportName = name;
  await (ingest ?? new ResultsIngest(resultsDir, read)).finish();
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
