import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conform } from './support/conform-cli.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'conform.js');
const SEED = 17;
const EXAMPLES = 4;

/** A request as both sides can say it: method, path with query, and the body as text. */
interface Sent {
  readonly request: string;
  readonly body: string;
}

interface PrintedCase {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body?: unknown;
}

/** What `conform cases --json` prints for one operation and phase. */
async function printedCases(document: string, operationId: string, mode: string): Promise<Sent[]> {
  const { status, stdout, stderr } = await conform(['cases', document, '--operation', operationId, '--count', String(EXAMPLES), '--seed', String(SEED), '--mode', mode, '--json']);
  expect(status, stderr).toBe(0);
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PrintedCase)
    .map((printed) => ({ request: `${printed.method} ${printed.path}${printed.query ? `?${printed.query}` : ''}`, body: printed.body === undefined ? '' : JSON.stringify(printed.body) }));
}

interface HarEntry {
  readonly _operationId: string;
  readonly request: { readonly method: string; readonly url: string; readonly postData?: { readonly text: string } };
}

/** The first `count` requests `conform run` sent for an operation, in order, from its HAR. */
function sentByRun(out: string, operationId: string, count: number): Sent[] {
  const har = JSON.parse(readFileSync(join(out, 'exchanges.har'), 'utf8')) as { log: { entries: HarEntry[] } };
  return har.log.entries
    .filter((entry) => entry._operationId === operationId)
    .slice(0, count)
    .map((entry) => {
      const url = new URL(entry.request.url);
      const body = entry.request.postData?.text;
      return { request: `${entry.request.method} ${url.pathname}${url.search}`, body: body === undefined || body === '' ? '' : JSON.stringify(JSON.parse(body)) };
    });
}

// One seed derivation: what `conform cases --seed S` prints is what `conform run --seed S` sends first
// for that operation (its positive phase), request for request, against a deployment it did not start.
describe('conform cases prints what conform run sends', () => {
  const work = mkdtempSync(join(tmpdir(), 'conform-cases-run-'));
  let prime: ProcessServer;

  beforeAll(async () => {
    prime = await startProcessServer(CLI, ['serve', 'prime', '--port', '0', '--rate-window-ms', '1'], { cwd: ROOT });
  });

  afterAll(async () => {
    await prime?.close();
  });

  it.each([
    ['list_images_api_v1_images_get', 'a list with optional filters (the phase opens with them left out)'],
    ['update_image_visibility_api_v1_images__image_name___image_tag__visibility_patch', 'a PATCH with a JSON body'],
  ])('should print the first requests of %s, %s, as the run sends them', async (operationId) => {
    // Arrange
    const document = join(ROOT, 'specs', 'prime-intellect.yaml');
    const out = join(work, operationId);

    // Act
    const printed = await printedCases(document, operationId, 'positive');
    const run = await conform(['run', document, '--target', prime.url, '--include', operationId, '--seed', String(SEED), '--max-examples', String(EXAMPLES), '--no-quota-pacing', '--out', out, '--quiet']);

    // Assert
    expect([0, 1], run.stderr).toContain(run.status);
    expect(printed.length).toBeGreaterThanOrEqual(EXAMPLES);
    expect(sentByRun(out, operationId, printed.length)).toEqual(printed);
  });
});
