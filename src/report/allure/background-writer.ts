import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Writer } from 'allure-js-commons/sdk/reporter';
import { writeWhole } from '../../run/write-whole.ts';

type TestResult = Parameters<Writer['writeResult']>[0];
type TestResultContainer = Parameters<Writer['writeGroup']>[0];
type EnvironmentInfo = Parameters<Writer['writeEnvironmentInfo']>[0];
type Category = Parameters<Writer['writeCategoriesDefinitions']>[0][number];
type Globals = Parameters<Writer['writeGlobals']>[1];

/**
 * An Allure results writer for what a reporter writes per test (results, containers, attachments):
 * the same files Allure's own FileSystemWriter writes, each renamed into place once whole, but written
 * through libuv's thread pool and without an fsync. allure-vitest's writer works synchronously on
 * vitest's main thread, which under `conform run` also serves the embedded targets: every fsync held
 * up their answers to the suite workers (~0.2 s of a `npm start` run). What a crash would lose is the
 * run's report either way. The rest (environment, categories, globals, attachments copied from a path)
 * still goes to `fallback`, Allure's own writer.
 */
export class BackgroundResultsWriter implements Writer {
  readonly #resultsDir: string;
  readonly #fallback: Writer;
  readonly #pending = new Set<Promise<void>>();
  #failure: Error | undefined;
  #written = 0;

  constructor(resultsDir: string, fallback: Writer) {
    this.#resultsDir = resultsDir;
    this.#fallback = fallback;
    mkdirSync(resultsDir, { recursive: true });
  }

  writeResult(result: TestResult): void {
    this.#write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(result: TestResultContainer): void {
    this.#write(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.#write(distFileName, content);
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    this.#fallback.writeAttachmentFromPath(distFileName, from);
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.#fallback.writeEnvironmentInfo(info);
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.#fallback.writeCategoriesDefinitions(categories);
  }

  writeGlobals(distFileName: string, info: Globals): void {
    this.#fallback.writeGlobals(distFileName, info);
  }

  /** Resolves once everything written so far is on disk; rejects with the first write that failed. */
  async flushed(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
    if (this.#failure) throw this.#failure;
  }

  #write(name: string, data: string | Buffer): void {
    const path = join(this.#resultsDir, name);
    // A `.tmp` name: Allure's reader and the renderer's (render-process.ts) skip those.
    const aside = join(this.#resultsDir, `.conform-write-${process.pid}-${(this.#written += 1)}.tmp`);
    const write: Promise<void> = writeWhole(path, data, aside)
      .catch((error: unknown) => {
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => this.#pending.delete(write));
    this.#pending.add(write);
  }
}
