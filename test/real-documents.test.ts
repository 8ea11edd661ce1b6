import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusRows } from '../scripts/corpus-table.ts';
import { conform } from './support/conform-cli.ts';

// Big public documents nobody here wrote for conform (test/fixtures/real-documents/, each with its
// licence): OpenAI's 3.1 document (2.3.0, MIT) made `conform cases --mode negative` grow until V8
// aborted, on a string allowed 70 million characters and unions of large items in arrays.
const FOLDER = join(import.meta.dirname, 'fixtures', 'real-documents');
const OPENAI = join(FOLDER, 'openai-2.3.0.yaml');

describe("OpenAI's public OpenAPI 3.1 document", () => {
  it.each(['negative', 'boundary', 'positive'] as const)('should give 60 %s cases an operation within a 1 GiB heap, exit 0, one line per case', async (mode) => {
    // Act: the heap is capped as a user's CI might; going over it aborts the process (exit 134), not a slow pass
    const run = await conform(['cases', OPENAI, '--count', '60', '--seed', '7', '--mode', mode, '--json'], { NODE_OPTIONS: '--max-old-space-size=1024' });

    // Assert
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(288 * 10);
    expect(lines.every((line) => JSON.parse(line) !== null)).toBe(true);
    expect(run.stderr).not.toMatch(/heap out of memory|\n\s+at /);
  }, 600_000);

  it('should load, and give positive cases its own schemas accept (judged by Ajv)', async () => {
    // Act: the positive cases only (the negative and boundary ones are the test above)
    const [row] = await corpusRows(FOLDER, { count: 2, seed: 7, leave: (_document, _operation, mode) => mode !== 'positive' });

    // Assert
    expect(row).toMatchObject({ document: 'openai-2.3.0.yaml', loaded: true, usable: 288, failures: [] });
    expect(row?.positiveJudged).toBeGreaterThan(500);
    expect(row?.invalidPositive.length ?? 1, JSON.stringify(row?.invalidPositive.slice(0, 5))).toBeLessThanOrEqual(Math.floor((row?.positiveJudged ?? 0) * 0.005));
  }, 600_000);
});
