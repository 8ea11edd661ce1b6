import AllureVitestReporter from 'allure-vitest/reporter';
import type { TestModule, Vitest } from 'vitest/node';

/**
 * allure-vitest's reporter, writing each suite file's results when that file ends instead of every
 * file's at the end of the run. Its writer works synchronously on vitest's main thread (JSON, a
 * temporary file, fsync, rename per result: ~0.4 s for `npm start`'s 500 tests), and at the end of the
 * run that work stood between the last test and the HTML report; a file ending earlier pays it while
 * other files still run. The results are the same: the same method writes them.
 */
export class StreamingAllureReporter extends AllureVitestReporter {
  #vitest: Vitest | undefined;
  readonly #written = new Set<string>();

  override onInit(vitest: Vitest): void {
    super.onInit(vitest);
    this.#vitest = vitest;
  }

  onTestModuleEnd(testModule: TestModule): void {
    const task = this.#vitest?.state.idMap.get(testModule.id);
    if (!task) return;
    this.handleTask(task);
    this.#written.add(testModule.id);
  }

  override onTestRunEnd(testModules: readonly TestModule[]): void {
    super.onTestRunEnd(testModules.filter((testModule) => !this.#written.has(testModule.id)));
  }
}
