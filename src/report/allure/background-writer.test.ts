import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemWriter, InMemoryWriter, type Writer } from 'allure-js-commons/sdk/reporter';
import type { Vitest } from 'vitest/node';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundResultsWriter } from './background-writer.ts';
import { StreamingAllureReporter } from './streaming-reporter.ts';

type TestResult = Parameters<Writer['writeResult']>[0];
type TestResultContainer = Parameters<Writer['writeGroup']>[0];

const RESULT = {
  uuid: '5b3e0c2a-0000-4000-8000-000000000001',
  name: 'lists images',
  fullName: 'glance contract > lists images',
  status: 'passed',
  stage: 'finished',
  start: 1_700_000_000_000,
  stop: 1_700_000_000_020,
  labels: [{ name: 'suite', value: 'glance' }],
  links: [],
  parameters: [],
  steps: [],
  attachments: [{ name: 'exchange', source: '5b3e0c2a-attachment.json', type: 'application/json' }],
} as unknown as TestResult;
const CONTAINER = { uuid: '5b3e0c2a-0000-4000-8000-000000000002', name: 'glance', children: [RESULT.uuid], befores: [], afters: [] } as unknown as TestResultContainer;

/** A directory's files and their contents. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

describe('BackgroundResultsWriter', () => {
  const dirs: string[] = [];
  const scratch = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-allure-writer-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("should write the files Allure's own writer writes, once flushed", async () => {
    // Arrange
    const own = join(scratch(), 'results');
    const ours = join(scratch(), 'results');
    const allure = new FileSystemWriter({ resultsDir: own });
    const writer = new BackgroundResultsWriter(ours, allure);
    // Act
    for (const target of [allure, writer]) {
      target.writeResult(RESULT);
      target.writeGroup(CONTAINER);
      target.writeAttachment('5b3e0c2a-attachment.json', Buffer.from('{"status":200}'));
    }
    await writer.flushed();
    // Assert
    expect(Object.keys(contents(ours)).sort()).toEqual([`${RESULT.uuid}-result.json`, `${CONTAINER.uuid}-container.json`, '5b3e0c2a-attachment.json'].sort());
    expect(contents(ours)).toEqual(contents(own));
  });

  it('should hand what it does not write itself to the writer it replaces', () => {
    // Arrange
    const fallback = new InMemoryWriter();
    const writer = new BackgroundResultsWriter(join(scratch(), 'results'), fallback);
    // Act
    writer.writeEnvironmentInfo({ target: 'http://127.0.0.1:1' });
    writer.writeCategoriesDefinitions([{ name: 'deviations' }]);
    // Assert
    expect(fallback.envInfo).toEqual({ target: 'http://127.0.0.1:1' });
    expect(fallback.categories).toEqual([{ name: 'deviations' }]);
  });

  it('should reject when flushed after a write failed', async () => {
    // Arrange: the results directory disappears under it.
    const dir = join(scratch(), 'results');
    const writer = new BackgroundResultsWriter(dir, new InMemoryWriter());
    rmSync(dir, { recursive: true });
    // Act
    writer.writeResult(RESULT);
    // Assert
    await expect(writer.flushed()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('StreamingAllureReporter', () => {
  it("should replace allure-vitest's writer with the background one", () => {
    // Arrange: allure-vitest keeps its runtime in a field of its own; an upgrade that moves it fails here.
    const reporter = new StreamingAllureReporter({ resultsDir: join(tmpdir(), 'conform-allure-unused') });
    // Act
    reporter.onInit({ projects: [] } as unknown as Vitest);
    // Assert
    expect(reporter.backgroundWriter).toBeInstanceOf(BackgroundResultsWriter);
  });
});
