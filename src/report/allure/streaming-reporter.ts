import AllureVitestReporter, { type AllureVitestReporterConfig } from 'allure-vitest/reporter';
import type { Writer } from 'allure-js-commons/sdk/reporter';
import type { TestModule, Vitest } from 'vitest/node';
import { BackgroundResultsWriter } from './background-writer.ts';

/**
 * allure-vitest's reporter, writing each suite file's results when that file ends instead of every
 * file's at the end of the run. Its writer works synchronously on vitest's main thread (JSON, a
 * temporary file, fsync, rename per result: ~0.35 s for `npm start`'s ~200 results), and at the end of the
 * run that work stood between the last test and the HTML report; a file ending earlier pays it while
 * other files still run. The results are the same: the same method writes them, through a
 * {@link BackgroundResultsWriter} that keeps the disk off that thread; the run ends once they are on disk.
 */
export class StreamingAllureReporter extends AllureVitestReporter {
  #vitest: Vitest | undefined;
  readonly #written = new Set<string>();
  readonly #resultsDir: string;
  #writer: BackgroundResultsWriter | undefined;

  constructor(config: AllureVitestReporterConfig) {
    super(config);
    this.#resultsDir = config.resultsDir ?? './allure-results';
  }

  override onInit(vitest: Vitest): void {
    super.onInit(vitest);
    this.#vitest = vitest;
    // allure-vitest builds its runtime's writer itself, from no option; the runtime's writer is public.
    const runtime = (this as unknown as { allureReporterRuntime?: { writer: Writer } }).allureReporterRuntime;
    if (runtime) runtime.writer = this.#writer = new BackgroundResultsWriter(this.#resultsDir, runtime.writer);
  }

  onTestModuleEnd(testModule: TestModule): void {
    const task = this.#vitest?.state.idMap.get(testModule.id);
    if (!task) return;
    this.handleTask(task);
    this.#written.add(testModule.id);
  }

  override async onTestRunEnd(testModules: readonly TestModule[]): Promise<void> {
    super.onTestRunEnd(testModules.filter((testModule) => !this.#written.has(testModule.id)));
    await this.#writer?.flushed();
  }

  /** The writer in use, for tests: undefined when allure-vitest no longer keeps its runtime where this reporter looks. */
  get backgroundWriter(): BackgroundResultsWriter | undefined {
    return this.#writer;
  }
}
