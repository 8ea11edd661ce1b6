import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', 'bin', 'conform.js');

/** Runs the CLI with its stdout read up to the first line and then closed, as `conform … | head -1` does. */
function runIntoClosedPipe(args: readonly string[]): Promise<{ status: number | null; firstLine: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let seen = '';
    let firstLine = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const end = seen.indexOf('\n');
      if (end >= 0 && firstLine === '') {
        firstLine = seen.slice(0, end);
        // The reader goes away, as head does after its lines.
        child.stdout.destroy();
      }
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, firstLine, stderr }));
  });
}

describe('a reader that closes the pipe early (conform … | head -1)', () => {
  it('should let conform faults finish with exit 0 and no stack trace', async () => {
    // Act
    const run = await runIntoClosedPipe(['faults']);

    // Assert
    expect(run.firstLine).toMatch(/caught by/);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.status).toBe(0);
  }, 60_000);

  it('should let conform run finish its run, reports and exit status included, with no stack trace', async () => {
    // Arrange
    const out = join(mkdtempSync(join(tmpdir(), 'conform-closed-pipe-')), 'reports');

    // Act
    // A small run (two examples an operation): what matters is that it goes on to its end.
    const run = await runIntoClosedPipe(['run', 'img', '--max-examples', '2', '--out', out]);

    // Assert: the run went on to its end, as if its output had been read
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.status).toBe(0);
    expect((JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { ok: boolean }).ok).toBe(true);
  }, 180_000);
});
