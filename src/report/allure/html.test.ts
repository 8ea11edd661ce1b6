import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAllureHtml, startAllureRenderer } from './html.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A results directory holding one passed test named `name`. */
function results(name: string): { root: string; resultsDir: string; htmlDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'conform-allure-'));
  dirs.push(root);
  const resultsDir = join(root, 'allure-results');
  mkdirSync(resultsDir);
  const result = { uuid: '3f6f1a52-0000-4000-8000-000000000001', name, fullName: `suite > ${name}`, status: 'passed', stage: 'finished', start: 1_700_000_000_000, stop: 1_700_000_000_010, labels: [], steps: [], attachments: [], parameters: [], links: [] };
  writeFileSync(join(resultsDir, `${result.uuid}-result.json`), JSON.stringify(result));
  return { root, resultsDir, htmlDir: join(root, 'html') };
}

describe('startAllureRenderer', () => {
  it('renders the results it is given once they exist', async () => {
    const { root, htmlDir } = results('unused');
    // The results are written after the renderer started, as vitest writes them during the run.
    const late = join(root, 'late-results');
    const renderer = startAllureRenderer(htmlDir, late);
    mkdirSync(late);
    writeFileSync(join(late, 'a-result.json'), readFileSync(join(root, 'allure-results', '3f6f1a52-0000-4000-8000-000000000001-result.json')).toString().replace('unused', 'written late'));
    const html = await renderer.render();
    expect(html).toEqual({ index: join(htmlDir, 'index.html') });
    expect(readFileSync(join(htmlDir, 'test-results.json'), 'utf8')).toContain('written late');
    expect(await renderer.render()).toBe(html);
  });

  it('reports no results as a problem, without an HTML directory', async () => {
    const { root, htmlDir } = results('x');
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(await startAllureRenderer(htmlDir, empty).render()).toEqual({ problem: 'no Allure results were written' });
    expect(await startAllureRenderer(htmlDir, join(root, 'absent')).render()).toEqual({ problem: 'no Allure results were written' });
    expect(existsSync(htmlDir)).toBe(false);
  });

  it('renders nothing once cancelled', async () => {
    const { resultsDir, htmlDir } = results('x');
    const renderer = startAllureRenderer(htmlDir, resultsDir);
    renderer.cancel();
    expect(await renderer.render()).toEqual({ problem: 'not rendered' });
    expect(existsSync(htmlDir)).toBe(false);
  });

  it("reads Allure's configuration from the folder conform runs in, as allure generate there would", async () => {
    const { root, resultsDir, htmlDir } = results('x');
    writeFileSync(join(root, 'allurerc.json'), JSON.stringify({ name: 'Named by allurerc' }));
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect((await startAllureRenderer(htmlDir, resultsDir).render()).index).toBeDefined();
    } finally {
      process.chdir(cwd);
    }
    const summary: unknown = JSON.parse(readFileSync(join(htmlDir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ name: 'Named by allurerc' });
  });

  it('turns a failed rendering into a problem line, not a rejection', async () => {
    const { root, resultsDir } = results('x');
    writeFileSync(join(root, 'a-file'), '');
    const html = await renderAllureHtml(resultsDir, join(root, 'a-file', 'html'));
    expect(html.index).toBeUndefined();
    expect(html.problem).toMatch(/^allure generate failed: .+/);
  });
});

describe('the renderer process', () => {
  /** The process group of `pid` (Linux: field 5 of /proc/<pid>/stat). */
  const groupOf = (pid: number | string): string => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[2] ?? '';

  it('is outside conform\'s process group, which a Ctrl-C at the terminal reaches', async () => {
    const { resultsDir, htmlDir } = results('after ctrl-c');
    const renderer = startAllureRenderer(htmlDir, resultsDir);
    expect(renderer.pid).toBeDefined();
    expect(groupOf(renderer.pid ?? 0)).not.toBe(groupOf('self'));
    expect((await renderer.render()).index).toBe(join(htmlDir, 'index.html'));
  });

  it('runs below conform, in its own session\'s scheduling group too', async () => {
    const { resultsDir, htmlDir } = results('lowered');
    const renderer = startAllureRenderer(htmlDir, resultsDir);
    const pid = renderer.pid ?? 0;
    // Linux with autogroups: a session of its own is a scheduling group of its own, ranked against conform's by the group's niceness.
    const autogroup = existsSync(`/proc/${pid}/autogroup`) ? readFileSync(`/proc/${pid}/autogroup`, 'utf8') : undefined;
    const niceness = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[16]);
    expect(niceness).toBe(19);
    if (autogroup !== undefined) {
      expect(autogroup).toMatch(/ nice 19\n?$/);
      expect(autogroup).not.toBe(readFileSync('/proc/self/autogroup', 'utf8'));
    }
    expect((await renderer.render()).index).toBe(join(htmlDir, 'index.html'));
  });

  it('reads each result as it appears, before it is told to render', async () => {
    // Arrange
    const { root, resultsDir, htmlDir } = results('read early');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'render-process.ts'), htmlDir, root, resultsDir], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, CONFORM_ALLURE_TRACE: '1' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let stderr = '';
    const read = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('-result.json')) resolve();
      });
    });
    // Act: once the renderer has read the result, the file goes; only a renderer that read it early still has it.
    await Promise.race([read, exited]);
    for (const name of readdirSync(resultsDir)) rmSync(join(resultsDir, name));
    child.stdin.end('render\n');
    // Assert
    expect(await exited).toBe(0);
    expect(readFileSync(join(htmlDir, 'test-results.json'), 'utf8')).toContain('read early');
  });

  it('ends without rendering when its stdin closes without a results directory', async () => {
    const { root, resultsDir, htmlDir } = results('x');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'render-process.ts'), htmlDir, root, resultsDir], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(existsSync(htmlDir)).toBe(false);
  });
});
