import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Renders Allure results into an HTML report with Allure 3's own CLI (pure JS, no Java). Resolves to
 * the index path, or undefined (with the reason) when there is nothing to render or rendering failed:
 * a missing HTML report must not turn a conformant run into a failed one.
 */
export async function renderAllureHtml(resultsDir: string, htmlDir: string): Promise<{ index?: string; problem?: string }> {
  if (!existsSync(resultsDir) || readdirSync(resultsDir).length === 0) return { problem: 'no Allure results were written' };
  const require = createRequire(import.meta.url);
  // The package exports no subpaths; its CLI sits next to the `dist/` its main entry lives in.
  const cli = join(dirname(require.resolve('allure')), '..', 'cli.js');
  const output: string[] = [];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [cli, 'generate', resultsDir, '-o', htmlDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('close', (status) => resolve(status ?? 1));
    child.on('error', () => resolve(1));
  });
  const index = join(htmlDir, 'index.html');
  if (code !== 0 || !existsSync(index)) return { problem: `allure generate failed: ${output.join('').trim().split('\n').at(-1) ?? `exit ${code}`}` };
  return { index };
}
